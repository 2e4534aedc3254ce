import Foundation

/// A three-valued answer: whether a job runs may be unknowable offline (`changes:`, a variable
/// set in the project's settings).
public enum Tristate: Sendable, Hashable {
    case yes, no, maybe

    static func && (lhs: Tristate, rhs: @autoclosure () -> Tristate) -> Tristate {
        if lhs == .no { return .no }
        let right = rhs()
        if right == .no { return .no }
        return lhs == .yes && right == .yes ? .yes : .maybe
    }

    static func || (lhs: Tristate, rhs: @autoclosure () -> Tristate) -> Tristate {
        if lhs == .yes { return .yes }
        let right = rhs()
        if right == .yes { return .yes }
        return lhs == .no && right == .no ? .no : .maybe
    }

    static prefix func ! (value: Tristate) -> Tristate {
        switch value {
        case .yes: return .no
        case .no: return .yes
        case .maybe: return .maybe
        }
    }
}

/// A GitLab `rules: if:` expression: `$VAR`, `==`, `!=`, `=~ /re/`, `!~`, `&&`, `||`, parentheses.
package struct RuleExpression {
    indirect enum Node {
        case variable(String)
        case string(String)
        case null
        case pattern(String, caseInsensitive: Bool)
        case compare(Node, String, Node)
        case and(Node, Node)
        case or(Node, Node)
    }

    let root: Node?

    package init(_ text: String) {
        var parser = Parser(tokens: Self.tokens(text))
        let node = parser.expression()
        root = parser.atEnd ? node : nil
    }

    /// Evaluates with `variables`; a variable in `unknown` (set outside the file) makes the answer `maybe`.
    package func evaluate(_ variables: [String: String], isUnknown: (String) -> Bool) -> Tristate {
        guard let root else { return .maybe }
        return Self.truth(root, variables, isUnknown)
    }

    private static func truth(_ node: Node, _ variables: [String: String], _ isUnknown: (String) -> Bool) -> Tristate {
        switch node {
        case .and(let a, let b): return truth(a, variables, isUnknown) && truth(b, variables, isUnknown)
        case .or(let a, let b): return truth(a, variables, isUnknown) || truth(b, variables, isUnknown)
        case .variable(let name):
            if isUnknown(name) { return .maybe }
            return (variables[name].map { !$0.isEmpty } ?? false) ? .yes : .no
        case .string(let text): return text.isEmpty ? .no : .yes
        case .null, .pattern: return .no
        case .compare(let left, let op, let right):
            guard let lhs = value(left, variables, isUnknown), let rhs = value(right, variables, isUnknown) else { return .maybe }
            switch op {
            case "==": return lhs == rhs ? .yes : .no
            case "!=": return lhs != rhs ? .yes : .no
            case "=~", "!~":
                guard case .pattern(let pattern, let caseInsensitive)? = rhs else { return .maybe }
                // RE2's linear-time matching, as GitLab's: a pattern outside its syntax is unknowable here.
                guard let regex = try? RE2Pattern(pattern, caseInsensitive: caseInsensitive) else { return .maybe }
                let subject: String
                if case .string(let text)? = lhs { subject = text } else { return op == "=~" ? .no : .yes }
                let matched = regex.matches(subject)
                return matched == (op == "=~") ? .yes : .no
            default: return .maybe
            }
        }
    }

    private enum Value: Equatable {
        case string(String)
        case pattern(String, caseInsensitive: Bool)
    }

    /// The operand's value: `.some(nil)` for null or an undefined variable, `nil` when unknown.
    private static func value(_ node: Node, _ variables: [String: String], _ isUnknown: (String) -> Bool) -> Value?? {
        switch node {
        case .variable(let name):
            if isUnknown(name) { return nil }
            return .some(variables[name].map { .string($0) })
        case .string(let text): return .some(.string(text))
        case .null: return .some(nil)
        case .pattern(let pattern, let flag): return .some(.pattern(pattern, caseInsensitive: flag))
        default: return nil
        }
    }

    // MARK: Lexer and parser

    private enum Token: Equatable {
        case variable(String)
        case string(String)
        case pattern(String, Bool)
        case null
        case op(String)
        case open, close
    }

    private static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" {
                i += 1
                continue
            }
            if c == "(" {
                tokens.append(.open)
                i += 1
                continue
            }
            if c == ")" {
                tokens.append(.close)
                i += 1
                continue
            }
            if c == "$" {
                var j = i + 1
                var braced = false
                if j < chars.count, chars[j] == "{" {
                    braced = true
                    j += 1
                }
                var name = ""
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" {
                    name.append(chars[j])
                    j += 1
                }
                if braced, j < chars.count, chars[j] == "}" { j += 1 }
                tokens.append(.variable(name))
                i = j
                continue
            }
            if c == "\"" || c == "'" {
                var j = i + 1
                var text = ""
                while j < chars.count, chars[j] != c {
                    text.append(chars[j])
                    j += 1
                }
                tokens.append(.string(text))
                i = j + 1
                continue
            }
            if c == "/" {
                var j = i + 1
                var pattern = ""
                while j < chars.count, chars[j] != "/" {
                    if chars[j] == "\\", j + 1 < chars.count {
                        pattern.append(chars[j])
                        j += 1
                    }
                    pattern.append(chars[j])
                    j += 1
                }
                j += 1
                var insensitive = false
                while j < chars.count, chars[j].isLetter {
                    if chars[j] == "i" { insensitive = true }
                    j += 1
                }
                tokens.append(.pattern(pattern, insensitive))
                i = j
                continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["==", "!=", "=~", "!~", "&&", "||"].contains(two) {
                tokens.append(.op(two))
                i += 2
                continue
            }
            if text.dropFirst(i).hasPrefix("null") {
                tokens.append(.null)
                i += 4
                continue
            }
            return [.op("?")]  // not an expression this parser knows
        }
        return tokens
    }

    private struct Parser {
        let tokens: [Token]
        var index = 0

        var atEnd: Bool { index == tokens.count }

        mutating func expression() -> Node? {
            guard var left = conjunction() else { return nil }
            while index < tokens.count, tokens[index] == .op("||") {
                index += 1
                guard let right = conjunction() else { return nil }
                left = .or(left, right)
            }
            return left
        }

        mutating func conjunction() -> Node? {
            guard var left = comparison() else { return nil }
            while index < tokens.count, tokens[index] == .op("&&") {
                index += 1
                guard let right = comparison() else { return nil }
                left = .and(left, right)
            }
            return left
        }

        mutating func comparison() -> Node? {
            guard let left = operand() else { return nil }
            guard index < tokens.count, case .op(let op) = tokens[index], ["==", "!=", "=~", "!~"].contains(op) else { return left }
            index += 1
            guard let right = operand() else { return nil }
            return .compare(left, op, right)
        }

        mutating func operand() -> Node? {
            guard index < tokens.count else { return nil }
            let token = tokens[index]
            index += 1
            switch token {
            case .variable(let name): return .variable(name)
            case .string(let text): return .string(text)
            case .null: return .null
            case .pattern(let pattern, let flag): return .pattern(pattern, caseInsensitive: flag)
            case .open:
                let inner = expression()
                guard index < tokens.count, tokens[index] == .close else { return nil }
                index += 1
                return inner
            default: return nil
            }
        }
    }
}
