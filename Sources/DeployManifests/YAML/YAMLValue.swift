import Foundation

/// A YAML value after tag resolution: what a JSON document could hold.
public enum YAMLValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([YAMLValue])
    case object([String: YAMLValue])

    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .string(let value): return "\"\(value)\""
        case .array(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// Equality that lets an integral double equal the integer (JSON does not tell them apart).
    public func matches(_ other: YAMLValue) -> Bool {
        switch (self, other) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { $0.matches($1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map(value.matches) ?? false }
        default: return self == other
        }
    }
}

/// Resolves plain scalars by the YAML 1.2 core schema, the one GitLab and Serverless agree on.
enum YAMLScalarResolver {
    static func resolve(_ text: String) -> YAMLValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        if let value = integer(text) { return .int(value) }
        if isFloat(text), let value = Double(text) { return .double(value) }
        return .string(text)
    }

    private static func integer(_ text: String) -> Int? {
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int(text.dropFirst(2), radix: 8) }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    private static func isFloat(_ text: String) -> Bool {
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var scalars = Substring(text)
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        let mantissaEnd = scalars.firstIndex(where: { $0 == "e" || $0 == "E" }) ?? scalars.endIndex
        let mantissa = scalars[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            parts.contains(where: { !$0.isEmpty })
        else { return false }
        guard mantissaEnd != scalars.endIndex else { return true }
        var exponent = scalars[scalars.index(after: mantissaEnd)...]
        if exponent.first == "-" || exponent.first == "+" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
    }

    /// Whether `text` can be written as a plain scalar and read back as the same string — also by
    /// the YAML 1.1 readers that take GitLab's and CloudFormation's files (Ruby's Psych, PyYAML),
    /// for which a plain `2010-09-09` is a date and `on`, `off`, `yes`, `no`, `y`, `n` are booleans.
    static func isPlainSafe(_ text: String, inFlow: Bool = false) -> Bool {
        guard case .string = resolve(text), !isYAML11Scalar(text) else { return false }
        return canWritePlain(text, inFlow: inFlow)
    }

    /// A YAML 1.1 boolean word, a timestamp (it starts `YYYY-M-D`), or a number only YAML 1.1
    /// reads as one (`1_000`, `0b101`, sexagesimal `1:20`).
    private static func isYAML11Scalar(_ text: String) -> Bool {
        if ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) { return true }
        let date = text.prefix { $0 != "T" && $0 != "t" && $0 != " " }
        let parts = date.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }) {
            return true
        }
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard let first = digits.first, first.isASCIIDigit else { return false }
        if digits.hasPrefix("0b") { return digits.count > 2 && digits.dropFirst(2).allSatisfy { "01_".contains($0) } }
        return digits.allSatisfy { $0.isASCIIDigit || "_:.".contains($0) } && (digits.contains("_") || digits.contains(":"))
    }

    /// Whether `text` can be written as a plain scalar at all (its resolved type aside).
    static func canWritePlain(_ text: String, inFlow: Bool = false) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if "?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        if first == "-", text.count == 1 || text.dropFirst().first == " " { return false }
        if text.contains(": ") || text.contains(" #") { return false }
        if inFlow, text.contains(where: { ",[]{}".contains($0) }) { return false }
        if text == "<<" { return false }
        return text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
            && !text.contains("\u{FEFF}")
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension YAMLValue {
    /// The value as compact JSON text, keys sorted (an event's `input:` as EventBridge sends it).
    public var jsonText: String {
        let object = foundationObject
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    private var foundationObject: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return value
        case .int(let value): return value
        case .double(let value): return value
        case .string(let value): return value
        case .array(let items): return items.map(\.foundationObject)
        case .object(let members): return members.mapValues(\.foundationObject)
        }
    }
}
