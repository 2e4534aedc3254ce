// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire names its members.
import DeployCore
import Foundation

/// How a queue or stream feeds a function: what `CreateEventSourceMapping` and
/// `UpdateEventSourceMapping` set for an SQS queue, a DynamoDB stream or a Kinesis stream.
public struct EventSourceMappingSettings: Sendable, Hashable {
    /// Records per invocation (SQS: 1–10,000, above 10 with a batching window; streams: 1–10,000);
    /// `nil`: Lambda's default (10 for SQS, 100 for streams).
    public var batchSize: Int?
    /// How long Lambda gathers messages before invoking, in seconds (0–300); `nil`: 0.
    public var maximumBatchingWindow: Int?
    /// Whether the function reports the messages that failed (`ReportBatchItemFailures`), so the
    /// others are not retried.
    public var reportsBatchItemFailures: Bool
    /// Whether the mapping polls.
    public var enabled: Bool
    /// At most this many concurrent invocations from this queue (2–1,000); `nil`: no limit.
    public var maximumConcurrency: Int?
    /// A stream's: where reading starts when the mapping is created (`TRIM_HORIZON`, `LATEST`);
    /// Lambda cannot change it afterwards.
    public var startingPosition: String?
    /// A stream's: how often a failed batch is retried (-1: until its records expire).
    public var maximumRetryAttempts: Int?
    /// A stream's: whether a failed batch is split in two and retried.
    public var splitsFailedBatches: Bool?
    /// A stream's: batches of one shard processed at once (1–10).
    public var parallelizationFactor: Int?
    /// A stream's: records older than this many seconds are skipped (-1: never).
    public var maximumRecordAge: Int?

    /// Settings; Lambda's defaults unless given.
    public init(
        batchSize: Int? = nil, maximumBatchingWindow: Int? = nil, reportsBatchItemFailures: Bool = false, enabled: Bool = true,
        maximumConcurrency: Int? = nil, startingPosition: String? = nil, maximumRetryAttempts: Int? = nil,
        splitsFailedBatches: Bool? = nil, parallelizationFactor: Int? = nil, maximumRecordAge: Int? = nil
    ) {
        self.batchSize = batchSize
        self.maximumBatchingWindow = maximumBatchingWindow
        self.reportsBatchItemFailures = reportsBatchItemFailures
        self.enabled = enabled
        self.maximumConcurrency = maximumConcurrency
        self.startingPosition = startingPosition
        self.maximumRetryAttempts = maximumRetryAttempts
        self.splitsFailedBatches = splitsFailedBatches
        self.parallelizationFactor = parallelizationFactor
        self.maximumRecordAge = maximumRecordAge
    }
}

/// An event source mapping as Lambda reports it.
public struct EventSourceMapping: Sendable, Hashable, Decodable {
    /// The mapping's id.
    public var uuid: String
    /// The queue's (or stream's) ARN.
    public var eventSourceARN: String?
    /// The function (or alias, or version) it invokes.
    public var functionARN: String?
    /// `Creating`, `Enabling`, `Enabled`, `Disabling`, `Disabled`, `Updating`, `Deleting`.
    public var state: String?
    /// Why it is in that state.
    public var stateTransitionReason: String?
    /// Messages per invocation.
    public var batchSize: Int?
    /// The batching window in seconds.
    public var maximumBatchingWindow: Int?
    /// `ReportBatchItemFailures`, when set.
    public var functionResponseTypes: [String]
    /// The concurrency limit, when set.
    public var maximumConcurrency: Int?
    /// A stream's starting position (`TRIM_HORIZON`, `LATEST`).
    public var startingPosition: String?
    /// A stream's retries of a failed batch.
    public var maximumRetryAttempts: Int?
    /// Whether a stream's failed batch is split in two.
    public var splitsFailedBatches: Bool?
    /// A stream's batches of one shard at once.
    public var parallelizationFactor: Int?
    /// A stream's oldest record age, in seconds.
    public var maximumRecordAge: Int?

    enum CodingKeys: String, CodingKey {
        case UUID, EventSourceArn, FunctionArn, State, StateTransitionReason, BatchSize, MaximumBatchingWindowInSeconds
        case FunctionResponseTypes, ScalingConfig, StartingPosition, MaximumRetryAttempts, BisectBatchOnFunctionError
        case ParallelizationFactor, MaximumRecordAgeInSeconds
    }
    private struct Scaling: Decodable { var MaximumConcurrency: Int? }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uuid = try container.decode(String.self, forKey: .UUID)
        eventSourceARN = try container.decodeIfPresent(String.self, forKey: .EventSourceArn)
        functionARN = try container.decodeIfPresent(String.self, forKey: .FunctionArn)
        state = try container.decodeIfPresent(String.self, forKey: .State)
        stateTransitionReason = try container.decodeIfPresent(String.self, forKey: .StateTransitionReason)
        batchSize = try container.decodeIfPresent(Int.self, forKey: .BatchSize)
        maximumBatchingWindow = try container.decodeIfPresent(Int.self, forKey: .MaximumBatchingWindowInSeconds)
        functionResponseTypes = try container.decodeIfPresent([String].self, forKey: .FunctionResponseTypes) ?? []
        maximumConcurrency = try container.decodeIfPresent(Scaling.self, forKey: .ScalingConfig)?.MaximumConcurrency
        startingPosition = try container.decodeIfPresent(String.self, forKey: .StartingPosition)
        maximumRetryAttempts = try container.decodeIfPresent(Int.self, forKey: .MaximumRetryAttempts)
        splitsFailedBatches = try container.decodeIfPresent(Bool.self, forKey: .BisectBatchOnFunctionError)
        parallelizationFactor = try container.decodeIfPresent(Int.self, forKey: .ParallelizationFactor)
        maximumRecordAge = try container.decodeIfPresent(Int.self, forKey: .MaximumRecordAgeInSeconds)
    }

    /// The settings this mapping has, for comparing with the ones wanted (Lambda's defaults where
    /// it reports none: batch size 10, no window).
    public var settings: EventSourceMappingSettings {
        EventSourceMappingSettings(
            batchSize: batchSize, maximumBatchingWindow: maximumBatchingWindow,
            reportsBatchItemFailures: functionResponseTypes.contains("ReportBatchItemFailures"),
            enabled: !["Disabled", "Disabling"].contains(state ?? ""), maximumConcurrency: maximumConcurrency,
            startingPosition: startingPosition, maximumRetryAttempts: maximumRetryAttempts, splitsFailedBatches: splitsFailedBatches,
            parallelizationFactor: parallelizationFactor, maximumRecordAge: maximumRecordAge)
    }
}

/// The body of `CreateEventSourceMapping` and `UpdateEventSourceMapping`.
struct EventSourceMappingInput: Encodable {
    struct Scaling: Encodable { var MaximumConcurrency: Int }
    var EventSourceArn: String?
    var FunctionName: String?
    var Enabled: Bool
    var BatchSize: Int?
    var MaximumBatchingWindowInSeconds: Int?
    var FunctionResponseTypes: [String]
    var ScalingConfig: Scaling?
    var StartingPosition: String?
    var MaximumRetryAttempts: Int?
    var BisectBatchOnFunctionError: Bool?
    var ParallelizationFactor: Int?
    var MaximumRecordAgeInSeconds: Int?

    /// The settings for `source`; a stream's starting position only on creation (Lambda cannot change it).
    init(source: String?, function: String?, _ settings: EventSourceMappingSettings) {
        EventSourceArn = source
        FunctionName = function
        Enabled = settings.enabled
        BatchSize = settings.batchSize
        MaximumBatchingWindowInSeconds = settings.maximumBatchingWindow
        FunctionResponseTypes = settings.reportsBatchItemFailures ? ["ReportBatchItemFailures"] : []
        ScalingConfig = settings.maximumConcurrency.map { Scaling(MaximumConcurrency: $0) }
        StartingPosition = source == nil ? nil : settings.startingPosition
        MaximumRetryAttempts = settings.maximumRetryAttempts
        BisectBatchOnFunctionError = settings.splitsFailedBatches
        ParallelizationFactor = settings.parallelizationFactor
        MaximumRecordAgeInSeconds = settings.maximumRecordAge
    }
}
