/// Edit distances, for the "did you mean …?" part of an error message.
public enum Spelling {
    /// The Levenshtein distance between `a` and `b`, by bytes.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }

    /// The candidate closest to `word` (case-insensitively), when within `maximumDistance` edits.
    public static func nearest(_ word: String, in candidates: some Sequence<String>, maximumDistance: Int = 3) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = Self.distance(word.lowercased(), candidate.lowercased())
            if distance <= maximumDistance, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }
}
