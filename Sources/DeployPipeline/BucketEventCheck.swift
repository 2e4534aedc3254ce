/// `s3` events checked before anything is sent: S3's bucket naming rules, the event types it
/// knows, and configurations S3 would refuse as overlapping (the same event type on keys both
/// filters match) — across every function of the run that names the bucket.
enum BucketEventCheck {
    /// The event types `PutBucketNotificationConfiguration` accepts (the model's `Event` enum).
    static let eventTypes: Set<String> = [
        "s3:ReducedRedundancyLostObject", "s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post",
        "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete",
        "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed",
        "s3:Replication:*", "s3:Replication:OperationFailedReplication", "s3:Replication:OperationNotTracked",
        "s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold", "s3:ObjectRestore:Delete",
        "s3:LifecycleTransition", "s3:IntelligentTiering", "s3:ObjectAcl:Put", "s3:LifecycleExpiration:*",
        "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:ObjectTagging:*", "s3:ObjectTagging:Put",
        "s3:ObjectTagging:Delete",
    ]

    /// What is wrong with `name` as a bucket name, or `nil`: 3–63 lower-case letters, digits, dots
    /// and hyphens, starting and ending with a letter or digit, no two dots in a row, not an IP address.
    static func nameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return "is \(bytes.count) characters long (S3 takes 3 to 63)" }
        func alphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        guard bytes.allSatisfy({ alphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }) else {
            return "has characters other than lower-case letters, digits, dots and hyphens"
        }
        guard alphanumeric(bytes[0]), alphanumeric(bytes[bytes.count - 1]), !name.contains("..") else {
            return "must start and end with a letter or digit and have no two dots in a row"
        }
        let parts = name.split(separator: ".")
        if parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) { return "is written as an IP address" }
        return nil
    }

    /// Each event of `function` on its own: the bucket's name, the event types, the filter.
    static func check(_ function: FunctionDeployment) throws {
        for event in function.bucketEvents {
            // A bucket made before March 2018 in us-east-1 may have capitals and underscores: an existing one is only
            // checked for characters no bucket name ever had.
            let legacyName =
                event.isExisting && (3...255).contains(event.bucket.utf8.count)
                && event.bucket.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            if !legacyName, let problem = nameProblem(event.bucket) {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "\(function.name): the s3 event's bucket '\(event.bucket)' \(problem).",
                    fix: "Give the bucket's name as S3 has it (`my-uploads`), not its ARN or URL.")
            }
            if event.events.isEmpty {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "\(function.name): the s3 event on \(event.bucket) lists no event type.",
                    fix: "Leave `event:` out for \(BucketEventSettings.objectCreated), or name one (`s3:ObjectRemoved:*`).")
            }
            if let unknown = event.events.first(where: { !eventTypes.contains($0) }) {
                let suggestion = eventTypes.first { $0.lowercased() == unknown.lowercased() || $0 == "s3:" + unknown }
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "\(function.name): '\(unknown)' on \(event.bucket) is not an S3 event type.",
                    fix: suggestion.map { "Write \($0)." } ?? "Use one S3 sends, such as s3:ObjectCreated:* or s3:ObjectRemoved:Delete.")
            }
        }
    }

    /// `function`'s events against every event on the same buckets in the run (its own included):
    /// S3 refuses two configurations that send the same event type for a key both filters match.
    static func checkOverlaps(_ function: FunctionDeployment, shared: SharedResources) throws {
        for (index, event) in function.bucketEvents.enumerated() {
            for other in shared.bucketEvents[event.bucket] ?? [] where other.function != function.name || other.index > index {
                guard overlap(event, other.event) else { continue }
                let who = other.function == function.name ? "another of its s3 events" : "an s3 event of \(other.function)"
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "\(function.name): its s3 event on \(event.bucket) overlaps \(who): both send "
                        + "\(commonEvent(event, other.event)) for keys both filters match, which S3 refuses.",
                    fix: "Give the events prefixes or suffixes that no key matches both of (`uploads/` and `thumbnails/`), or "
                        + "different event types.")
            }
        }
    }

    static func overlap(_ first: BucketEventSettings, _ second: BucketEventSettings) -> Bool {
        func affixes(_ one: String?, _ two: String?, _ related: (String, String) -> Bool) -> Bool {
            guard let one, let two else { return true }
            return related(one, two) || related(two, one)
        }
        return first.events.contains { one in second.events.contains { covers(one, $0) || covers($0, one) } }
            && affixes(first.prefix, second.prefix) { $0.hasPrefix($1) } && affixes(first.suffix, second.suffix) { $0.hasSuffix($1) }
    }

    /// Whether event type `wide` includes `narrow` (`s3:ObjectCreated:*` includes `s3:ObjectCreated:Put`).
    private static func covers(_ wide: String, _ narrow: String) -> Bool {
        wide == narrow || (wide.hasSuffix(":*") && narrow.hasPrefix(wide.dropLast()))
    }

    private static func commonEvent(_ first: BucketEventSettings, _ second: BucketEventSettings) -> String {
        for one in first.events {
            for two in second.events where covers(one, two) || covers(two, one) { return covers(one, two) ? two : one }
        }
        return first.events.first ?? ""
    }
}
