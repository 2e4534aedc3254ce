/// A `schedule` event: an EventBridge rule that invokes the function's alias on a schedule.
public struct ScheduleSettings: Sendable, Hashable {
    /// `rate(5 minutes)` or `cron(0 12 * * ? *)` (checked before any call).
    public var expression: String
    /// The JSON the rule sends instead of EventBridge's scheduled event; `nil` for that event.
    public var input: String?
    /// Whether the rule fires (`enabled: false` keeps it, disabled).
    public var enabled: Bool
    /// The rule's description.
    public var description: String?

    /// A schedule.
    public init(_ expression: String, input: String? = nil, enabled: Bool = true, description: String? = nil) {
        self.expression = expression
        self.input = input
        self.enabled = enabled
        self.description = description
    }
}
