/// A string with Serverless Framework variables: `prefix-${opt:stage, 'dev'}-${self:custom.${opt:stage}}`.
public struct VariableString: Sendable, Hashable, CustomStringConvertible {
    /// A run of text, or one reference.
    public enum Part: Sendable, Hashable {
        case literal(String)
        case variable(VariableReference)
    }

    /// The parts, in order.
    public var parts: [Part]

    /// Parses `text`; text without `${` is one literal part.
    public init(parsing text: String) {
        var parser = VariableParser(Array(text.unicodeScalars))
        parts = parser.parts(until: nil)
    }

    /// A string made of `parts`.
    public init(parts: [Part]) { self.parts = parts }

    /// Whether the string holds at least one variable.
    public var hasVariables: Bool { parts.contains { if case .variable = $0 { true } else { false } } }

    /// The variables in the string, nested ones (in addresses and fallbacks) included.
    public var references: [VariableReference] {
        parts.flatMap { part -> [VariableReference] in
            guard case .variable(let reference) = part else { return [] }
            return [reference] + reference.address.references + reference.fallbacks.flatMap(\.references)
        }
    }

    public var description: String {
        parts.map { part in
            switch part {
            case .literal(let text): return text
            case .variable(let reference): return reference.description
            }
        }.joined()
    }
}

/// One `${source:address, fallback, …}` reference.
public struct VariableReference: Sendable, Hashable, CustomStringConvertible {
    /// `self`, `opt`, `env`, `ssm`, `sls`, `file(./x.yml)`, `cf`, `s3`, `aws`…; empty for a bare `${name}`.
    public var source: String
    /// What follows the colon: `custom.table`, `stage`, `/path/to/param`; may hold variables itself.
    public var address: VariableString
    /// Fallbacks tried in order when the reference does not resolve (`'dev'`, `${env:STAGE}`).
    public var fallbacks: [VariableString]

    public var description: String {
        let head = source.isEmpty ? address.description : "\(source):\(address)"
        let alternatives = fallbacks.map { $0.hasVariables ? $0.description : "'\($0)'" }
        return "${" + ([head] + alternatives).joined(separator: ", ") + "}"
    }
}

/// Parses variables by hand: quotes, nesting and commas decide where a reference ends.
private struct VariableParser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    mutating func parts(until terminators: Set<Unicode.Scalar>?) -> [VariableString.Part] {
        var parts: [VariableString.Part] = []
        var literal = ""
        while index < scalars.count {
            let scalar = scalars[index]
            if let terminators, terminators.contains(scalar) { break }
            if scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{", let reference = reference() {
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                parts.append(.variable(reference))
                continue
            }
            literal.unicodeScalars.append(scalar)
            index += 1
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    /// Reads `${…}` at `index`; on a malformed reference, leaves `index` unchanged and returns nil.
    mutating func reference() -> VariableReference? {
        let start = index
        index += 2
        skipSpaces()
        let head = parts(until: [",", "}"])
        var fallbacks: [VariableString] = []
        while index < scalars.count, scalars[index] == "," {
            index += 1
            skipSpaces()
            fallbacks.append(fallback())
            skipSpaces()
        }
        guard index < scalars.count, scalars[index] == "}" else {
            index = start
            return nil
        }
        index += 1
        let (source, address) = Self.split(VariableString(parts: Self.trimmed(head)))
        return VariableReference(source: source, address: address, fallbacks: fallbacks)
    }

    /// A fallback: a quoted literal, a nested `${…}`, or a bare `source:address` / number.
    mutating func fallback() -> VariableString {
        guard index < scalars.count else { return VariableString(parts: []) }
        let quote = scalars[index]
        if quote == "'" || quote == "\"" {
            index += 1
            var text = ""
            while index < scalars.count, scalars[index] != quote {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            index = min(index + 1, scalars.count)
            return VariableString(parts: [.literal(text)])
        }
        let bare = VariableString(parts: Self.trimmed(parts(until: [",", "}"])))
        // `${opt:stage, self:provider.stage}`: a bare reference without `${}`.
        if case .literal(let text)? = bare.parts.first, bare.parts.count == 1,
            let colon = text.firstIndex(of: ":"),
            text[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "(" || $0 == ")" || $0 == "." || $0 == "/" })
        {
            let (source, address) = Self.split(bare)
            _ = colon
            return VariableString(parts: [.variable(VariableReference(source: source, address: address, fallbacks: []))])
        }
        return bare
    }

    mutating func skipSpaces() {
        while index < scalars.count, scalars[index] == " " { index += 1 }
    }

    static func trimmed(_ parts: [VariableString.Part]) -> [VariableString.Part] {
        var parts = parts
        if case .literal(let text)? = parts.last {
            let trimmed = String(text.reversed().drop(while: { $0 == " " }).reversed())
            parts[parts.count - 1] = .literal(trimmed)
            if trimmed.isEmpty { parts.removeLast() }
        }
        return parts
    }

    /// Splits `source:address` at the first colon of the leading literal.
    static func split(_ string: VariableString) -> (String, VariableString) {
        guard case .literal(let text)? = string.parts.first, let colon = text.firstIndex(of: ":") else {
            return ("", string)
        }
        var rest = Array(string.parts.dropFirst())
        let after = String(text[text.index(after: colon)...])
        if !after.isEmpty { rest.insert(.literal(after), at: 0) }
        return (String(text[..<colon]), VariableString(parts: rest))
    }
}
