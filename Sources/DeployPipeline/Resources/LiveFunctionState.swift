import DeployAPIGateway
import DeployCore
import DeployIAM
import DeployLambda
import DeployLogs

/// What AWS has for one function, read with `Get`/`List` calls only, independent reads at once:
/// the function, its alias, the role and its inline policies, the versions, and the REST API.
struct LiveFunctionState: Sendable {
    /// `$LATEST`, or `nil` when the function does not exist.
    var latest: FunctionConfiguration?
    /// The alias, or `nil`.
    var alias: AliasConfiguration?
    /// The configuration of the version the alias points at (read with ``Scope/inUse`` when the
    /// alias's ``AliasRecord`` names it: `$LATEST` with the recorded version and `CodeSha256`).
    var served: FunctionConfiguration?
    /// The input fingerprint recorded for the served version (in its description, or the alias's).
    var servedFingerprint: String?
    /// The managed role, when the function has one.
    var role: RoleResource.Live?
    /// Published version numbers, ascending.
    var versions: [Int]
    /// The REST API, when the function has routes.
    var api: RestAPIResource.Live?
    /// The function URL on the alias and this library's statements for it.
    var url: FunctionURLResource.Live?
    /// The HTTP API, when the function has one.
    var httpAPI: HTTPAPIResource.Live?
    /// The log group: `nil` when the function sets no retention, `.some(nil)` when there is none.
    var logGroup: LogGroup??
    /// The function's scheduled rules, their targets and permissions.
    var schedules: ScheduleResource.Live?
    /// The function's event-pattern rules, their targets and permissions.
    var eventPatterns: ScheduleResource.Live?
    /// The function's queues: event source mappings on the alias, and the role's access.
    var queues: EventSourceResource.Live?
    /// The function's streams: event source mappings on the alias, and the role's access.
    var streams: EventSourceResource.Live?
    /// This library's Alexa statements on the alias's policy.
    var alexaStatements: Set<String>?
    /// The buckets whose notifications invoke the alias, or that it wants to.
    var bucketEvents: BucketEventResource.Live?
    /// Reserved and provisioned concurrency, when the configuration sets them.
    var concurrency: ConcurrencyResource.Live?
    /// The function's tags, when the configuration sets them.
    var tags: [String: String]?

    /// How much of it is read.
    enum Scope {
        /// Everything, what the configuration no longer has included (to be removed).
        case full
        /// For a function whose inputs did not change since the deploy of the version its alias
        /// serves — a deploy that removed what the configuration no longer had: the function, the
        /// alias, the served version and the kinds the configuration uses (no published versions,
        /// no function URL, rules, queue mappings or bucket notifications it does not declare).
        case inUse
    }

    /// `shared` caches what one list answers for every function of a run (the event source
    /// mappings); `nil` reads it afresh.
    static func read(
        _ function: FunctionDeployment, account: String, clients: ServiceClients, shared: SharedResources? = nil, scope: Scope = .full
    ) async throws -> LiveFunctionState {
        let lambda = clients.lambda
        let everything = scope == .full
        async let latest = absentIfNotFound { try await lambda.configuration(function.name) }
        async let alias = absentIfNotFound { try await lambda.alias(function.name, name: function.alias) }
        // Everything: the version the alias serves, read through the alias at the same time (one round
        // trip, not two). In use: the alias's record names it, most often, and it is not read at all.
        async let servedThroughAlias: FunctionConfiguration? =
            everything ? absentIfNotFound { try await lambda.configuration(function.name, qualifier: function.alias) } : nil
        async let versions = everything ? absentIfNotFound { try await lambda.versions(function.name).collect() } : []
        async let role = RoleResource.read(function, clients: clients)
        async let api =
            function.routes.isEmpty ? nil : RestAPIResource.read(function, account: account, clients: clients, shared: shared)
        async let url =
            everything || function.url != nil
            ? FunctionURLResource.read(function, clients: clients) : FunctionURLResource.Live(configuration: nil, statements: [])
        async let logGroup = LogGroupResource.read(function, clients: clients)
        async let httpAPI = HTTPAPIResource.read(function, account: account, clients: clients)
        async let schedules =
            everything || !function.schedules.isEmpty
            ? ScheduleResource.read(function, clients: clients) : ScheduleResource.Live(rules: [], targets: [:], statements: [])
        async let eventPatterns =
            everything || !function.eventPatterns.isEmpty
            ? ScheduleResource.read(function, .patterns, clients: clients) : ScheduleResource.Live(rules: [], targets: [:], statements: [])
        let region = clients.region
        let aliasARN = "arn:\(region.partition.id):lambda:\(region.name):\(account):function:\(function.name):\(function.alias)"
        async let queues =
            everything || !function.queues.isEmpty
            ? EventSourceResource.read(function, .queues, aliasARN: aliasARN, clients: clients, shared: shared)
            : EventSourceResource.Live(mappings: [], granted: nil)
        async let streams =
            everything || !function.streams.isEmpty
            ? EventSourceResource.read(function, .streams, aliasARN: aliasARN, clients: clients, shared: shared)
            : EventSourceResource.Live(mappings: [], granted: nil)
        async let onPolicy = AliasPolicyStatements.read(
            function, buckets: everything || !function.bucketEvents.isEmpty, skills: everything || !function.alexaSkills.isEmpty,
            clients: clients)
        async let concurrency = ConcurrencyResource.read(function, clients: clients)
        async let tags = TagsResource.read(function, clients: clients)
        // The function first: its error (a missing permission, another region) is the one to report.
        let latestValue = try await latest
        let aliasValue = try await alias
        var served: FunctionConfiguration?
        var servedFingerprint: String?
        let throughAlias = try await servedThroughAlias
        if let aliasValue {
            if aliasValue.functionVersion == "$LATEST" {
                // An alias on `$LATEST` (the AWS CLI's seed job leaves it there) serves what was just read.
                served = latestValue
            } else if !everything, let record = AliasRecord(aliasValue.description), record.version == aliasValue.functionVersion,
                var standIn = latestValue
            {
                // The version the pipeline published from `$LATEST`: a `$LATEST` changed since shows as
                // drift against the configuration, and code changed since against the recorded `CodeSha256`.
                standIn.version = record.version
                standIn.codeSHA256 = record.codeSHA256
                served = standIn
                servedFingerprint = record.fingerprint
            } else if let throughAlias, throughAlias.version == aliasValue.functionVersion {
                served = throughAlias
            } else {
                // Not recorded, or the alias moved between the two reads: the version it names now.
                served = try await absentIfNotFound { try await lambda.configuration(function.name, qualifier: aliasValue.functionVersion) }
            }
        }
        let numbers = (try await versions ?? []).compactMap { $0.version.flatMap(Int.init) }.sorted()
        return LiveFunctionState(
            latest: latestValue, alias: aliasValue, served: served,
            servedFingerprint: servedFingerprint ?? InputFingerprint.recorded(in: served?.description), role: try await role,
            versions: numbers,
            api: try await api, url: try await url, httpAPI: try await httpAPI,
            logGroup: try await logGroup, schedules: try await schedules, eventPatterns: try await eventPatterns, queues: try await queues,
            streams: try await streams,
            alexaStatements: try await onPolicy.skills, bucketEvents: try await onPolicy.buckets,
            concurrency: try await concurrency, tags: try await tags)
    }
}

extension LiveFunctionState {
    /// This state read with ``Scope/inUse``, completed into what ``Scope/full`` reads: the
    /// published versions, and the function URL, rules, queue mappings and bucket notifications the
    /// configuration does not declare — one round trip more, nothing read twice.
    func completed(
        _ function: FunctionDeployment, account: String, clients: ServiceClients, shared: SharedResources?
    ) async throws -> LiveFunctionState {
        let lambda = clients.lambda
        async let versions = absentIfNotFound { try await lambda.versions(function.name).collect() }
        async let url = function.url == nil ? FunctionURLResource.read(function, clients: clients) : self.url
        async let schedules = function.schedules.isEmpty ? ScheduleResource.read(function, clients: clients) : self.schedules
        async let eventPatterns =
            function.eventPatterns.isEmpty ? ScheduleResource.read(function, .patterns, clients: clients) : self.eventPatterns
        let region = clients.region
        let aliasARN = "arn:\(region.partition.id):lambda:\(region.name):\(account):function:\(function.name):\(function.alias)"
        async let queues =
            function.queues.isEmpty
            ? EventSourceResource.read(function, .queues, aliasARN: aliasARN, clients: clients, shared: shared) : self.queues
        async let streams =
            function.streams.isEmpty
            ? EventSourceResource.read(function, .streams, aliasARN: aliasARN, clients: clients, shared: shared) : self.streams
        async let onPolicy = AliasPolicyStatements.read(
            function, buckets: function.bucketEvents.isEmpty, skills: function.alexaSkills.isEmpty, clients: clients)
        var full = self
        full.versions = (try await versions ?? []).compactMap { $0.version.flatMap(Int.init) }.sorted()
        full.url = try await url
        full.schedules = try await schedules
        full.eventPatterns = try await eventPatterns
        full.queues = try await queues
        full.streams = try await streams
        let read = try await onPolicy
        if function.bucketEvents.isEmpty { full.bucketEvents = read.buckets }
        if function.alexaSkills.isEmpty { full.alexaStatements = read.skills }
        return full
    }
}

/// The value, or `nil` when AWS says the resource does not exist.
func absentIfNotFound<T: Sendable>(_ read: () async throws -> T) async throws -> T? {
    do {
        return try await read()
    } catch let error as AWSServiceError
        where ["ResourceNotFoundException", "NoSuchEntity", "NotFoundException", "ProvisionedConcurrencyConfigNotFoundException"]
        .contains(error.code)
    {
        return nil
    }
}

/// What `read` lists; when the function wants none of that kind (`wanted` false), a refused read
/// — a deploy user never granted it — is logged and gives `nil`: what the function had before, if
/// any, is left.
func listUnlessRefused<Item>(
    _ kind: String, wanted: Bool, function: String, clients: ServiceClients, _ read: () async throws -> [Item]
) async throws -> [Item]? {
    do {
        return try await read()
    } catch  where !wanted {
        clients.configuration.logger.warning(
            "\(kind) could not be read: what this function had before, if any, is left",
            metadata: ["function": "\(function)", "error": "\(error)"])
        return nil
    }
}
