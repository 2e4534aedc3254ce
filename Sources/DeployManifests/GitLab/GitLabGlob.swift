/// A glob as GitLab reads `artifacts: paths` (the runner's doublestar matching) and
/// `rules: changes`: `*` and `?` within one path segment, `[…]` classes (`[!…]` or `[^…]`
/// negated), `{a,b}` alternatives, and `**` for any number of segments, none included. A path
/// that names a folder archives everything beneath it. These differ from the Serverless
/// Framework's `package.patterns` (no `!` exclusions, braces, folder coverage), which have their own
/// matcher (`PatternSet`).
struct GitLabGlob {
    /// The pattern with braces expanded, each alternative split into segments.
    private let alternatives: [[Substring]]

    init(_ pattern: String) {
        var text = Substring(pattern)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        alternatives = Self.expandBraces(String(text)).map { $0.split(separator: "/", omittingEmptySubsequences: true) }
    }

    /// Whether the pattern matches `path` itself.
    func matches(_ path: String) -> Bool {
        let segments = Self.segments(path)
        return alternatives.contains { Self.match($0[...], segments[...]) }
    }

    /// Whether archiving what the pattern matches includes `file`: the file, or a folder above it.
    func covers(_ file: String) -> Bool {
        let segments = Self.segments(file)
        return (1...max(1, segments.count)).contains { length in
            alternatives.contains { Self.match($0[...], segments.prefix(length)) }
        }
    }

    private static func segments(_ path: String) -> [Substring] {
        var text = Substring(path)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        return text.split(separator: "/", omittingEmptySubsequences: true)
    }

    private static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            return (path.startIndex...path.endIndex).contains { match(rest, path[$0...]) }
        }
        guard let segment = path.first, matchSegment(Array(first)[...], Array(segment)[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    /// `*`, `?` and classes within one segment. Segments are short; the star loop is bounded by them.
    private static func matchSegment(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let head = pattern.first else { return text.isEmpty }
        switch head {
        case "*":
            let rest = pattern.dropFirst()
            return (text.startIndex...text.endIndex).contains { matchSegment(rest, text[$0...]) }
        case "?":
            return !text.isEmpty && matchSegment(pattern.dropFirst(), text.dropFirst())
        case "[":
            guard let character = text.first, let (accepted, rest) = matchClass(pattern.dropFirst(), character) else {
                return text.first == "[" && matchSegment(pattern.dropFirst(), text.dropFirst())
            }
            return accepted && matchSegment(rest, text.dropFirst())
        case "\\" where pattern.count > 1:
            let escaped = pattern[pattern.index(after: pattern.startIndex)]
            return text.first == escaped && matchSegment(pattern.dropFirst(2), text.dropFirst())
        default:
            return text.first == head && matchSegment(pattern.dropFirst(), text.dropFirst())
        }
    }

    /// Whether `character` is in the class that starts at `pattern` (after `[`), and the pattern
    /// after the class; `nil` when the class is not closed.
    private static func matchClass(_ pattern: ArraySlice<Character>, _ character: Character) -> (Bool, ArraySlice<Character>)? {
        var index = pattern.startIndex
        let negated = index < pattern.endIndex && (pattern[index] == "!" || pattern[index] == "^")
        if negated { index += 1 }
        var found = false
        var first = true
        while index < pattern.endIndex, pattern[index] != "]" || first {
            first = false
            let low = pattern[index]
            if index + 2 < pattern.endIndex, pattern[index + 1] == "-", pattern[index + 2] != "]" {
                if (low...pattern[index + 2]).contains(character) { found = true }
                index += 3
            } else {
                if low == character { found = true }
                index += 1
            }
        }
        guard index < pattern.endIndex else { return nil }
        return (found != negated, pattern[(index + 1)...])
    }

    /// `a/{b,c}/d` → `a/b/d`, `a/c/d` (nested braces too; at most 256 alternatives).
    static func expandBraces(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{") else { return [pattern] }
        var depth = 0
        var close: String.Index?
        var commas: [String.Index] = []
        var index = open
        while index < pattern.endIndex {
            switch pattern[index] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { close = index }
            case "," where depth == 1: commas.append(index)
            default: break
            }
            if close != nil { break }
            index = pattern.index(after: index)
        }
        guard let close, !commas.isEmpty else { return [pattern] }
        let prefix = pattern[..<open]
        let suffix = pattern[pattern.index(after: close)...]
        var bounds = [pattern.index(after: open)]
        for comma in commas { bounds.append(pattern.index(after: comma)) }
        var options: [Substring] = []
        for (offset, start) in bounds.enumerated() {
            let end = offset + 1 < bounds.count ? pattern.index(before: bounds[offset + 1]) : close
            options.append(pattern[start..<end])
        }
        var result: [String] = []
        for option in options {
            result += expandBraces(String(prefix + option + suffix))
            if result.count >= 256 { break }
        }
        return Array(result.prefix(256))
    }
}
