import Foundation

/// An AWS region such as `us-east-1`, checked against the known regions.
///
/// Resolution order (`Region.resolve(explicit:context:)` in `DeployCore`): the value given in
/// code, `AWS_REGION`, `AWS_DEFAULT_REGION`, then the `region` of the selected profile in
/// `~/.aws/config`. No region at all is an error: this library never falls back silently to
/// `us-east-1`.
public struct Region: Sendable, Hashable, CustomStringConvertible {
    /// The region's name.
    public let name: String
    /// The region's partition.
    public let partition: Partition

    /// A known region; throws ``RegionError`` naming the nearest known ones otherwise.
    public init(_ name: String) throws(RegionError) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            throw RegionError(.missing, "the region is empty: set AWS_REGION (for example us-east-1)", suggestions: [])
        }
        guard let partition = Partition.containing(trimmed) else {
            let suggestions = Region.nearest(to: trimmed)
            throw RegionError(
                .unknown,
                "'\(trimmed)' is not an AWS region; did you mean \(suggestions.joined(separator: " or "))?",
                suggestions: suggestions
            )
        }
        self.name = trimmed
        self.partition = partition
    }

    /// A region that is not in the table (a region newer than this library, or a local stand-in),
    /// placed in the partition given.
    public init(unchecked name: String, partition: Partition = Partition.all[0]) {
        self.name = name
        self.partition = partition
    }

    public var description: String { name }

    /// The known regions closest to `name` by edit distance (at most three).
    package static func nearest(to name: String) -> [String] {
        let candidates = Partition.all.flatMap(\.regions)
        let scored = candidates.map { ($0, Spelling.distance($0, name.lowercased())) }
        let best = scored.map(\.1).min() ?? 0
        return scored.filter { $0.1 <= best + 1 }.sorted { $0.1 == $1.1 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(3).map(\.0)
    }
}

/// No region, or an unknown one.
public struct RegionError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Code: Sendable, Hashable {
        /// No region is set anywhere.
        case missing
        /// The name is not a known region.
        case unknown
    }

    /// What was wrong.
    public var code: Code
    /// What to do.
    public var message: String
    /// The nearest known regions, for ``Code/unknown``.
    public var suggestions: [String]

    package init(_ code: Code, _ message: String, suggestions: [String]) {
        self.code = code
        self.message = message
        self.suggestions = suggestions
    }

    public var description: String { "RegionError: \(message)" }
}
