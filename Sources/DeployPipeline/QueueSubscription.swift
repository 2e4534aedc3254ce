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
