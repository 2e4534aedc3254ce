/// A typed setting that may still be a variable (`memorySize: ${self:custom.memory}`).
public enum ConfigValue<Value: Sendable & Hashable>: Sendable, Hashable {
    case value(Value)
    /// An unresolved expression, as written.
    case expression(String)

    /// The value, when it is known.
    public var known: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

extension ConfigValue: YAMLModel where Value == Int {
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        if let number = yaml.int {
            self = .value(number)
        } else if let text = yaml.scalarText, let number = Int(text) {
            self = .value(number)
        } else {
            self = .expression(try NodeReader.scalar(yaml, path: path))
        }
    }

    public var yaml: YAMLNode {
        switch self {
        case .value(let number): return .int(number)
        case .expression(let text): return .string(text)
        }
    }
}

extension NodeReader {
    mutating func setting(_ key: String) throws(ManifestError) -> ConfigValue<Int>? {
        try decode(key)
    }
}
