/// One entry of `include:`.
public struct GitLabInclude: Sendable, Hashable {
    /// Where the included configuration comes from.
    public enum Kind: Sendable, Hashable {
        case local(String)
        case remote(String)
        case template(String)
        case project(String, files: [String], ref: String?)
        case component(String)
        /// A form this model does not know; kept as written.
        case other(YAMLNode)
    }

    /// Where it comes from.
    public var kind: Kind
    /// `rules:` and `inputs:` of the include, kept as written.
    public var rules: YAMLNode?
    /// `inputs:`, as written.
    public var inputs: YAMLNode?

    /// An entry.
    public init(kind: Kind, rules: YAMLNode? = nil, inputs: YAMLNode? = nil) {
        self.kind = kind
        self.rules = rules
        self.inputs = inputs
    }

    /// The entries of an `include:` value (a string, a mapping, or a list of either).
    public static func list(from node: YAMLNode?) -> [GitLabInclude] {
        guard let node else { return [] }
        if let items = node.sequence { return items.map(GitLabInclude.init(node:)) }
        return [GitLabInclude(node: node)]
    }

    init(node: YAMLNode) {
        rules = node["rules"]
        inputs = node["inputs"]
        if let text = node.string {
            kind =
                text.hasPrefix("http://") || text.hasPrefix("https://")
                ? .remote(text) : .local(text.hasPrefix("/") ? String(text.dropFirst()) : text)
        } else if let path = node["local"]?.string {
            kind = .local(path.hasPrefix("/") ? String(path.dropFirst()) : path)
        } else if let url = node["remote"]?.string {
            kind = .remote(url)
        } else if let name = node["template"]?.string {
            kind = .template(name)
        } else if let project = node["project"]?.string {
            let files = node["file"].map { $0.sequence?.compactMap(\.string) ?? [$0.string].compactMap { $0 } } ?? []
            kind = .project(project, files: files, ref: node["ref"]?.string)
        } else if let component = node["component"]?.string {
            kind = .component(component)
        } else {
            kind = .other(node)
        }
    }

    var yaml: YAMLNode {
        var pairs: [(String, YAMLNode)]
        switch kind {
        case .local(let path): pairs = [("local", .string(path))]
        case .remote(let url): pairs = [("remote", .string(url))]
        case .template(let name): pairs = [("template", .string(name))]
        case .project(let project, let files, let ref):
            pairs = [("project", .string(project))]
            if let ref { pairs.append(("ref", .string(ref))) }
            pairs.append(("file", .sequence(files.map { .string($0) })))
        case .component(let path): pairs = [("component", .string(path))]
        case .other(let node): return node
        }
        if let inputs { pairs.append(("inputs", inputs)) }
        if let rules { pairs.append(("rules", rules)) }
        return .mapping(pairs)
    }
}
