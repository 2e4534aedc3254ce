import CYaml

/// The limits that keep a hostile document (an alias bomb, absurd nesting) bounded in time and memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Nodes a document may expand to, aliases counted at their full size.
    public var maximumNodes: Int
    /// How deep collections may nest.
    public var maximumDepth: Int
    /// The largest input accepted, in bytes.
    public var maximumBytes: Int
    /// Nodes a resolution may copy into a document (`${self:…}` values, `!reference` targets).
    public var maximumExpandedNodes: Int

    /// Limits; the defaults fit every real manifest many times over.
    public init(maximumNodes: Int = 1_000_000, maximumDepth: Int = 256, maximumBytes: Int = 16 << 20, maximumExpandedNodes: Int = 250_000) {
        self.maximumNodes = maximumNodes
        self.maximumDepth = maximumDepth
        self.maximumBytes = maximumBytes
        self.maximumExpandedNodes = maximumExpandedNodes
    }

    /// The default limits.
    public static let `default` = YAMLLimits()
}

/// A parsed YAML stream: every document, and the warnings found on the way (duplicate keys).
public struct YAMLStream: Sendable {
    /// Every document, in order.
    public var documents: [YAMLNode]
    /// `yaml.duplicate-key` warnings.
    public var findings: [Finding]
}

/// Composes YAML documents from libyaml's events (the copy Yams bundles).
///
/// Yams' own composer throws on a duplicated key and drops the document, while GitLab accepts
/// duplicates and keeps the last; its `compose_all` swallows errors. This composer keeps
/// every key, reports duplicates as `yaml.duplicate-key` warnings, keeps every tag and
/// position, throws parse errors with line and column, and bounds alias expansion and depth.
public enum YAMLParser {
    /// Parses every document of `text`; throws ``ManifestError`` with line and column for invalid YAML, or when a limit is passed.
    public static func parse(_ text: String, file: String? = nil, limits: YAMLLimits = .default) throws(ManifestError) -> YAMLStream {
        guard text.utf8.count <= limits.maximumBytes else {
            throw .tooLarge(file: file, what: "\(text.utf8.count) bytes (limit \(limits.maximumBytes))")
        }
        var composer = Composer(file: file, limits: limits)
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x0A] }
        return try bytes.withUnsafeBufferPointer { buffer throws(ManifestError) in
            try composer.run(buffer)
        }
    }
}

private struct Composer {
    let file: String?
    let limits: YAMLLimits
    var parser = yaml_parser_t()
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var expanded = 0

    init(file: String?, limits: YAMLLimits) {
        self.file = file
        self.limits = limits
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) throws(ManifestError) -> YAMLStream {
        guard yaml_parser_initialize(&parser) == 1 else { throw .yaml(file: file, line: 0, column: 0, problem: "libyaml could not start") }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var documents: [YAMLNode] = []
        while true {
            var event = try next()
            defer { yaml_event_delete(&event) }
            switch event.type {
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT:
                continue
            case YAML_STREAM_END_EVENT:
                let findings = documents.flatMap { DuplicateKeys.findings(in: $0, file: file) }
                return YAMLStream(documents: documents, findings: findings)
            case YAML_DOCUMENT_START_EVENT:
                anchors.removeAll()
                expanded = 0
                var root = try next()
                defer { yaml_event_delete(&root) }
                documents.append(try node(from: &root, depth: 0).node)
            default:
                throw error(at: event.start_mark, "unexpected event \(event.type.rawValue)")
            }
        }
    }

    private mutating func next() throws(ManifestError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
            let context = parser.context.map { String(cString: $0) + ": " } ?? ""
            throw error(at: parser.problem_mark, context + problem)
        }
        return event
    }

    private func error(at mark: yaml_mark_t, _ problem: String) -> ManifestError {
        .yaml(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1, problem: problem)
    }

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    /// Builds the node that starts with `event`; returns it with its expanded size.
    private mutating func node(from event: inout yaml_event_t, depth: Int) throws(ManifestError) -> (node: YAMLNode, size: Int) {
        guard depth <= limits.maximumDepth else {
            throw .tooLarge(file: file, what: "nesting deeper than \(limits.maximumDepth) levels at line \(event.start_mark.line + 1)")
        }
        let result: (node: YAMLNode, size: Int)
        let anchor: String?
        switch event.type {
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            guard let target = anchors[name] else { throw error(at: event.start_mark, "alias *\(name) names no anchor") }
            try count(target.size, at: event.start_mark)
            return target
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            try count(1, at: event.start_mark)
            result = (YAMLNode(.scalar(text, style(scalar.style)), tag: tag(scalar.tag), position: position(event.start_mark)), 1)
            anchor = string(scalar.anchor)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            try count(1, at: event.start_mark)
            var items: [YAMLNode] = []
            var size = 1
            while true {
                var item = try next()
                defer { yaml_event_delete(&item) }
                if item.type == YAML_SEQUENCE_END_EVENT { break }
                let child = try node(from: &item, depth: depth + 1)
                items.append(child.node)
                size += child.size
            }
            result = (YAMLNode(.sequence(items), tag: tag(start.tag), position: position(event.start_mark)), size)
            anchor = string(start.anchor)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            try count(1, at: event.start_mark)
            var pairs: [YAMLPair] = []
            var size = 1
            while true {
                var keyEvent = try next()
                defer { yaml_event_delete(&keyEvent) }
                if keyEvent.type == YAML_MAPPING_END_EVENT { break }
                let key = try node(from: &keyEvent, depth: depth + 1)
                var valueEvent = try next()
                defer { yaml_event_delete(&valueEvent) }
                let value = try node(from: &valueEvent, depth: depth + 1)
                pairs.append(YAMLPair(key: key.node, value: value.node))
                size += key.size + value.size
            }
            result = (YAMLNode(.mapping(pairs), tag: tag(start.tag), position: position(event.start_mark)), size)
            anchor = string(start.anchor)
        default:
            throw error(at: event.start_mark, "unexpected event \(event.type.rawValue)")
        }
        if let anchor { anchors[anchor] = result }
        return result
    }

    private mutating func count(_ nodes: Int, at mark: yaml_mark_t) throws(ManifestError) {
        expanded += nodes
        if expanded > limits.maximumNodes {
            throw .tooLarge(
                file: file, what: "more than \(limits.maximumNodes) nodes once aliases are expanded (line \(mark.line + 1)); an alias bomb?"
            )
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let tag = string(pointer), tag != "!" else { return nil }
        return tag
    }

    private func style(_ style: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
