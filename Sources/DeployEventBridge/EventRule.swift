/// A rule on the default event bus, as `ListRules` reports it.
public struct EventRule: Sendable, Hashable, Decodable {
    /// The rule's name.
    public var name: String
    /// Its ARN (`arn:aws:events:REGION:ACCOUNT:rule/NAME`).
    public var arn: String?
    /// `rate(5 minutes)` or `cron(0 12 * * ? *)`, for a scheduled rule.
    public var scheduleExpression: String?
    /// The JSON event pattern, for a rule matching events.
    public var eventPattern: String?
    /// `ENABLED` or `DISABLED`.
    public var state: String?
    /// The rule's description.
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case arn = "Arn"
        case scheduleExpression = "ScheduleExpression"
        case eventPattern = "EventPattern"
        case state = "State"
        case description = "Description"
    }

    /// A rule given in code.
    public init(
        name: String, arn: String? = nil, scheduleExpression: String? = nil, eventPattern: String? = nil, state: String? = nil,
        description: String? = nil
    ) {
        self.name = name
        self.arn = arn
        self.scheduleExpression = scheduleExpression
        self.eventPattern = eventPattern
        self.state = state
        self.description = description
    }

    /// Whether the rule fires.
    public var isEnabled: Bool { state != "DISABLED" }
}

/// A rule's target: what it invokes, and the event it sends.
public struct EventTarget: Sendable, Hashable, Codable {
    /// The target's id within the rule.
    public var id: String
    /// What is invoked (a Lambda alias's ARN).
    public var arn: String
    /// The JSON sent instead of the event, when given.
    public var input: String?

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case arn = "Arn"
        case input = "Input"
    }

    /// A target.
    public init(id: String, arn: String, input: String? = nil) {
        self.id = id
        self.arn = arn
        self.input = input
    }
}

/// A schedule expression EventBridge accepts, checked before any call: `rate(1 minute)`,
/// `rate(5 minutes)` (singular for 1, plural otherwise), `cron(MIN HOUR DAY MONTH WEEKDAY YEAR)`.
public enum ScheduleExpression {
    /// `nil` when `text` is valid, else what is wrong and how to write it.
    public static func problem(_ text: String) -> String? {
        if text.hasPrefix("rate("), text.hasSuffix(")") {
            let parts = text.dropFirst(5).dropLast().split(separator: " ")
            guard parts.count == 2, let value = Int(parts[0]), value > 0 else {
                return "\(text) is not rate(VALUE UNIT): write rate(5 minutes)"
            }
            let unit = String(parts[1])
            guard ["minute", "minutes", "hour", "hours", "day", "days"].contains(unit) else {
                return "\(text): the unit must be minute(s), hour(s) or day(s)"
            }
            let singular = !unit.hasSuffix("s")
            guard singular == (value == 1) else {
                return "\(text): EventBridge wants the singular unit for 1 and the plural otherwise "
                    + "(rate(1 \(singular ? unit : String(unit.dropLast()))) … rate(\(value) \(singular ? unit + "s" : unit)))"
            }
            return nil
        }
        if text.hasPrefix("cron("), text.hasSuffix(")") {
            let fields = text.dropFirst(5).dropLast().split(separator: " ")
            guard fields.count == 6 else {
                return "\(text) has \(fields.count) fields; EventBridge's cron has 6: minutes hours day-of-month month day-of-week year, "
                    + "as in cron(0 12 * * ? *)"
            }
            guard fields[2] == "?" || fields[4] == "?" else {
                return "\(text): one of day-of-month and day-of-week must be ?, as in cron(0 12 * * ? *)"
            }
            return nil
        }
        return "\(text) is neither rate(…) nor cron(…)"
    }
}
