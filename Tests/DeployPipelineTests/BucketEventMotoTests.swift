import DeployAsyncHTTPClient
import DeployCore
import DeployIAM
import DeployLambda
import DeployPipeline
import DeployS3
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// `s3` events end to end against moto, from a `serverless.yml`: a bucket created private with two
/// notifications on the alias, an existing bucket's notification added beside a queue's someone
/// else configured, the permissions with the bucket and account; unchanged → an empty plan; a
/// changed filter → only that change; an event removed → its notification and permission gone,
/// the queue's kept; refusals before any write; teardown leaves the buckets and the queue's.
@Suite("S3 events on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct BucketEventMotoTests {
    func configuration(_ function: String, events: String, folder: String) throws -> DeploymentConfiguration {
        let text = """
            service: uploads
            provider: {name: aws, runtime: python3.12}
            functions:
              resize:
                name: \(function)
                handler: lambda_function.lambda_handler
                events:
            \(events)
            """
        return try PipelineFixture.serverless(text, folder: folder, role: "\(function)-role", work: "bucket-event-tests")
    }

    static func statementID(_ bucket: String) -> String { "lambdadeploykit-s3-" + bucket.replacingOccurrences(of: ".", with: "_") }

    static let queue = BucketNotificationConfiguration.Notification(
        id: "audit", destination: .queue, arn: "arn:aws:sqs:us-east-1:123456789012:audit", events: ["s3:ObjectRemoved:*"])

    @Test("created, read back, unchanged, a filter changed, an event removed, refusals, teardown; others' notifications kept")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("bucket-event-src")
        let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)
        let (pipeline, aws) = try PipelineFixture.motoPipeline(recorder)
        let lambda = LambdaClient(configuration: aws)
        let s3 = S3Client(configuration: aws)
        let name = MotoEnvironment.uniqueName("uploads-resize")
        let created = MotoEnvironment.uniqueName("photos")
        let existing = MotoEnvironment.uniqueName("legacy.uploads")
        try await s3.createBucket(existing)
        try await s3.putNotificationConfiguration(existing, BucketNotificationConfiguration(notifications: [Self.queue]))
        let events = """
                  - s3: \(created)
                  - s3:
                      bucket: \(created)
                      event: s3:ObjectRemoved:*
                      rules: [{prefix: uploads/}, {suffix: .jpg}]
                  - s3: {bucket: \(existing), existing: true}
            """
        recorder.clear()
        let first = await pipeline.deploy(try configuration(name, events: events, folder: folder))
        #expect(first.succeeded, "\(first)")
        // S3 sends a new destination a test event, which Lambda refuses without the permission (moto sends none):
        // each bucket's permission is added before its notifications are written.
        let sent = recorder.requests
        for bucket in [created, existing] {
            let permission = sent.firstIndex {
                $0.request.method == .post && ($0.request.path ?? "").contains("/policy")
                    && String(decoding: $0.body, as: UTF8.self).contains(Self.statementID(bucket))
            }
            let write = sent.firstIndex { $0.request.method == .put && ($0.request.path ?? "").contains("/\(bucket)?notification") }
            #expect(
                permission != nil && write != nil && permission! < write!, "\(bucket): permission \(permission ?? -1), write \(write ?? -1)"
            )
        }
        let alias = try await lambda.alias(name, name: "live").arn
        #expect(try await s3.blocksAllPublicAccess(created))
        #expect(try await s3.bucketTags(created)[S3Client.managedTag] == "true")
        #expect(
            try await s3.notificationConfiguration(created).notifications == [
                .init(id: "lambdadeploykit-\(name)-live-1", destination: .function, arn: alias, events: ["s3:ObjectCreated:*"]),
                .init(
                    id: "lambdadeploykit-\(name)-live-2", destination: .function, arn: alias, events: ["s3:ObjectRemoved:*"],
                    prefix: "uploads/", suffix: ".jpg"),
            ])
        let ours = BucketNotificationConfiguration.Notification(
            id: "lambdadeploykit-\(name)-live-1", destination: .function, arn: alias, events: ["s3:ObjectCreated:*"])
        #expect(try await s3.notificationConfiguration(existing).notifications == [Self.queue, ours])
        #expect(try await s3.bucketTags(existing).isEmpty, "an existing bucket is never tagged")
        let policy = try await lambda.policyDocument(name, qualifier: "live")
        let statements = policy.statements.filter { $0.principal == "s3.amazonaws.com" }
        #expect(Set(statements.compactMap(\.id)) == [Self.statementID(created), Self.statementID(existing)])
        #expect(Set(statements.compactMap(\.sourceARN)) == ["arn:aws:s3:::\(created)", "arn:aws:s3:::\(existing)"])
        #expect(policy.json.contains("AWS:SourceAccount"), "the statements name the account: \(policy.json)")

        let unchanged = try await pipeline.plan(try configuration(name, events: events, folder: folder))
        #expect(unchanged.isEmpty, "\(unchanged)")

        let changed = events.replacingOccurrences(of: "{prefix: uploads/}", with: "{prefix: incoming/}")
        let plan = try await pipeline.plan(try configuration(name, events: changed, folder: folder))
        let actions = plan[function: name]?.actions.filter { $0.change != .keep } ?? []
        #expect(actions.map(\.step) == [.events], "\(plan)")
        #expect(
            actions.first?.attributes == [
                AttributeChange(
                    "notifications on \(created)", "s3:ObjectCreated:*, s3:ObjectRemoved:* uploads/* *.jpg",
                    "s3:ObjectCreated:*, s3:ObjectRemoved:* incoming/* *.jpg")
            ])
        #expect(await pipeline.apply(plan).report().succeeded)
        #expect(try await s3.notificationConfiguration(created).notifications.last?.prefix == "incoming/")

        // The existing bucket's event removed: its notification and permission go, the queue's stays.
        let fewer = changed.replacingOccurrences(of: "\n      - s3: {bucket: \(existing), existing: true}", with: "")
        #expect(fewer != changed)
        let removal = try await pipeline.plan(try configuration(name, events: fewer, folder: folder))
        #expect(
            removal[function: name]?.actions.first { $0.step == .events }?.attributes == [
                AttributeChange("notifications on \(existing)", "s3:ObjectCreated:*", nil),
                AttributeChange("permission \(Self.statementID(existing))", "s3", nil),
            ], "\(removal)")
        #expect(await pipeline.apply(removal).report().succeeded)
        #expect(try await s3.notificationConfiguration(existing).notifications == [Self.queue])
        #expect(
            try await lambda.policyDocument(name, qualifier: "live").statements.filter { $0.principal == "s3.amazonaws.com" }.count == 1)

        // Refused before any write: an `existing` bucket that is not there, and two events S3 would call overlapping.
        let missing = MotoEnvironment.uniqueName("missing")
        let refusedMissing = await pipeline.deploy(
            try configuration(name, events: fewer + "\n      - s3: {bucket: \(missing), existing: true}", folder: folder))
        #expect(
            refusedMissing[function: name]?.diagnosis?.summary.contains("\(missing) of its s3 event (`existing: true`) does not exist")
                == true)
        #expect(try await s3.bucketExists(missing) == false)
        let overlapping = fewer + "\n      - s3: {bucket: \(created), event: s3:ObjectCreated:Put, rules: [{prefix: a/}]}"
        let refusedOverlap = await pipeline.deploy(try configuration(name, events: overlapping, folder: folder))
        #expect(
            refusedOverlap[function: name]?.diagnosis?.summary.contains("overlaps another of its s3 events") == true, "\(refusedOverlap)")
        #expect(try await s3.notificationConfiguration(created).notifications.count == 2)

        // Teardown: the function's notifications leave the buckets; the buckets stay.
        try await s3.putNotificationConfiguration(
            created,
            BucketNotificationConfiguration(notifications: try await s3.notificationConfiguration(created).notifications + [Self.queue]))
        let teardown = try await pipeline.planTeardown(try configuration(name, events: fewer, folder: folder))
        #expect(await pipeline.apply(teardown).report().succeeded)
        #expect(try await s3.notificationConfiguration(created).notifications == [Self.queue])
        #expect(try await s3.bucketExists(created))
    }

    @Test("two functions of one run on one bucket: both notifications written (one read-modify-write at a time)")
    func sharedBucket() async throws {
        let folder = try PipelineFixture.sourceFolder("bucket-event-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let s3 = S3Client(configuration: aws)
        let bucket = MotoEnvironment.uniqueName("shared")
        let names = (MotoEnvironment.uniqueName("uploads-a"), MotoEnvironment.uniqueName("uploads-b"))
        let text = """
            service: uploads
            provider: {name: aws, runtime: python3.12}
            functions:
              a:
                name: \(names.0)
                handler: lambda_function.lambda_handler
                events: [{s3: {bucket: \(bucket), rules: [{prefix: a/}]}}]
              b:
                name: \(names.1)
                handler: lambda_function.lambda_handler
                events: [{s3: {bucket: \(bucket), rules: [{prefix: b/}]}}]
            """
        let report = await pipeline.deploy(
            try PipelineFixture.serverless(text, folder: folder, role: names.0 + "-role", work: "bucket-event-tests"))
        #expect(report.succeeded, "\(report)")
        let notifications = try await s3.notificationConfiguration(bucket).notifications
        #expect(Set(notifications.compactMap(\.prefix)) == ["a/", "b/"], "\(notifications)")
        let overlapping = text.replacingOccurrences(of: "prefix: b/", with: "prefix: a/b")
        let refused = await pipeline.deploy(
            try PipelineFixture.serverless(overlapping, folder: folder, role: names.0 + "-role", work: "bucket-event-tests"))
        #expect(refused[function: names.1]?.diagnosis?.summary.contains("overlaps an s3 event of \(names.0)") == true, "\(refused)")
    }

    @Test("a CI user with deployPolicy's S3 statement for the bucket creates and wires it; without the statement it is denied")
    func deployPolicySuffices() async throws {
        let admin = try PipelineFixture.configuration(AsyncHTTPClientTransport.shared)
        let iam = IAMClient(configuration: admin)
        let name = MotoEnvironment.uniqueName("uploads-ci")
        let bucket = MotoEnvironment.uniqueName("ci-uploads")
        let role = try await iam.createRole(name: name + "-role", trustPolicy: LeastPrivilege.lambdaTrustPolicy)
        let user = MotoEnvironment.uniqueName("deployer")
        _ = try await iam.createUser(name: user)
        let key = try await iam.createAccessKey(userName: user)
        var function = PipelineFixture.hello(name)
        function.role = .arn(role.arn)
        function.routes = []
        function.bucketEvents = [BucketEventSettings(bucket: bucket, prefix: "in/")]
        func deploy(_ eventBuckets: [String]) async throws -> DeploymentReport {
            let policy = LeastPrivilege.deployPolicy(
                functions: [name], region: "us-east-1", account: "123456789012", executionRoleARN: role.arn, eventBuckets: eventBuckets)
            // moto checks S3 actions against the bucket's ARN but other services' against `*` only: the S3 statement as
            // deployPolicy writes it, the rest of the deploy allowed on `*` — and `s3:HeadBucket`, which moto checks where
            // AWS checks `s3:ListBucket` (there is no such IAM action).
            let others = PolicyStatement(
                effect: .allow, actions: ["lambda:*", "sts:GetCallerIdentity", "iam:PassRole", "s3:HeadBucket"], resources: ["*"])
            let document = PolicyDocument(statements: [others] + policy.statements.filter { $0.sid == "WireBucketEvents" })
            try await iam.putUserPolicy(userName: user, policyName: "deploy", document: document)
            var pipeline = DeploymentPipeline(
                configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared, credentials: key.credentials),
                logger: PipelineFixture.quiet)
            pipeline.pollInterval = .milliseconds(50)
            return await PipelineFixture.run([function], pipeline: pipeline).report
        }
        let denied = try await deploy([])
        #expect(!denied.succeeded)
        #expect(denied[function: name]?.diagnosis?.missingAction == "s3:GetBucketNotification", "\(denied)")
        let report = try await deploy([bucket])
        #expect(report.succeeded, "\(report)")
        let s3 = S3Client(configuration: admin)
        #expect(try await s3.notificationConfiguration(bucket).notifications.map(\.prefix) == ["in/"])
    }

    @Test("events this library does not deploy are listed in the plan, changing nothing")
    func eventsNotDeployed() async throws {
        let folder = try PipelineFixture.sourceFolder("bucket-event-src")
        let (pipeline, _) = try PipelineFixture.motoPipeline()
        let name = MotoEnvironment.uniqueName("uploads-notify")
        let events = """
                  - sns: alerts
                  - websocket: $connect
            """
        let plan = try await pipeline.plan(try configuration(name, events: events, folder: folder))
        let listed = try #require(plan[function: name]?.actions.first { $0.resource == "events not deployed" })
        #expect(listed.change == .keep)
        #expect(listed.detail.hasPrefix("sns (events[0]), websocket (events[1]): not deployed by LambdaDeployKit"), "\(listed.detail)")
    }
}
