import DeployCore
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

@testable import DeployPipeline

/// What moto does not do for `s3` events, on `MockTransport` answering as S3 does: a bucket in
/// another region (S3 answers `301 PermanentRedirect` to a regional endpoint), and a bucket wired
/// before that the deploy user may no longer read.
@Suite("S3 events: regions and unreadable buckets")
struct BucketEventMockTests {
    static let policyPath = "/2015-03-31/functions/{FunctionName}/policy"

    /// The alias's policy with this library's statement for `bucket`.
    static func policy(statementFor bucket: String) -> MockReply {
        let id = "lambdadeploykit-s3-" + bucket.replacingOccurrences(of: ".", with: "_")
        let document =
            #"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"\#(id)\",\"Effect\":\"Allow\","#
            + #"\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn\"}]}"#
        return .json(#"{"Policy":"\#(document)","RevisionId":"r1"}"#)
    }

    func clients(_ mock: MockTransport) throws -> ServiceClients {
        ServiceClients(configuration: try Fixtures.configuration(mock, maxAttempts: 1), secrets: nil, pollInterval: .milliseconds(1))
    }

    @Test("a bucket in another region is refused while planning, naming the region")
    func otherRegion() async throws {
        let mock = MockTransport()
        // The later route wins: S3's answer for everything, the policy's for the policy.
        mock.on(
            .any,
            reply: .awsError(
                "PermanentRedirect", message: "The bucket you are attempting to access must be addressed using the specified endpoint.",
                status: 301, protocol: .restXML))
        mock.on(
            .rest(.get, Self.policyPath), reply: .awsError("ResourceNotFoundException", message: "none", status: 404, protocol: .restJSON))
        var function = PipelineFixture.hello("fn")
        function.bucketEvents = [BucketEventSettings(bucket: "eu-photos")]
        let diagnosis = try await #require(throws: DeploymentDiagnosis.self) {
            try await AliasPolicyStatements.read(function, buckets: true, skills: false, clients: clients(mock))
        }
        #expect(diagnosis.summary.contains("eu-photos of its s3 event is in another region than us-east-1"), "\(diagnosis)")
    }

    @Test("a bucket wired before that can no longer be read is not in the live state the plan works from; a missing one reads as gone")
    func unreadableLeft() async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .awsError("AccessDenied", message: "Access Denied", status: 403, protocol: .restXML))
        mock.on(.rest(.get, Self.policyPath), reply: Self.policy(statementFor: "old.uploads"))
        let live = try #require(
            try await AliasPolicyStatements.read(PipelineFixture.hello("fn"), buckets: true, skills: false, clients: clients(mock)).buckets)
        #expect(live.permitted == ["old.uploads"])
        #expect(live.buckets.isEmpty, "not read: the plan leaves its notification and its permission")

        let gone = MockTransport()
        gone.on(.any, reply: .awsError("NoSuchBucket", message: "The specified bucket does not exist", status: 404, protocol: .restXML))
        gone.on(.rest(.get, Self.policyPath), reply: Self.policy(statementFor: "old.uploads"))
        let read = try #require(
            try await AliasPolicyStatements.read(PipelineFixture.hello("fn"), buckets: true, skills: false, clients: clients(gone)).buckets)
        #expect(read.buckets.count == 1 && read.buckets["old.uploads"] == .some(nil), "\(read.buckets)")
    }

    @Test("names as S3 takes them (an existing bucket may be a legacy one), and overlaps as S3 judges them")
    func namesAndOverlaps() throws {
        func check(_ bucket: String, existing: Bool = false) -> Bool {
            var function = PipelineFixture.hello("fn")
            function.bucketEvents = [BucketEventSettings(bucket: bucket, isExisting: existing)]
            return (try? BucketEventCheck.check(function)) != nil
        }
        #expect(check("photos-uploads.example") && check("Legacy_Uploads", existing: true))
        #expect(!check("Legacy_Uploads") && !check("192.168.1.1") && !check("ab") && !check("a..b") && !check("arn:aws:s3:::x"))
        typealias Event = BucketEventSettings
        #expect(BucketEventCheck.overlap(Event(bucket: "b"), Event(bucket: "b", events: ["s3:ObjectCreated:Put"], prefix: "a/")))
        #expect(BucketEventCheck.overlap(Event(bucket: "b", prefix: "a/"), Event(bucket: "b", prefix: "a/b")))
        #expect(!BucketEventCheck.overlap(Event(bucket: "b", prefix: "a/"), Event(bucket: "b", prefix: "b/")))
        #expect(!BucketEventCheck.overlap(Event(bucket: "b", suffix: ".jpg"), Event(bucket: "b", suffix: ".png")))
        #expect(!BucketEventCheck.overlap(Event(bucket: "b"), Event(bucket: "b", events: ["s3:ObjectRemoved:*"])))
    }
}
