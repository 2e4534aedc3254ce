import DeployLambda
import Testing

@testable import DeployPipeline

/// What later versions added to the model leaves the fingerprints recorded before unchanged when a
/// function does not use it — an upgrade alone must not make every function look changed — and
/// counts as soon as it is used.
@Suite("Input fingerprints across versions of the model")
struct FingerprintStabilityTests {
    /// Labels the model gained after fingerprints were first recorded.
    static let added = [
        "streams:", "bucketEvents:", "existing:", "startingPosition:", "maximumRetryAttempts:", "splitsFailedBatches:",
        "parallelizationFactor:", "maximumRecordAge:", "roleStatements:", "roleManagedPolicies:", "eventPatterns:", "alexaSkills:",
    ]

    static func worker() -> FunctionDeployment {
        var function = FunctionDeployment(
            name: "orders-worker", source: .directory("worker"), handler: "app.handler", runtime: "python3.12",
            role: .managed("orders-role"), routes: [HTTPRoute(method: "GET", path: "/orders")])
        function.queues = [QueueSubscription(queueARN: "arn:aws:sqs:us-east-1:123456789012:orders", .init(batchSize: 5))]
        function.schedules = [ScheduleSettings("rate(5 minutes)")]
        return function
    }

    @Test("a function using none of them is written as before: none of their labels")
    func unusedLeftOut() {
        let text = InputFingerprint.configurationText(Self.worker())
        for label in Self.added + ["eventsNotDeployed:"] { #expect(!text.contains(label), "\(label) in \(text)") }
        #expect(text.contains("queues:") && text.contains("batchSize:"))
    }

    @Test("each one used counts; the events listed as not deployed never do")
    func usedCounted() {
        var function = Self.worker()
        function.eventsNotDeployed = ["sns (events[2])"]
        #expect(InputFingerprint.configurationText(function) == InputFingerprint.configurationText(Self.worker()))
        function.streams = [StreamSubscription(streamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/clicks")]
        function.bucketEvents = [BucketEventSettings(bucket: "uploads")]
        function.api.existing = .id("abc123")
        function.eventPatterns = [EventPatternSettings(pattern: #"{"source":["aws.ec2"]}"#)]
        let text = InputFingerprint.configurationText(function)
        for label in ["streams:", "bucketEvents:", "existing:", "startingPosition:", "eventPatterns:"] {
            #expect(text.contains(label), "\(label)")
        }
    }
}
