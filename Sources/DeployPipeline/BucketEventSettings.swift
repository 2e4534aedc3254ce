/// An `s3` event: the bucket's notifications of `events` on keys matching the filter invoke the
/// function's alias.
public struct BucketEventSettings: Sendable, Hashable {
    /// S3's event a notification sends when none is given: every way an object is created.
    public static let objectCreated = "s3:ObjectCreated:*"

    /// The bucket's name.
    public var bucket: String
    /// The event types (`s3:ObjectCreated:*`, `s3:ObjectRemoved:Delete`; checked before any call).
    public var events: [String]
    /// Only keys that start with this (`uploads/`); `nil` for every key.
    public var prefix: String?
    /// Only keys that end with this (`.jpg`); `nil` for every key.
    public var suffix: String?
    /// Whether the bucket is someone else's and must exist (`existing: true`): never created. A
    /// bucket that does not exist otherwise is created private, encrypted by default and tagged
    /// `lambdadeploykit:managed`, as the Serverless Framework creates it in its stack.
    public var isExisting: Bool

    /// An event on `bucket`.
    public init(
        bucket: String, events: [String] = [Self.objectCreated], prefix: String? = nil, suffix: String? = nil, isExisting: Bool = false
    ) {
        self.bucket = bucket
        self.events = events
        self.prefix = prefix
        self.suffix = suffix
        self.isExisting = isExisting
    }
}
