import DeployCore
import DeployLambda
import DeployS3

/// The function's `s3` events as a resource kind: on each bucket, one notification configuration
/// per event invoking the alias (`lambdadeploykit-FUNCTION-ALIAS-N`), with the alias's permission
/// for that bucket (`lambdadeploykit-s3-BUCKET`, its account named so that a bucket of the same
/// name in another account cannot invoke it). A bucket that does not exist is created private
/// (unless the event says it is `existing`).
///
/// A bucket's notifications are one document that `PutBucketNotificationConfiguration` replaces
/// whole, with no revision to guard the write: the configurations that invoke this alias are this
/// kind's, everything else on the bucket (others' functions, queues, topics, EventBridge) is kept
/// as read just before the write, and writes to one bucket run one at a time. Buckets wired before
/// are found from the alias's policy; when an event leaves the configuration, its notification and
/// the permission are removed, the bucket stays.
enum BucketEventResource {
    /// What S3 and the alias's policy have.
    struct Live: Sendable {
        /// Each bucket wanted or wired before: its notifications, or `nil` when it does not exist.
        var buckets: [String: BucketNotificationConfiguration?] = [:]
        /// The buckets this library's statements on the alias's policy let invoke it.
        var permitted: Set<String> = []
    }

    static let statementPrefix = "lambdadeploykit-s3-"

    /// The alias's statement letting `bucket` invoke it (a statement id has no dots; bucket names
    /// have no underscores, so the bucket can be read back).
    static func statementID(_ bucket: String) -> String {
        statementPrefix + bucket.replacingOccurrences(of: ".", with: "_")
    }

    /// The bucket a statement of this kind names.
    static func bucket(ofStatement id: String) -> String? {
        guard id.hasPrefix(statementPrefix) else { return nil }
        return String(id.dropFirst(statementPrefix.count)).replacingOccurrences(of: "_", with: ".")
    }

    /// Writes to one bucket's notifications, one at a time in this process.
    static let writes = KeyedSerialization()

    /// The notifications `function` wants, by bucket, each with its id.
    static func wanted(_ function: FunctionDeployment, aliasARN: String) -> [String: [BucketNotificationConfiguration.Notification]] {
        var wanted: [String: [BucketNotificationConfiguration.Notification]] = [:]
        for event in function.bucketEvents {
            let number = (wanted[event.bucket]?.count ?? 0) + 1
            wanted[event.bucket, default: []].append(
                BucketNotificationConfiguration.Notification(
                    id: "lambdadeploykit-\(function.name)-\(function.alias)-\(number)", destination: .function, arn: aliasARN,
                    events: event.events, prefix: event.prefix, suffix: event.suffix))
        }
        return wanted
    }

    /// The notifications of every bucket wanted or named by a statement of this kind on the alias's
    /// `policy` (read by ``AliasPolicyStatements``), at once. A bucket no longer wanted that cannot
    /// be read is left (logged). A bucket an event calls `existing` that does not exist is refused
    /// here, before anything is written.
    static func read(_ function: FunctionDeployment, policy: ResourcePolicy?, clients: ServiceClients) async throws -> Live {
        let permitted = Set(policy?.statements.compactMap(\.id).compactMap(bucket(ofStatement:)) ?? [])
        let wanted = Set(function.bucketEvents.map(\.bucket))
        let s3 = clients.s3
        var live = Live(permitted: permitted)
        try await withThrowingTaskGroup(of: (String, BucketNotificationConfiguration??).self) { group in
            for bucket in wanted.union(permitted) {
                group.addTask {
                    do {
                        return (bucket, .some(try await s3.notificationConfiguration(bucket)))
                    } catch let error as AWSServiceError where error.code == "NoSuchBucket" {
                        return (bucket, .some(nil))
                    } catch let error as AWSServiceError where error.code == "PermanentRedirect" && wanted.contains(bucket) {
                        throw DeploymentDiagnosis(
                            kind: .invalidInput,
                            summary: "\(function.name): the bucket \(bucket) of its s3 event is in another region than "
                                + "\(clients.region.name); S3 notifies only functions in the bucket's region.",
                            fix: "Deploy the function to the bucket's region, or use a bucket in \(clients.region.name).")
                    } catch  where !wanted.contains(bucket) {
                        clients.configuration.logger.warning(
                            "the notifications of bucket \(bucket) could not be read: what this function had there is left",
                            metadata: ["function": "\(function.name)", "error": "\(error)"])
                        return (bucket, nil)
                    }
                }
            }
            for try await (bucket, configuration) in group {
                if let configuration { live.buckets[bucket] = configuration }
            }
        }
        for event in function.bucketEvents where event.isExisting {
            if case .some(.none) = live.buckets[event.bucket] {
                throw DeploymentDiagnosis(
                    kind: .resourceNotFound,
                    summary: "\(function.name): the bucket \(event.bucket) of its s3 event (`existing: true`) does not exist.",
                    fix: "Create the bucket first (or check its name and the region), or leave out `existing: true` to have the deploy "
                        + "create it.")
            }
        }
        return live
    }

    static func action(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction? {
        let function = inputs.function
        let live = inputs.live.bucketEvents ?? Live()
        let aliasARN = inputs.aliasARN
        let wanted = wanted(function, aliasARN: aliasARN)
        // A bucket wired before that could not be read is left as it is, its permission included.
        let buckets = Set(wanted.keys).union(live.buckets.keys).sorted()
        guard !buckets.isEmpty else { return nil }
        typealias Notification = BucketNotificationConfiguration.Notification
        func ours(_ bucket: String) -> [Notification] {
            (live.buckets[bucket] ?? nil)?.notifications.filter { $0.destination == .function && $0.arn == aliasARN } ?? []
        }
        var changes: [AttributeChange] = []
        var toCreate: Set<String> = []
        var toWrite: Set<String> = []
        for bucket in buckets {
            let desired = wanted[bucket] ?? []
            let exists = live.buckets[bucket].map { $0 != nil }
            if !desired.isEmpty, exists == false {
                changes.append(AttributeChange("bucket \(bucket)", nil, "private, encrypted"))
                toCreate.insert(bucket)
            }
            if Set(ours(bucket)) != Set(desired), exists != nil || !desired.isEmpty {
                changes.append(AttributeChange("notifications on \(bucket)", describe(ours(bucket)), describe(desired)))
                toWrite.insert(bucket)
            }
            let permitted = live.permitted.contains(bucket)
            if !desired.isEmpty, !permitted { changes.append(AttributeChange("permission \(statementID(bucket))", nil, "s3")) }
            if desired.isEmpty, permitted { changes.append(AttributeChange("permission \(statementID(bucket))", "s3", nil)) }
        }
        let change: PlannedChange =
            changes.isEmpty ? .keep : (live.permitted.isEmpty && !wanted.isEmpty ? .create : (wanted.isEmpty ? .delete : .update))
        let (create, write) = (toCreate, toWrite)
        let lambda = inputs.clients.lambda
        let s3 = inputs.clients.s3
        let partition = inputs.clients.region.partition.id
        let account = inputs.account
        return PlannedAction(
            id: inputs.id("bucket-events"), function: function.name, step: .events, resource: "s3 events of \(function.alias)",
            change: change, attributes: changes,
            detail: change == .keep
                ? "\(function.bucketEvents.count) s3 event(s) as configured" : changes.map(\.description).joined(separator: "; "),
            dependencies: dependencies
        ) { _ in
            var policy = AliasPolicyWriter(function, lambda: lambda)
            var done: [String] = []
            for bucket in buckets {
                let desired = wanted[bucket] ?? []
                if create.contains(bucket) { try await s3.ensurePrivateBucket(bucket) }
                // S3 sends a new destination a test event: the alias must let the bucket invoke it first.
                if !desired.isEmpty, !live.permitted.contains(bucket) {
                    try await policy.add(
                        statementID(bucket), principal: "s3.amazonaws.com", sourceARN: "arn:\(partition):s3:::\(bucket)",
                        sourceAccount: account)
                }
                if write.contains(bucket) {
                    try await replace(on: bucket, target: { $0 == aliasARN }, with: desired, s3: s3)
                    done.append(desired.isEmpty ? "removed from \(bucket)" : "\(bucket): \(describe(desired) ?? "")")
                }
                if desired.isEmpty, live.permitted.contains(bucket) { try await policy.remove(statementID(bucket)) }
            }
            return done.isEmpty ? "permissions as configured" : done.joined(separator: "; ")
        }
    }

    /// `s3:ObjectCreated:* uploads/* *.jpg`; `nil` for none.
    static func describe(_ notifications: [BucketNotificationConfiguration.Notification]) -> String? {
        guard !notifications.isEmpty else { return nil }
        return notifications.map { notification in
            notification.events.joined(separator: "+") + (notification.prefix.map { " \($0)*" } ?? "")
                + (notification.suffix.map { " *\($0)" } ?? "")
        }.joined(separator: ", ")
    }

    /// Replaces the function configurations on `bucket` whose target `target` accepts with
    /// `notifications`, keeping everything else as S3 has it now; writes only when that changes
    /// the document. A bucket gone meanwhile has nothing to remove.
    static func replace(
        on bucket: String, target: @escaping @Sendable (String) -> Bool, with notifications: [BucketNotificationConfiguration.Notification],
        s3: S3Client
    ) async throws {
        try await writes.run("bucket:\(bucket)") {
            let current: BucketNotificationConfiguration
            do {
                current = try await s3.notificationConfiguration(bucket)
            } catch let error as AWSServiceError where error.code == "NoSuchBucket" && notifications.isEmpty {
                return
            }
            var updated = current
            updated.notifications = current.notifications.filter { !($0.destination == .function && target($0.arn)) } + notifications
            if updated != current { try await s3.putNotificationConfiguration(bucket, updated) }
        }
    }
}
