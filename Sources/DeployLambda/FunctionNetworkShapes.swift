/// The VPC a function's network interfaces live in: subnets and security groups (both empty:
/// no VPC).
public struct FunctionVPC: Sendable, Hashable, Codable {
    /// `subnet-…` ids, in at least two availability zones for resilience.
    public var subnetIDs: [String]
    /// `sg-…` ids.
    public var securityGroupIDs: [String]

    /// A VPC configuration.
    public init(subnetIDs: [String], securityGroupIDs: [String]) {
        self.subnetIDs = subnetIDs
        self.securityGroupIDs = securityGroupIDs
    }

    /// Detaches the function from its VPC.
    public static let none = FunctionVPC(subnetIDs: [], securityGroupIDs: [])

    enum CodingKeys: String, CodingKey {
        case subnetIDs = "SubnetIds"
        case securityGroupIDs = "SecurityGroupIds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        subnetIDs = try container.decodeIfPresent([String].self, forKey: .subnetIDs) ?? []
        securityGroupIDs = try container.decodeIfPresent([String].self, forKey: .securityGroupIDs) ?? []
    }

    /// The same configuration with the ids sorted (Lambda does not keep their order).
    public var normalized: FunctionVPC { FunctionVPC(subnetIDs: subnetIDs.sorted(), securityGroupIDs: securityGroupIDs.sorted()) }
}

/// Where a function's failed asynchronous invocations go: an SQS queue's or SNS topic's ARN.
public struct FunctionDeadLetter: Sendable, Hashable, Codable {
    /// The queue's or topic's ARN; empty removes it.
    public var targetARN: String

    /// A dead-letter target.
    public init(targetARN: String) { self.targetARN = targetARN }

    enum CodingKeys: String, CodingKey { case targetARN = "TargetArn" }

    public init(from decoder: any Decoder) throws {
        targetARN = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .targetARN) ?? ""
    }
}

/// How a function's logs are written: `Text` or `JSON`, and for JSON the levels that are kept.
public struct FunctionLogging: Sendable, Hashable, Codable {
    /// `Text` or `JSON`.
    public var format: String
    /// `TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`, `FATAL` (JSON only).
    public var applicationLogLevel: String?
    /// `DEBUG`, `INFO`, `WARN` (JSON only).
    public var systemLogLevel: String?

    /// A logging configuration.
    public init(format: String, applicationLogLevel: String? = nil, systemLogLevel: String? = nil) {
        self.format = format
        self.applicationLogLevel = applicationLogLevel
        self.systemLogLevel = systemLogLevel
    }

    enum CodingKeys: String, CodingKey {
        case format = "LogFormat"
        case applicationLogLevel = "ApplicationLogLevel"
        case systemLogLevel = "SystemLogLevel"
    }

    /// What is wrong with these settings for Lambda, or `nil`.
    public var problem: String? {
        guard ["Text", "JSON"].contains(format) else { return "log format \(format) is neither Text nor JSON" }
        if format == "Text", applicationLogLevel != nil || systemLogLevel != nil {
            return "log levels need the JSON log format (Lambda filters by level only in JSON)"
        }
        if let level = applicationLogLevel, !["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"].contains(level) {
            return "application log level \(level) is not TRACE, DEBUG, INFO, WARN, ERROR or FATAL"
        }
        if let level = systemLogLevel, !["DEBUG", "INFO", "WARN"].contains(level) {
            return "system log level \(level) is not DEBUG, INFO or WARN"
        }
        return nil
    }
}
