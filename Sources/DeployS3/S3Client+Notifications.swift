import DeployCore
import Foundation
import HTTPTypes

/// A bucket's event notifications: what `GetBucketNotificationConfiguration` answers and
/// `PutBucketNotificationConfiguration` replaces as a whole.
public struct BucketNotificationConfiguration: Sendable, Hashable {
    /// The destinations a notification goes to.
    public enum Destination: String, Sendable, Hashable {
        /// A Lambda function (`CloudFunctionConfiguration`).
        case function = "CloudFunction"
        /// An SNS topic (`TopicConfiguration`).
        case topic = "Topic"
        /// An SQS queue (`QueueConfiguration`).
        case queue = "Queue"
    }

    /// One configuration: which events of which keys go where.
    public struct Notification: Sendable, Hashable {
        /// Its id, unique in the bucket.
        public var id: String?
        /// The kind of destination.
        public var destination: Destination
        /// The destination's ARN.
        public var arn: String
        /// The event types (`s3:ObjectCreated:*`), as S3 lists them.
        public var events: [String]
        /// The key filter's `prefix` rule, if any.
        public var prefix: String?
        /// The key filter's `suffix` rule, if any.
        public var suffix: String?

        /// Creates a configuration.
        public init(
            id: String?, destination: Destination, arn: String, events: [String], prefix: String? = nil, suffix: String? = nil
        ) {
            self.id = id
            self.destination = destination
            self.arn = arn
            self.events = events
            self.prefix = prefix
            self.suffix = suffix
        }
    }

    /// The configurations, in the order S3 lists them.
    public var notifications: [Notification]
    /// Whether events also go to EventBridge (`EventBridgeConfiguration`).
    public var sendsToEventBridge: Bool

    /// Creates a configuration.
    public init(notifications: [Notification] = [], sendsToEventBridge: Bool = false) {
        self.notifications = notifications
        self.sendsToEventBridge = sendsToEventBridge
    }

    /// The configuration as `PutBucketNotificationConfiguration`'s body: topics, queues, then
    /// functions (the model's member order), each keeping its order.
    var xml: String {
        var body = #"<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
        for destination in [Destination.topic, .queue, .function] {
            for notification in notifications where notification.destination == destination {
                let element = destination.rawValue + "Configuration"
                body += "<\(element)>"
                if let id = notification.id { body += "<Id>\(S3Names.escapeXML(id))</Id>" }
                body += "<\(destination.rawValue)>\(S3Names.escapeXML(notification.arn))</\(destination.rawValue)>"
                body += notification.events.map { "<Event>\(S3Names.escapeXML($0))</Event>" }.joined()
                let rules = [("prefix", notification.prefix), ("suffix", notification.suffix)].compactMap { name, value in
                    value.map { "<FilterRule><Name>\(name)</Name><Value>\(S3Names.escapeXML($0))</Value></FilterRule>" }
                }
                if !rules.isEmpty { body += "<Filter><S3Key>\(rules.joined())</S3Key></Filter>" }
                body += "</\(element)>"
            }
        }
        if sendsToEventBridge { body += "<EventBridgeConfiguration></EventBridgeConfiguration>" }
        return body + "</NotificationConfiguration>"
    }

    /// Reads `GetBucketNotificationConfiguration`'s answer.
    init(_ document: AWSXMLElement?) {
        var notifications: [Notification] = []
        for element in document?.children ?? [] {
            guard element.name.hasSuffix("Configuration"),
                let destination = Destination(rawValue: String(element.name.dropLast("Configuration".count))),
                let arn = element.value(at: destination.rawValue)
            else { continue }
            var notification = Notification(
                id: element.value(at: "Id"), destination: destination, arn: arn, events: element.children(named: "Event").map(\.text))
            for rule in element.child("Filter")?.child("S3Key")?.children(named: "FilterRule") ?? [] {
                // S3 answers the rule names capitalised (`Prefix`); they are sent lower-case.
                switch rule.value(at: "Name")?.lowercased() {
                case "prefix": notification.prefix = rule.value(at: "Value") ?? ""
                case "suffix": notification.suffix = rule.value(at: "Value") ?? ""
                default: break
                }
            }
            notifications.append(notification)
        }
        self.init(notifications: notifications, sendsToEventBridge: document?.child("EventBridgeConfiguration") != nil)
    }
}

extension S3Client {
    /// `GetBucketNotificationConfiguration`: the bucket's event notifications (none: empty).
    public func notificationConfiguration(_ bucket: String) async throws -> BucketNotificationConfiguration {
        let (_, document) = try await xml(
            request(.get, bucket: bucket, query: [("notification", "")]), operation: "GetBucketNotificationConfiguration")
        return BucketNotificationConfiguration(document)
    }

    /// `PutBucketNotificationConfiguration`: replaces every event notification of the bucket with
    /// `configuration` (read it first to keep what others configured). S3 sends each new
    /// destination a test event first, so a function must already allow S3 to invoke it.
    public func putNotificationConfiguration(_ bucket: String, _ configuration: BucketNotificationConfiguration) async throws {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        let body = HTTPBody(bytes: Array(configuration.xml.utf8))
        _ = try await client.send(
            request(.put, bucket: bucket, query: [("notification", "")], headers: headers, body: body),
            operation: "PutBucketNotificationConfiguration")
    }
}
