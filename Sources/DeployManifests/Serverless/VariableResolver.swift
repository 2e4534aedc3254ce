/// Supplies values for Serverless variables. Return `nil` to leave a reference as written
/// (the deploy, or another resolver, fills it later).
public protocol VariableResolving: Sendable {
    /// The value of `source:address` (`self:custom.table`, `opt:stage`, `env:HOME`), if known.
    func value(source: String, address: String, document: YAMLNode) -> YAMLNode?
}

/// Resolves what is known offline: `self:` from the document, `opt:` from the command-line
/// options, `env:` from the environment, `sls:stage`, `aws:region`, and `file(…)` from YAML or JSON
/// files beside the `serverless.yml` (when ``directory`` is set). Leaves `ssm:`, `cf:`, `s3:` and
/// other remote sources as references.
public struct LocalVariableResolver: VariableResolving {
    /// Command-line options: `stage`, `region`, … (`${opt:stage}`).
    public var options: [String: String]
    /// Environment variables (`${env:NAME}`); empty by default, so a resolution never depends on the machine by accident.
    public var environment: [String: String]
    /// The folder `${file(./config.yml):key}` paths are relative to: the `serverless.yml`'s. `nil`
    /// (the default) leaves `file(…)` references as written.
    public var directory: String?
    /// The limits a referenced file is read with.
    public var limits: YAMLLimits

    /// A resolver with these options and environment, reading `file(…)` references relative to `directory`.
    public init(
        options: [String: String] = [:], environment: [String: String] = [:], directory: String? = nil, limits: YAMLLimits = .default
    ) {
        self.options = options
        self.environment = environment
        self.directory = directory
        self.limits = limits
    }

    /// The value of `self:`, `opt:`, `env:`, `sls:stage` or `aws:region` (the `--region` option,
    /// else `provider.region`, else `us-east-1`, as the framework deploys), or of a `file(…)`
    /// reference; `nil` for any other source.
    public func value(source: String, address: String, document: YAMLNode) -> YAMLNode? {
        if let reference = FileVariable(source: source, address: address) {
            return directory.flatMap { reference.value(in: $0, limits: limits) }
        }
        switch source {
        case "self" where address == "provider.stage":
            // The framework sets the stage (and region) it deploys to before resolving: `--stage` wins over the file.
            return .string(options["stage"] ?? document["provider"]?["stage"]?.string ?? "dev")
        case "self" where address == "provider.region":
            return .string(options["region"] ?? document["provider"]?["region"]?.string ?? "us-east-1")
        case "self":
            return address.isEmpty ? document : document.node(at: address)
        case "opt":
            return options[address].map { .string($0) }
        case "env":
            return environment[address].map { .string($0) }
        case "sls" where address == "stage":
            return .string(options["stage"] ?? document["provider"]?["stage"]?.string ?? "dev")
        case "aws" where address == "region":
            return .string(options["region"] ?? document["provider"]?["region"]?.string ?? "us-east-1")
        default:
            return nil
        }
    }
}

/// Replaces variables in a document through a resolver, as the Serverless Framework does.
public enum VariableResolution {
    /// The document with every variable the resolver knows replaced. A string that is exactly
    /// one variable takes the value's type (a number, a mapping); otherwise values are
    /// interpolated as text. Unknown references stay as written.
    ///
    /// Throws ``ManifestError/tooLarge(file:what:)`` naming the key when a reference would embed
    /// a mapping in itself (`${self:}` anywhere, `${self:custom}` under `custom`), or when the
    /// copies the references ask for exceed `limits.maximumExpandedNodes`.
    public static func resolve(
        _ document: YAMLNode, with resolver: some VariableResolving, limits: YAMLLimits = .default, file: String? = nil
    ) throws(ManifestError) -> YAMLNode {
        let budget = ExpansionBudget(limit: limits.maximumExpandedNodes, file: file)
        var current = document
        // Values may themselves hold variables (`${self:custom.${opt:stage}}`): a few passes.
        for _ in 0..<10 {
            var pass = Pass(document: current, resolver: resolver, budget: budget)
            let next = try pass.resolve(current, path: "", depth: 0)
            if !pass.changed { break }
            current = next
        }
        return current
    }

    /// Every variable reference left in a document, with its path. With `excludingSubstitutions`,
    /// the `${…}` of CloudFormation's own inside `Fn::Sub` / `!Sub` text are left out: its
    /// pseudo-parameters (`${AWS::Region}`), resources (`${Table.Arn}`) and literals (`${!Name}`).
    public static func references(
        in node: YAMLNode, path: String = "", excludingSubstitutions: Bool = false
    ) -> [(path: String, reference: VariableReference)] {
        references(in: node, path: path, excluding: excludingSubstitutions, inSubstitution: false)
    }

    private static func references(
        in node: YAMLNode, path: String, excluding: Bool, inSubstitution: Bool
    ) -> [(path: String, reference: VariableReference)] {
        let inSubstitution = inSubstitution || (excluding && node.tag == "!Sub")
        switch node.content {
        case .scalar(let text, _):
            guard text.contains("${") else { return [] }
            return VariableString(parsing: text).references.filter { !inSubstitution || !($0.source == "AWS" || $0.source.isEmpty) }
                .map { (path, $0) }
        case .sequence(let items):
            return items.enumerated().flatMap {
                references(in: $0.element, path: ManifestPath.index(path, $0.offset), excluding: excluding, inSubstitution: inSubstitution)
            }
        case .mapping(let pairs):
            return pairs.flatMap { pair in
                let key = pair.key.scalarText ?? ""
                return references(
                    in: pair.value, path: ManifestPath.key(path, key), excluding: excluding,
                    inSubstitution: inSubstitution || (excluding && key == "Fn::Sub"))
            }
        }
    }

}

/// One resolution pass over a document: each distinct reference is evaluated once.
private struct Pass<Resolver: VariableResolving> {
    let document: YAMLNode
    let resolver: Resolver
    let budget: ExpansionBudget
    /// Values by reference text, so that a reference written many times is looked up once.
    var memo: [String: (address: String?, value: YAMLNode?)] = [:]
    /// Whether anything was replaced.
    var changed = false

    init(document: YAMLNode, resolver: Resolver, budget: ExpansionBudget) {
        self.document = document
        self.resolver = resolver
        self.budget = budget
    }

    mutating func resolve(_ node: YAMLNode, path: String, depth: Int) throws(ManifestError) -> YAMLNode {
        guard depth < 256 else { return node }
        var copy = node
        switch node.content {
        case .scalar(let text, _):
            guard text.contains("${") else { return node }
            return try substitute(VariableString(parsing: text), original: node, path: path)
        case .sequence(let items):
            var resolved: [YAMLNode] = []
            resolved.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                resolved.append(try resolve(item, path: ManifestPath.index(path, index), depth: depth + 1))
            }
            copy.content = .sequence(resolved)
        case .mapping(let pairs):
            var resolved: [YAMLPair] = []
            resolved.reserveCapacity(pairs.count)
            for pair in pairs {
                let value = try resolve(pair.value, path: ManifestPath.key(path, pair.key.scalarText ?? ""), depth: depth + 1)
                resolved.append(YAMLPair(key: pair.key, value: value))
            }
            copy.content = .mapping(resolved)
        }
        return copy
    }

    private mutating func substitute(_ string: VariableString, original: YAMLNode, path: String) throws(ManifestError) -> YAMLNode {
        if string.parts.count == 1, case .variable(let reference) = string.parts[0] {
            guard var value = try evaluate(reference, at: path) else { return original }
            try budget.spend(value.nodeCount, for: "`\(reference)` at `\(path)`")
            value.position = original.position
            changed = true
            return value
        }
        var text = ""
        var replaced = false
        for part in string.parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .variable(let reference):
                if let value = try evaluate(reference, at: path), let scalar = value.scalarText {
                    text += scalar
                    replaced = true
                } else {
                    text += reference.description
                }
            }
        }
        // Nothing known: the node as written. Otherwise its tag is kept (`!Sub 'arn:…:${self:custom.x}/${AWS::Region}'`
        // stays a substitution for CloudFormation).
        guard replaced else { return original }
        changed = true
        var node = YAMLNode.string(text, position: original.position)
        node.tag = original.tag
        return node
    }

    private mutating func evaluate(_ reference: VariableReference, at path: String) throws(ManifestError) -> YAMLNode? {
        let key = reference.description
        let found: (address: String?, value: YAMLNode?)
        if let known = memo[key] {
            found = known
        } else {
            found = try lookUp(reference, at: path)
            memo[key] = found
        }
        // Checked at every use, not only the first: the same reference may sit inside its target elsewhere.
        if reference.source == "self", let address = found.address, Self.embedsItself(address: address, at: path) {
            throw .tooLarge(
                file: budget.file,
                what: "`\(path)`: `\(reference)` embeds `\(address.isEmpty ? "the whole document" : address)` in itself, "
                    + "so it would grow without end; point it at a key outside `\(address.isEmpty ? path : address)`")
        }
        return found.value
    }

    private mutating func lookUp(
        _ reference: VariableReference, at path: String
    ) throws(ManifestError) -> (address: String?, value: YAMLNode?) {
        let address = try text(of: reference.address, at: path)
        if let address, reference.source == "self", Self.embedsItself(address: address, at: path) { return (address, nil) }
        if let address, let value = resolver.value(source: reference.source, address: address, document: document) {
            return (address, value)
        }
        for fallback in reference.fallbacks {
            if fallback.parts.count == 1, case .variable(let nested) = fallback.parts[0] {
                if let value = try evaluate(nested, at: path) { return (address, value) }
                continue
            }
            guard let literal = try text(of: fallback, at: path) else { continue }
            if case .string = YAMLScalarResolver.resolve(literal) { return (address, .string(literal)) }
            return (address, YAMLNode(.scalar(literal, .plain)))
        }
        return (address, nil)
    }

    /// Whether the value at `address` contains `path`: the whole document, the key itself, or one
    /// of its ancestors.
    static func embedsItself(address: String, at path: String) -> Bool {
        address.isEmpty || path == address || path.hasPrefix(address + ".") || path.hasPrefix(address + "[")
    }

    /// The text of a string whose variables all resolve to scalars; nil otherwise.
    private mutating func text(of string: VariableString, at path: String) throws(ManifestError) -> String? {
        var text = ""
        for part in string.parts {
            switch part {
            case .literal(let literal): text += literal
            case .variable(let reference):
                guard let scalar = try evaluate(reference, at: path)?.scalarText else { return nil }
                text += scalar
            }
        }
        return text
    }
}
