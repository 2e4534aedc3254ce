/// An `eventBridge` (or `cloudwatchEvent`) event: an EventBridge rule on the default event bus
/// that invokes the function's alias with every event its pattern matches.
public struct EventPatternSettings: Sendable, Hashable {
    /// The event pattern, as JSON (`{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}`).
    public var pattern: String
    /// The JSON the rule sends instead of the matched event; `nil` for the event.
    public var input: String?
    /// Whether the rule fires (`enabled: false` keeps it, disabled).
    public var enabled: Bool
    /// The rule's description.
    public var description: String?

    /// A rule matching `pattern`.
    public init(pattern: String, input: String? = nil, enabled: Bool = true, description: String? = nil) {
        self.pattern = pattern
        self.input = input
        self.enabled = enabled
        self.description = description
    }
}
