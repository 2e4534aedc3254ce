import DeployCore

/// CloudWatch Logs (JSON 1.1, API 2014-03-28): the log groups Lambda writes to, and their
/// retention.
///
/// ```swift
/// let logs = CloudWatchLogsClient(configuration: configuration)
/// try await logs.createLogGroup("/aws/lambda/myLambdaFunction")
/// try await logs.putRetentionPolicy("/aws/lambda/myLambdaFunction", days: 14)
/// ```
public struct CloudWatchLogsClient: Sendable {
    /// The CloudWatch Logs service.
    public static let service = AWSService(
        serviceID: "CloudWatch Logs", signingName: "logs", endpointPrefix: "logs", apiVersion: "2014-03-28",
        wireProtocol: .json(version: "1.1", targetPrefix: "Logs_20140328")
    )

    /// The retention periods CloudWatch Logs accepts, in days.
    public static let retentionDays: Set<Int> = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]

    /// The core client the operations go through.
    public let client: AWSClient

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    /// The group called `name` exactly, or `nil` (`DescribeLogGroups` by prefix, every page).
    public func logGroup(_ name: String) async throws -> LogGroup? {
        struct Input: Encodable {
            var logGroupNamePrefix: String
            var nextToken: String?
        }
        struct Output: Decodable {
            var logGroups: [LogGroup]?
            var nextToken: String?
        }
        var token: String?
        repeat {
            let page = try await client.json(
                "DescribeLogGroups", input: Input(logGroupNamePrefix: name, nextToken: token), output: Output.self)
            if let group = page.logGroups?.first(where: { $0.name == name }) { return group }
            token = page.nextToken
        } while token != nil
        return nil
    }

    /// `CreateLogGroup`, with tags.
    public func createLogGroup(_ name: String, tags: [String: String]? = nil) async throws {
        struct Input: Encodable {
            var logGroupName: String
            var tags: [String: String]?
        }
        _ = try await client.json("CreateLogGroup", input: Input(logGroupName: name, tags: tags), output: EmptyBody.self)
    }

    /// `PutRetentionPolicy`: events older than `days` are deleted (one of ``retentionDays``).
    public func putRetentionPolicy(_ name: String, days: Int) async throws {
        guard Self.retentionDays.contains(days) else {
            throw AWSRequestError(
                "\(days) days is not a retention CloudWatch Logs accepts: use one of "
                    + Self.retentionDays.sorted().map(String.init).joined(separator: ", "))
        }
        struct Input: Encodable {
            var logGroupName: String
            var retentionInDays: Int
        }
        _ = try await client.json("PutRetentionPolicy", input: Input(logGroupName: name, retentionInDays: days), output: EmptyBody.self)
    }

    /// `DeleteLogGroup`: the group and every event in it.
    public func deleteLogGroup(_ name: String) async throws {
        struct Input: Encodable { var logGroupName: String }
        _ = try await client.json("DeleteLogGroup", input: Input(logGroupName: name), output: EmptyBody.self)
    }

    /// `DeleteRetentionPolicy`: events are kept forever.
    public func deleteRetentionPolicy(_ name: String) async throws {
        struct Input: Encodable { var logGroupName: String }
        _ = try await client.json("DeleteRetentionPolicy", input: Input(logGroupName: name), output: EmptyBody.self)
    }
}

/// A log group.
public struct LogGroup: Sendable, Hashable, Decodable {
    /// `/aws/lambda/NAME`.
    public var name: String
    /// How long events are kept; `nil`: forever.
    public var retentionInDays: Int?

    enum CodingKeys: String, CodingKey {
        case name = "logGroupName"
        case retentionInDays
    }
}
