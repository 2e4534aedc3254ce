import DeployLambda

/// An `sqs` event: a queue that feeds the function's alias through an event source mapping.
public struct QueueSubscription: Sendable, Hashable {
    /// The queue's ARN (`arn:aws:sqs:REGION:ACCOUNT:NAME`).
    public var queueARN: String
    /// Batch size, window, partial batch failures, enabled, concurrency.
    public var settings: EventSourceMappingSettings

    /// A queue feeding the function, with Lambda's defaults unless given.
    public init(queueARN: String, _ settings: EventSourceMappingSettings = EventSourceMappingSettings()) {
        self.queueARN = queueARN
        self.settings = settings
    }
}

/// A `stream` event: a DynamoDB stream or a Kinesis stream that feeds the function's alias through
/// an event source mapping.
public struct StreamSubscription: Sendable, Hashable {
    /// The stream's ARN (`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`,
    /// `arn:aws:kinesis:REGION:ACCOUNT:stream/NAME`).
    public var streamARN: String
    /// Batch size, window, starting position (`TRIM_HORIZON` unless given, as the Serverless
    /// Framework starts), retries, batch splitting, parallelization, record age, partial batch
    /// failures, enabled.
    public var settings: EventSourceMappingSettings

    /// A stream feeding the function, read from its oldest record unless `settings` say otherwise.
    public init(streamARN: String, _ settings: EventSourceMappingSettings = EventSourceMappingSettings()) {
        self.streamARN = streamARN
        var settings = settings
        settings.startingPosition = settings.startingPosition ?? "TRIM_HORIZON"
        self.settings = settings
    }
}
