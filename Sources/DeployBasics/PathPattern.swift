/// Include/exclude patterns in the Serverless Framework's `package.patterns` style.
///
/// Patterns are globs over `/`-separated paths relative to the package root: `*` matches within
/// one segment, `**` any number of segments, `?` one character. A leading `!` excludes. Patterns
/// apply in order and the last one that matches a path decides; a path no pattern matches is
/// included. `.git/**` and `**/__pycache__/**` are excluded first unless
/// ``PatternSet/init(_:defaultExclusions:)`` is told otherwise.
public struct PatternSet: Sendable, Hashable {
    struct Rule: Sendable, Hashable {
        var isExclusion: Bool
        var segments: [[UInt8]]
    }

    /// The exclusions applied before the caller's patterns.
    public static let defaultExclusions = ["!.git/**", "!**/__pycache__/**", "!**/.DS_Store"]

    let rules: [Rule]

    /// Parses `patterns` (for example `["!node_modules/**", "!**/*.pyc", "node_modules/kept/**"]`).
    public init(_ patterns: [String] = [], defaultExclusions: Bool = true) {
        let all = (defaultExclusions ? Self.defaultExclusions : []) + patterns
        rules = all.compactMap { raw in
            var text = Substring(raw.trimmingCharacters(in: .whitespaces))
            let exclusion = text.first == "!"
            if exclusion { text = text.dropFirst() }
            while text.hasPrefix("./") { text = text.dropFirst(2) }
            guard !text.isEmpty else { return nil }
            return Rule(
                isExclusion: exclusion, segments: text.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.utf8) })
        }
    }

    /// Whether `path` (relative, `/`-separated) is in the package.
    public func includes(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            // Slices of the path's own bytes: no copy per segment.
            let segments = bytes.split(separator: UInt8(ascii: "/"))
            var included = true
            for rule in rules where Self.match(rule.segments[...], segments[...]) {
                included = !rule.isExclusion
            }
            return included
        }
    }

    /// Whether a folder can be skipped whole: an exclusion of `folder/**` (or a parent) applies
    /// and no inclusion pattern could re-include something inside it.
    package func excludesWholeFolder(_ path: String) -> Bool {
        let probe = path + "/\u{1}"
        guard !includes(probe) else { return false }
        return !rules.contains { !$0.isExclusion && $0.segments.count > 1 }
    }

    static let globstar = Array("**".utf8)

    static func match(_ pattern: ArraySlice<[UInt8]>, _ path: ArraySlice<Slice<UnsafeBufferPointer<UInt8>>>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == globstar {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return true }
            var candidate = path
            while true {
                if match(rest, candidate) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(first[...], segment[...]) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    static func matchSegment(_ pattern: ArraySlice<UInt8>, _ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        switch first {
        case UInt8(ascii: "*"):
            var candidate = text
            while true {
                if matchSegment(pattern.dropFirst(), candidate) { return true }
                guard !candidate.isEmpty else { return false }
                candidate = candidate.dropFirst()
            }
        case UInt8(ascii: "?"):
            return !text.isEmpty && matchSegment(pattern.dropFirst(), text.dropFirst())
        default:
            return text.first == first && matchSegment(pattern.dropFirst(), text.dropFirst())
        }
    }
}
