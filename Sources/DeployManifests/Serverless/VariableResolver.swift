/// Supplies values for Serverless variables. Return `nil` to leave a reference as written
/// (the deploy, or another resolver, fills it later).
public protocol VariableResolving: Sendable {
    /// The value of `source:address` (`self:custom.table`, `opt:stage`, `env:HOME`), if known.
    func value(source: String, address: String, document: YAMLNode) -> YAMLNode?
}

/// Resolves what is known offline: `self:` from the document, `opt:` from the command-line
/// options, `env:` from the environment, and `sls:stage`. Leaves `ssm:`, `cf:`, `s3:`,
/// `file(…)` and other remote sources as references.
public struct LocalVariableResolver: VariableResolving {
    /// Command-line options: `stage`, `region`, … (`${opt:stage}`).
    public var options: [String: String]
    /// Environment variables (`${env:NAME}`); empty by default, so a resolution never depends on the machine by accident.
    public var environment: [String: String]

    /// A resolver with these options and environment.
    public init(options: [String: String] = [:], environment: [String: String] = [:]) {
        self.options = options
        self.environment = environment
    }

    /// The value of `self:`, `opt:`, `env:` or `sls:stage`; `nil` for any other source.
    public func value(source: String, address: String, document: YAMLNode) -> YAMLNode? {
        switch source {
        case "self":
            return address.isEmpty ? document : document.node(at: address)
        case "opt":
            return options[address].map { .string($0) }
        case "env":
            return environment[address].map { .string($0) }
        case "sls" where address == "stage":
            return .string(options["stage"] ?? document["provider"]?["stage"]?.string ?? "dev")
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
    public static func resolve(_ document: YAMLNode, with resolver: some VariableResolving) -> YAMLNode {
        var current = document
        // Values may themselves hold variables (`${self:custom.${opt:stage}}`): a few passes.
        for _ in 0..<10 {
            let next = pass(current, document: current, resolver: resolver, depth: 0)
            if next == current { break }
            current = next
        }
        return current
    }

    /// Every variable reference left in a document, with its path.
    public static func references(in node: YAMLNode, path: String = "") -> [(path: String, reference: VariableReference)] {
        switch node.content {
        case .scalar(let text, _):
            guard text.contains("${") else { return [] }
            return VariableString(parsing: text).references.map { (path, $0) }
        case .sequence(let items):
            return items.enumerated().flatMap { references(in: $0.element, path: ManifestPath.index(path, $0.offset)) }
        case .mapping(let pairs):
            return pairs.flatMap { references(in: $0.value, path: ManifestPath.key(path, $0.key.scalarText ?? "")) }
        }
    }

    private static func pass(_ node: YAMLNode, document: YAMLNode, resolver: some VariableResolving, depth: Int) -> YAMLNode {
        guard depth < 256 else { return node }
        var copy = node
        switch node.content {
        case .scalar(let text, _):
            guard text.contains("${") else { return node }
            return substitute(VariableString(parsing: text), original: node, document: document, resolver: resolver)
        case .sequence(let items):
            copy.content = .sequence(items.map { pass($0, document: document, resolver: resolver, depth: depth + 1) })
        case .mapping(let pairs):
            copy.content = .mapping(
                pairs.map { YAMLPair(key: $0.key, value: pass($0.value, document: document, resolver: resolver, depth: depth + 1)) })
        }
        return copy
    }

    private static func substitute(
        _ string: VariableString, original: YAMLNode, document: YAMLNode, resolver: some VariableResolving
    ) -> YAMLNode {
        if string.parts.count == 1, case .variable(let reference) = string.parts[0] {
            guard var value = evaluate(reference, document: document, resolver: resolver) else { return original }
            value.position = original.position
            return value
        }
        var text = ""
        for part in string.parts {
            switch part {
            case .literal(let literal):
                text += literal
            case .variable(let reference):
                if let value = evaluate(reference, document: document, resolver: resolver), let scalar = value.scalarText {
                    text += scalar
                } else {
                    text += reference.description
                }
            }
        }
        return YAMLNode.string(text, position: original.position)
    }

    private static func evaluate(_ reference: VariableReference, document: YAMLNode, resolver: some VariableResolving) -> YAMLNode? {
        if let address = text(of: reference.address, document: document, resolver: resolver),
            let value = resolver.value(source: reference.source, address: address, document: document)
        {
            return value
        }
        for fallback in reference.fallbacks {
            if fallback.parts.count == 1, case .variable(let nested) = fallback.parts[0] {
                if let value = evaluate(nested, document: document, resolver: resolver) { return value }
                continue
            }
            guard let literal = text(of: fallback, document: document, resolver: resolver) else { continue }
            if case .string = YAMLScalarResolver.resolve(literal) { return .string(literal) }
            return YAMLNode(.scalar(literal, .plain))
        }
        return nil
    }

    /// The text of a string whose variables all resolve to scalars; nil otherwise.
    private static func text(of string: VariableString, document: YAMLNode, resolver: some VariableResolving) -> String? {
        var text = ""
        for part in string.parts {
            switch part {
            case .literal(let literal): text += literal
            case .variable(let reference):
                guard let scalar = evaluate(reference, document: document, resolver: resolver)?.scalarText else { return nil }
                text += scalar
            }
        }
        return text
    }
}
