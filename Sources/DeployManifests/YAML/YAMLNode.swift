/// Where a node starts in its file: 1-based line and column.
public struct SourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// A position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position given to nodes a program built rather than parsed.
    public static let generated = SourcePosition(line: 0, column: 0)

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// How a scalar was written. Only plain scalars resolve to numbers, booleans and null.
public enum YAMLScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded

    /// Whether the scalar is plain, the one style whose type depends on its text.
    public var isPlain: Bool { self == .plain }
}

/// One key/value pair of a mapping, in the order written; duplicate keys are kept.
public struct YAMLPair: Sendable, Hashable {
    /// The key.
    public var key: YAMLNode
    /// The value.
    public var value: YAMLNode

    /// A pair.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A YAML node with its tag and source position: the level at which manifests are read.
///
/// Unlike a decoded value, a node keeps what GitLab and CloudFormation rely on: custom tags
/// (`!reference`, `!Ref`), every key of a mapping, even duplicated ones, and where each node
/// was written. Equality compares content and tags, never positions or anchors, and treats
/// all non-plain scalar styles alike (they all mean "string").
public struct YAMLNode: Sendable, CustomStringConvertible {
    /// A scalar (its text and style), a sequence, or a mapping.
    public enum Content: Sendable {
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    /// What the node holds.
    public var content: Content
    /// The explicit tag (`!reference`, `!Ref`, `tag:yaml.org,2002:str`), or `nil`.
    public var tag: String?
    /// Where it starts in its file (``SourcePosition/generated`` when built in code).
    public var position: SourcePosition

    /// A node.
    public init(_ content: Content, tag: String? = nil, position: SourcePosition = .generated) {
        self.content = content
        self.tag = tag
        self.position = position
    }

    public var description: String { YAMLEmitter.emit(self).trimmingTrailingNewline }
}

extension YAMLNode: Hashable {
    public static func == (lhs: YAMLNode, rhs: YAMLNode) -> Bool {
        guard lhs.tag == rhs.tag else { return false }
        switch (lhs.content, rhs.content) {
        case (.scalar(let a, _), .scalar(let b, _)):
            return a == b && lhs.isStringScalar == rhs.isStringScalar
        case (.sequence(let a), .sequence(let b)):
            return a == b
        case (.mapping(let a), .mapping(let b)):
            return a == b
        default:
            return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(tag)
        switch content {
        case .scalar(let text, _):
            hasher.combine(0)
            hasher.combine(text)
            hasher.combine(isStringScalar)
        case .sequence(let items):
            hasher.combine(1)
            hasher.combine(items)
        case .mapping(let pairs):
            hasher.combine(2)
            hasher.combine(pairs)
        }
    }
}

// MARK: - Building

extension YAMLNode {
    /// A string scalar, written plain when that reads back as the same string, quoted otherwise.
    public static func string(_ text: String, position: SourcePosition = .generated) -> YAMLNode {
        let style: YAMLScalarStyle = YAMLScalarResolver.isPlainSafe(text) ? .plain : .doubleQuoted
        return YAMLNode(.scalar(text, style), position: position)
    }

    /// An integer scalar.
    public static func int(_ value: Int) -> YAMLNode { YAMLNode(.scalar(String(value), .plain)) }
    /// A boolean scalar.
    public static func bool(_ value: Bool) -> YAMLNode { YAMLNode(.scalar(value ? "true" : "false", .plain)) }
    /// `null`.
    public static var null: YAMLNode { YAMLNode(.scalar("null", .plain)) }

    /// A sequence (`!reference [a, b]` with a tag).
    public static func sequence(_ items: [YAMLNode], tag: String? = nil) -> YAMLNode {
        YAMLNode(.sequence(items), tag: tag)
    }

    /// A mapping with string keys, in order.
    public static func mapping(_ pairs: [(String, YAMLNode)]) -> YAMLNode {
        YAMLNode(.mapping(pairs.map { YAMLPair(key: .string($0.0), value: $0.1) }))
    }
}

// MARK: - Reading

extension YAMLNode {
    /// Whether the node is a scalar that reads as a string (quoted, or plain but no number, boolean or null).
    var isStringScalar: Bool {
        guard case .scalar(let text, let style) = content else { return false }
        if !style.isPlain { return true }
        if case .string = YAMLScalarResolver.resolve(text) { return true }
        return false
    }

    /// The scalar's text, whatever its resolved type.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The scalar's text when it is a string (quoted, or plain and not a number, boolean or null).
    public var string: String? {
        guard case .scalar(let text, let style) = content else { return nil }
        if !style.isPlain || tag == "tag:yaml.org,2002:str" { return text }
        switch YAMLScalarResolver.resolve(text) {
        case .string: return text
        default: return nil
        }
    }

    /// The value of a plain integer scalar.
    public var int: Int? {
        guard case .scalar(let text, let style) = content, style.isPlain else { return nil }
        if case .int(let value) = YAMLScalarResolver.resolve(text) { return value }
        return nil
    }

    /// The value of a plain boolean scalar.
    public var bool: Bool? {
        guard case .scalar(let text, let style) = content, style.isPlain else { return nil }
        if case .bool(let value) = YAMLScalarResolver.resolve(text) { return value }
        return nil
    }

    /// Whether the node is a plain `null`, `~` or empty scalar without a tag.
    public var isNull: Bool {
        guard tag == nil, case .scalar(let text, let style) = content, style.isPlain else { return false }
        if case .null = YAMLScalarResolver.resolve(text) { return true }
        return false
    }

    /// The items of a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The texts of a sequence's scalar items, or a scalar's own text as a list of one (`audience:
    /// x` and `audience: [x, y]` alike); empty for a mapping.
    public var scalarTexts: [String] {
        sequence?.compactMap(\.scalarText) ?? [scalarText].compactMap { $0 }
    }

    /// The pairs of a mapping, duplicates included.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// Whether the node is a mapping.
    public var isMapping: Bool { pairs != nil }

    /// The value of `key` in a mapping; with duplicated keys, the last one (as GitLab reads it).
    public subscript(key: String) -> YAMLNode? {
        pairs?.last(where: { $0.key.scalarText == key })?.value
    }

    /// The key node of `key` in a mapping (the last occurrence), for its position.
    public func keyNode(_ key: String) -> YAMLNode? {
        pairs?.last(where: { $0.key.scalarText == key })?.key
    }

    /// The mapping's entries with string keys, duplicates collapsed to the last value, first order kept.
    public var entries: [(key: String, value: YAMLNode)] {
        guard let pairs else { return [] }
        var order: [String] = []
        var values: [String: YAMLNode] = [:]
        for pair in pairs {
            guard let key = pair.key.scalarText else { continue }
            if values[key] == nil { order.append(key) }
            values[key] = pair.value
        }
        return order.map { ($0, values[$0]!) }
    }

    /// The node as a JSON-compatible value (`String`, `Int`, `Double`, `Bool`, `nil`, arrays, dictionaries).
    public var jsonValue: YAMLValue {
        switch content {
        case .scalar(let text, let style):
            if !style.isPlain || tag != nil { return .string(text) }
            return YAMLScalarResolver.resolve(text)
        case .sequence(let items):
            return .array(items.map(\.jsonValue))
        case .mapping:
            return .object(Dictionary(entries.map { ($0.key, $0.value.jsonValue) }, uniquingKeysWith: { $1 }))
        }
    }

    /// The number of nodes in this tree.
    public var nodeCount: Int {
        switch content {
        case .scalar: return 1
        case .sequence(let items): return items.reduce(1) { $0 + $1.nodeCount }
        case .mapping(let pairs): return pairs.reduce(1) { $0 + $1.key.nodeCount + $1.value.nodeCount }
        }
    }
}

extension String {
    var trimmingTrailingNewline: String {
        hasSuffix("\n") ? String(dropLast()) : self
    }
}
