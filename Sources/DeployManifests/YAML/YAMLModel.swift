/// A typed manifest value read from, and written back as, a YAML node.
public protocol YAMLModel: Sendable, Hashable {
    /// Reads the value; `path` names the node in errors.
    init(yaml: YAMLNode, path: String) throws(ManifestError)
    /// The value as a node, keys in a stable order.
    var yaml: YAMLNode { get }
}

/// Reads the keys of a mapping into typed fields; what no field took is kept in ``rest``.
struct NodeReader {
    let node: YAMLNode
    let path: String
    private var used: Set<String> = []

    init(_ node: YAMLNode, path: String, expected: String = "a mapping") throws(ManifestError) {
        guard node.isMapping else { throw .invalidValue(file: nil, path: path, line: node.position.line, expected: expected) }
        self.node = node
        self.path = path
    }

    /// The value of `key`; `nil` when absent or null. An unresolved `!reference` (its target
    /// is in a file this model cannot see) is left in ``rest``, as written.
    mutating func value(_ key: String) -> YAMLNode? {
        guard let value = node[key], !value.isUnresolvedReference else { return nil }
        used.insert(key)
        return value.isNull ? nil : value
    }

    mutating func string(_ key: String) throws(ManifestError) -> String? {
        guard let value = value(key) else { return nil }
        return try NodeReader.scalar(value, path: ManifestPath.key(path, key))
    }

    /// A string or a list of strings (nested lists flattened, as GitLab does for `script`).
    mutating func strings(_ key: String) throws(ManifestError) -> [String]? {
        guard let value = value(key) else { return nil }
        return try NodeReader.strings(value, path: ManifestPath.key(path, key))
    }

    mutating func int(_ key: String) throws(ManifestError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.int ?? value.scalarText.flatMap({ Int($0) }) else {
            throw .invalidValue(file: nil, path: ManifestPath.key(path, key), line: value.position.line, expected: "a whole number")
        }
        return number
    }

    mutating func bool(_ key: String) throws(ManifestError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.bool ?? value.scalarText.flatMap({ Bool($0.lowercased()) }) else {
            throw .invalidValue(file: nil, path: ManifestPath.key(path, key), line: value.position.line, expected: "true or false")
        }
        return flag
    }

    mutating func decode<T: YAMLModel>(_ key: String, as type: T.Type = T.self) throws(ManifestError) -> T? {
        guard let value = structured(key) else { return nil }
        return try T(yaml: value, path: ManifestPath.key(path, key))
    }

    /// A list of `T`, or a single `T` taken as a one-element list.
    mutating func list<T: YAMLModel>(_ key: String, of type: T.Type = T.self) throws(ManifestError) -> [T]? {
        guard let value = structured(key) else { return nil }
        return try NodeReader.list(value, path: ManifestPath.key(path, key))
    }

    /// A mapping of names to `T`, in file order.
    mutating func named<T: YAMLModel>(_ key: String, of type: T.Type = T.self) throws(ManifestError) -> [Named<T>]? {
        guard let value = structured(key) else { return nil }
        return try NodeReader.named(value, path: ManifestPath.key(path, key))
    }

    /// The value of `key` where a list or mapping belongs. A Serverless variable left unresolved
    /// (`${file(events.yml)}`, `${self:custom.events}`) is unknown, not invalid: it stays in
    /// ``rest``, as written.
    mutating func structured(_ key: String) -> YAMLNode? {
        guard let value = node[key], !value.isUnresolvedVariable else { return nil }
        return self.value(key)
    }

    /// Text where the tools also accept a CloudFormation intrinsic (`description: !Sub …` or
    /// `Fn::Join`): an intrinsic is kept in ``rest``, as written, and reads as `nil`.
    mutating func text(_ key: String) throws(ManifestError) -> String? {
        guard let value = node[key], value.tag == nil, value.scalarText != nil else { return nil }
        return try string(key)
    }

    /// The pairs no field read.
    var rest: [YAMLPair] {
        (node.pairs ?? []).filter { !used.contains($0.key.scalarText ?? "") }
    }

    static func scalar(_ value: YAMLNode, path: String) throws(ManifestError) -> String {
        guard let text = value.scalarText else {
            throw .invalidValue(file: nil, path: path, line: value.position.line, expected: "a single value")
        }
        return text
    }

    static func strings(_ value: YAMLNode, path: String) throws(ManifestError) -> [String] {
        if let text = value.scalarText { return value.isNull ? [] : [text] }
        guard let items = value.sequence else {
            throw .invalidValue(file: nil, path: path, line: value.position.line, expected: "a string or a list of strings")
        }
        var result: [String] = []
        for (index, item) in items.enumerated() where !item.isUnresolvedReference {
            result += try strings(item, path: ManifestPath.index(path, index))
        }
        return result
    }

    static func list<T: YAMLModel>(_ value: YAMLNode, path: String) throws(ManifestError) -> [T] {
        guard let items = value.sequence, value.tag == nil else { return [try T(yaml: value, path: path)] }
        var result: [T] = []
        // Items this model cannot see (`!reference` to another file, `${file(…)}`) are unknown, not invalid.
        for (index, item) in items.enumerated() where !item.isUnresolvedReference && !item.isUnresolvedVariable {
            result.append(try T(yaml: item, path: ManifestPath.index(path, index)))
        }
        return result
    }

    static func named<T: YAMLModel>(_ value: YAMLNode, path: String) throws(ManifestError) -> [Named<T>] {
        guard value.isMapping else { throw .invalidValue(file: nil, path: path, line: value.position.line, expected: "a mapping of names") }
        var result: [Named<T>] = []
        for (key, item) in value.entries where !item.isUnresolvedReference && !item.isUnresolvedVariable {
            result.append(Named(name: key, value: try T(yaml: item, path: ManifestPath.key(path, key))))
        }
        return result
    }
}

extension YAMLNode {
    /// A `!reference` tag left in place: resolution could not find its target.
    var isUnresolvedReference: Bool { tag == "!reference" }

    /// Whether this is a whole Serverless variable left unresolved (`${file(events.yml)}`).
    var isUnresolvedVariable: Bool {
        guard let text = scalarText, tag == nil, text.hasPrefix("${"), text.hasSuffix("}") else { return false }
        return VariableString(parsing: text).parts.count == 1
    }
}

/// A named entry of an ordered mapping (a job, a function, a variable).
public struct Named<Value: Hashable & Sendable>: Sendable, Hashable {
    /// The key.
    public var name: String
    /// The value.
    public var value: Value

    /// An entry.
    public init(name: String, value: Value) {
        self.name = name
        self.value = value
    }
}

/// Builds a mapping node key by key, skipping absent values.
struct NodeWriter {
    private(set) var pairs: [YAMLPair] = []

    mutating func set(_ key: String, _ value: YAMLNode?) {
        guard let value else { return }
        pairs.append(YAMLPair(key: .string(key), value: value))
    }

    mutating func set(_ key: String, _ value: String?) { set(key, value.map { YAMLNode.string($0) }) }
    mutating func set(_ key: String, _ value: Int?) { set(key, value.map { YAMLNode.int($0) }) }
    mutating func set(_ key: String, _ value: Bool?) { set(key, value.map { YAMLNode.bool($0) }) }
    mutating func set(_ key: String, _ value: [String]?) { set(key, value.map { YAMLNode.sequence($0.map { .string($0) }) }) }
    mutating func set<T: YAMLModel>(_ key: String, _ value: T?) { set(key, value?.yaml) }
    mutating func set<T: YAMLModel>(_ key: String, _ value: [T]?) { set(key, value.map { YAMLNode.sequence($0.map(\.yaml)) }) }
    mutating func set<T: YAMLModel>(_ key: String, _ value: [Named<T>]?) {
        set(key, value.map { YAMLNode.mapping($0.map { ($0.name, $0.value.yaml) }) })
    }

    mutating func append(_ rest: [YAMLPair]) { pairs += rest }

    var node: YAMLNode { YAMLNode(.mapping(pairs)) }
}

/// Any node, kept as written: for values a model does not type.
extension YAMLNode: YAMLModel {
    public init(yaml: YAMLNode, path: String) { self = yaml }
    public var yaml: YAMLNode { self }
}

extension String: YAMLModel {
    public init(yaml: YAMLNode, path: String) throws(ManifestError) { self = try NodeReader.scalar(yaml, path: path) }
    public var yaml: YAMLNode { .string(self) }
}

/// A value written either as one string (`image: alpine`, `environment: production`,
/// `needs: [build]`) or as a mapping with more detail.
public protocol YAMLAbbreviableModel: YAMLModel {
    /// The value written as one string.
    init(abbreviation: String)
    /// The value written as a mapping.
    init(mapping yaml: YAMLNode, path: String) throws(ManifestError)
    /// The string form, when the value is (to be) written as one.
    var abbreviation: String? { get }
    /// The mapping form.
    var mapping: YAMLNode { get }
}

extension YAMLAbbreviableModel {
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        if yaml.isMapping {
            try self.init(mapping: yaml, path: path)
        } else {
            self.init(abbreviation: try NodeReader.scalar(yaml, path: path))
        }
    }

    public var yaml: YAMLNode { abbreviation.map { .string($0) } ?? mapping }
}
