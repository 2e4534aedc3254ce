import DeployLambda
import DeployManifests

/// A function's `schedule`, `sqs`, `stream` and `s3` events in a `serverless.yml`, as the framework reads them:
///
/// ```yaml
/// events:
///   - schedule: rate(5 minutes)
///   - schedule:
///       rate: [cron(0 12 * * ? *), rate(1 hour)]   # one rule each
///       enabled: false
///       input: {job: sync}
///       description: nightly sync
///   - eventBridge:
///       pattern: {source: [aws.ec2], detail-type: [EC2 Instance State-change Notification]}
///   - cloudwatchEvent:
///       event: {source: [aws.s3]}
///       input: {job: audit}
///   - sqs: arn:aws:sqs:us-east-1:123456789012:orders
///   - sqs:
///       arn: !GetAtt Orders.Arn        # a queue under `resources:`, from the companion stack
///   - sqs:
///       arn: arn:aws:sqs:us-east-1:123456789012:refunds
///       batchSize: 50
///       maximumBatchingWindow: 10
///       functionResponseType: ReportBatchItemFailures
///       maximumConcurrency: 5
///   - stream: arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2024-01-01T00:00:00.000
///   - stream:
///       type: kinesis
///       arn: !GetAtt Clicks.Arn        # a stream (or a table's StreamArn) under `resources:`
///       batchSize: 500
///       startingPosition: LATEST
///       maximumRetryAttempts: 3
///       bisectBatchOnFunctionError: true
///   - alexaSkill: amzn1.ask.skill.12345678-1234-1234-1234-123456789012
///   - alexaSmartHome: {appId: amzn1.ask.skill.…, enabled: false}   # no permission
///   - s3: photos                       # created private when it does not exist
///   - s3:
///       bucket: legacy-uploads
///       event: s3:ObjectRemoved:*
///       rules: [{prefix: uploads/}, {suffix: .jpg}]
///       existing: true                 # someone else's: never created
/// ```
enum ServerlessEventSources {
    /// The event types this library deploys besides `http` and `httpApi`; the plan lists the others.
    static let deployed: Set<String> = [
        "schedule", "eventBridge", "cloudwatchEvent", "sqs", "stream", "s3", "alexaSkill", "alexaSmartHome",
    ]

    static func schedules(_ events: [ServerlessEvent], function: String) throws -> [ScheduleSettings] {
        var schedules: [ScheduleSettings] = []
        for case .other("schedule", let node) in events {
            if let expression = node.scalarText {
                schedules.append(ScheduleSettings(expression))
                continue
            }
            guard node.isMapping, let rate = node["rate"] else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function): a schedule event has no `rate`.",
                    fix: "Write `- schedule: rate(5 minutes)`, or `- schedule: {rate: cron(0 12 * * ? *), enabled: true}`.")
            }
            for unsupported in ["inputPath", "inputTransformer"] where node[unsupported] != nil {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function): a schedule's `\(unsupported)` is not supported yet.",
                    fix: "Give the event as `input:` (a constant JSON object), or leave it out for EventBridge's scheduled event.")
            }
            let expressions = rate.scalarTexts
            let enabled = node["enabled"].map { $0.bool ?? ($0.scalarText != "false") } ?? true
            let input = node["input"].map { $0.scalarText.flatMap { $0.hasPrefix("{") ? $0 : nil } ?? $0.jsonValue.jsonText }
            schedules += expressions.map {
                ScheduleSettings($0, input: input, enabled: enabled, description: node["description"]?.scalarText)
            }
        }
        return schedules
    }

    /// `eventBridge` events with a `pattern` (and `cloudwatchEvent` events, whose pattern is
    /// `event`) on the default bus; an `eventBridge` event with a `schedule` is a schedule.
    static func eventPatterns(
        _ events: [ServerlessEvent], function: String
    ) throws -> (patterns: [EventPatternSettings], schedules: [ScheduleSettings]) {
        var patterns: [EventPatternSettings] = []
        var schedules: [ScheduleSettings] = []
        for event in events {
            guard case .other(let type, let node) = event, type == "eventBridge" || type == "cloudwatchEvent" else { continue }
            for unsupported in ["eventBus", "inputPath", "inputTransformer", "retryPolicy", "deadLetterQueueArn"]
            where node[unsupported] != nil {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function): an \(type) event's `\(unsupported)` is not supported yet.",
                    fix: "Leave it out (the rule is then on the default bus and sends the matched event as it is), or deploy this "
                        + "function with the Serverless Framework.")
            }
            let enabled = node["enabled"].map { $0.bool ?? ($0.scalarText != "false") } ?? true
            let input = node["input"].map { $0.scalarText.flatMap { $0.hasPrefix("{") ? $0 : nil } ?? $0.jsonValue.jsonText }
            let description = node["description"]?.scalarText
            if type == "eventBridge", let schedule = node["schedule"]?.scalarText {
                schedules.append(ScheduleSettings(schedule, input: input, enabled: enabled, description: description))
                continue
            }
            guard let pattern = node[type == "eventBridge" ? "pattern" : "event"], pattern.isMapping else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "function \(function): an \(type) event has no `\(type == "eventBridge" ? "pattern" : "event")` mapping.",
                    fix: "Give the event pattern: `pattern: {source: [aws.ec2]}` (for `cloudwatchEvent`, `event:`).")
            }
            patterns.append(
                EventPatternSettings(pattern: pattern.jsonValue.jsonText, input: input, enabled: enabled, description: description))
        }
        return (patterns, schedules)
    }

    static func queues(_ events: [ServerlessEvent], function: String, stack: inout CompanionStack?) throws -> [QueueSubscription] {
        var queues: [QueueSubscription] = []
        for case .other("sqs", let node) in events {
            let arnNode = (node.scalarText != nil ? node : node["arn"]).map(CloudFormationTags.longForm)
            // `arn: !GetAtt Orders.Arn` of a queue the file's resources declare: the stack's output.
            let fromStack = arnNode.flatMap { stack?.reference(from: $0) }.flatMap { placeholder in
                stack?.references[placeholder].flatMap { stack?.resourceTypes[$0.logicalID] } == "AWS::SQS::Queue" ? placeholder : nil
            }
            guard let arn = fromStack ?? arnNode?.scalarText, fromStack != nil || (arn.hasPrefix("arn:") && arn.contains(":sqs:")) else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "function \(function): an sqs event's queue is not an SQS queue ARN"
                        + (arnNode?.isMapping == true ? " nor `!GetAtt QUEUE.Arn` of a queue under resources:" : "") + ".",
                    fix: "Give the queue's ARN, `arn:aws:sqs:REGION:ACCOUNT:NAME` (from an `${env:…}` or `${opt:…}` variable if it "
                        + "differs per stage), or declare the queue under `resources:` and write `arn: !GetAtt QUEUE.Arn`.")
            }
            func int(_ key: String) -> Int? { node[key].flatMap { $0.int ?? $0.scalarText.flatMap { Int($0) } } }
            let settings = EventSourceMappingSettings(
                batchSize: int("batchSize"), maximumBatchingWindow: int("maximumBatchingWindow"),
                reportsBatchItemFailures: node["functionResponseType"]?.scalarText == "ReportBatchItemFailures",
                enabled: node["enabled"].map { $0.bool ?? ($0.scalarText != "false") } ?? true,
                maximumConcurrency: int("maximumConcurrency"))
            queues.append(QueueSubscription(queueARN: arn, settings))
        }
        return queues
    }

    static func streams(_ events: [ServerlessEvent], function: String, stack: inout CompanionStack?) throws -> [StreamSubscription] {
        var streams: [StreamSubscription] = []
        for case .other("stream", let node) in events {
            let arnNode = (node.scalarText != nil ? node : node["arn"]).map(CloudFormationTags.longForm)
            // `arn: !GetAtt Orders.StreamArn` of a table, or `!GetAtt Clicks.Arn` of a stream, the file's resources declare.
            let fromStack = arnNode.flatMap { stack?.reference(from: $0) }.flatMap { placeholder in
                let type = stack?.references[placeholder].flatMap { stack?.resourceTypes[$0.logicalID] }
                return ["AWS::DynamoDB::Table", "AWS::Kinesis::Stream"].contains(type ?? "") ? placeholder : nil
            }
            let isStreamARN: (String) -> Bool = { arn in
                arn.hasPrefix("arn:") && !arn.contains("<")
                    && (arn.contains(":kinesis:") && arn.contains(":stream/")
                        || arn.contains(":dynamodb:") && arn.contains("/stream/"))
            }
            guard let arn = fromStack ?? arnNode?.scalarText, fromStack != nil || isStreamARN(arn) else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "function \(function): a stream event's `arn` is not a DynamoDB or Kinesis stream ARN"
                        + (arnNode?.isMapping == true ? " nor `!GetAtt` of a table's StreamArn or a stream's Arn under resources:" : "")
                        + ".",
                    fix: "Give the stream's ARN (`arn:aws:kinesis:REGION:ACCOUNT:stream/NAME`, or a table's "
                        + "`arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL`), or declare it under `resources:` and write "
                        + "`arn: !GetAtt TABLE.StreamArn` / `!GetAtt STREAM.Arn`.")
            }
            for unsupported in ["filterPatterns", "destinations", "tumblingWindowInSeconds", "consumer"] where node[unsupported] != nil {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function): a stream event's `\(unsupported)` is not supported yet.",
                    fix: "Leave it out (the stream then feeds every record to the function), or deploy this function with the "
                        + "Serverless Framework.")
            }
            func int(_ key: String) -> Int? { node[key].flatMap { $0.int ?? $0.scalarText.flatMap { Int($0) } } }
            func bool(_ key: String) -> Bool? { node[key].map { $0.bool ?? ($0.scalarText == "true") } }
            let settings = EventSourceMappingSettings(
                batchSize: int("batchSize"), maximumBatchingWindow: int("batchWindow") ?? int("maximumBatchingWindow"),
                reportsBatchItemFailures: node["functionResponseType"]?.scalarText == "ReportBatchItemFailures",
                enabled: bool("enabled") ?? true, startingPosition: node["startingPosition"]?.scalarText,
                maximumRetryAttempts: int("maximumRetryAttempts"), splitsFailedBatches: bool("bisectBatchOnFunctionError"),
                parallelizationFactor: int("parallelizationFactor"), maximumRecordAge: int("maximumRecordAgeInSeconds"))
            streams.append(StreamSubscription(streamARN: arn, settings))
        }
        return streams
    }

    static func alexaSkills(_ events: [ServerlessEvent], function: String) throws -> [AlexaSkillSettings] {
        var skills: [AlexaSkillSettings] = []
        for event in events {
            guard case .other(let type, let node) = event, type == "alexaSkill" || type == "alexaSmartHome" else { continue }
            if node["enabled"].map({ $0.bool ?? ($0.scalarText != "false") }) == false { continue }
            guard let id = node.scalarText ?? node["appId"]?.scalarText, id.hasPrefix("amzn1.") else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function): an \(type) event names no skill id (`amzn1.ask.skill.…`).",
                    fix: "Write `- \(type): amzn1.ask.skill.ID` or `- \(type): {appId: amzn1.ask.skill.ID}` with the id from the Alexa "
                        + "developer console. (A skill without an id, which the framework once allowed, lets every skill invoke the "
                        + "function.)")
            }
            skills.append(AlexaSkillSettings(skillID: id, kind: type == "alexaSkill" ? .skill : .smartHome))
        }
        return skills
    }

    static func bucketEvents(_ events: [ServerlessEvent], function: String) throws -> [BucketEventSettings] {
        var settings: [BucketEventSettings] = []
        for case .other("s3", let node) in events {
            guard let bucket = node.scalarText ?? node["bucket"]?.scalarText, !bucket.isEmpty else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function): an s3 event names no bucket by its name.",
                    fix: "Write `- s3: BUCKET` or `- s3: {bucket: BUCKET, event: s3:ObjectCreated:*}` with the bucket's name (a bucket "
                        + "under `resources:` by the name it is given there, with `existing: true`).")
            }
            var event = BucketEventSettings(bucket: bucket)
            if let types = node["event"] { event.events = types.scalarTexts }
            event.isExisting = node["existing"].map { $0.bool ?? ($0.scalarText == "true") } ?? false
            for rule in node["rules"].map({ $0.sequence ?? [$0] }) ?? [] {
                for entry in rule.entries {
                    switch entry.key {
                    case "prefix": event.prefix = entry.value.scalarText
                    case "suffix": event.suffix = entry.value.scalarText
                    default:
                        throw DeploymentDiagnosis(
                            kind: .invalidInput,
                            summary: "function \(function): an s3 event's rule `\(entry.key)` is not prefix or suffix.",
                            fix: "Filter keys with `rules: [{prefix: uploads/}, {suffix: .jpg}]` (S3 filters on nothing else).")
                    }
                }
            }
            settings.append(event)
        }
        return settings
    }
}
