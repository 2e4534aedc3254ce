/// `environment:` of the provider or a function: variables, or one expression that yields them
/// (`${file(./env.yml):dev}`). Values are strings, or CloudFormation intrinsics in long form.
public enum ServerlessEnvironment: YAMLModel {
    case variables([Named<YAMLNode>])
    case expression(String)

    /// Plain variables, in order.
    public init(_ variables: [(String, String)]) {
        self = .variables(variables.map { Named(name: $0.0, value: .string($0.1)) })
    }

    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        if yaml.isMapping {
            self = .variables(yaml.entries.map { Named(name: $0.key, value: CloudFormationTags.longForm($0.value)) })
        } else {
            self = .expression(try NodeReader.scalar(yaml, path: path))
        }
    }

    public var yaml: YAMLNode {
        switch self {
        case .variables(let variables): return .mapping(variables.map { ($0.name, $0.value) })
        case .expression(let text): return .string(text)
        }
    }

    /// The variables with plain values (intrinsics and unresolved expressions left out).
    public var strings: [String: String] {
        guard case .variables(let variables) = self else { return [:] }
        return Dictionary(
            variables.compactMap { variable in variable.value.scalarText.map { (variable.name, $0) } }, uniquingKeysWith: { $1 })
    }
}
