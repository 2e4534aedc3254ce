import DeployCore
import DeployHashing
import DeployS3
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Testing

/// Every operation of the S3 client: our request (host, method, canonical URI and query with S3's
/// single encoding, member headers, an integrity header where S3 requires one, the XML body)
/// against botocore's for the same input, virtual-hosted in eu-west-1.
@Suite("S3 requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct S3RequestShapeTests {
    static func s3(_ configuration: AWSConfiguration) -> S3Client { S3Client(configuration: configuration) }

    /// The bucket configuration `ensureDeploymentBucket` sends with `subresource`, after a `404` on `HeadBucket`;
    /// `parameters` as JSON in the model's member order (botocore writes XML in the input's order).
    static func deploymentBucketCase(_ operation: String, _ subresource: String, _ parameters: String) -> OperationCase {
        let pick: @Sendable ([RecordedRequest]) -> RecordedRequest? = { requests in
            requests.first { ($0.request.path ?? "").contains("?\(subresource)") }
        }
        return OperationCase(
            service: "s3", signingName: "s3", operation: operation, note: "as ensureDeploymentBucket sends it", region: "eu-west-1",
            parameters: #"{"Bucket": "artifacts", "# + parameters + "}", replies: [(.rest(.head, "/"), .status(404))], pick: pick
        ) { _ = try await s3($0).ensureDeploymentBucket("artifacts", expireAfterDays: 30) }
    }

    static let cases: [OperationCase] = [
        OperationCase(
            service: "s3", signingName: "s3", operation: "CreateBucket", note: "with its region's LocationConstraint", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "CreateBucketConfiguration": ["LocationConstraint": "eu-west-1"]])
        ) { try await s3($0).createBucket("artifacts") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "HeadBucket", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts"])
        ) { _ = try await s3($0).bucketExists("artifacts") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "DeleteBucket", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts"])
        ) { try await s3($0).deleteBucket("artifacts") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "PutBucketTagging", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "Tagging": ["TagSet": [["Key": "a&b", "Value": "<1>"]]]])
        ) { try await s3($0).putBucketTags("artifacts", tags: ["a&b": "<1>"]) },
        OperationCase(
            service: "s3", signingName: "s3", operation: "GetBucketTagging", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts"])
        ) { _ = try await s3($0).bucketTags("artifacts") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "GetPublicAccessBlock", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts"])
        ) { _ = try await s3($0).blocksAllPublicAccess("artifacts") },
        deploymentBucketCase(
            "PutPublicAccessBlock", "publicAccessBlock",
            #""PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "#
                + #""RestrictPublicBuckets": true}"#),
        deploymentBucketCase(
            "PutBucketOwnershipControls", "ownershipControls",
            #""OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}"#),
        deploymentBucketCase(
            "PutBucketEncryption", "encryption",
            #""ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}"#),
        deploymentBucketCase(
            "PutBucketLifecycleConfiguration", "lifecycle",
            #""LifecycleConfiguration": {"Rules": [{"Expiration": {"Days": 30}, "ID": "lambdadeploykit-expire-artifacts", "#
                + #""Filter": {"Prefix": ""}, "Status": "Enabled", "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]}"#),
        OperationCase(
            service: "s3", signingName: "s3", operation: "GetBucketNotificationConfiguration", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts"])
        ) { _ = try await s3($0).notificationConfiguration("artifacts") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "PutBucketNotificationConfiguration",
            note: "a queue's kept, a function's with both filter rules, EventBridge on", region: "eu-west-1",
            parameters: #"{"Bucket": "artifacts", "NotificationConfiguration": {"QueueConfigurations": [{"Id": "audit", "#
                + #""QueueArn": "arn:aws:sqs:eu-west-1:123456789012:audit", "Events": ["s3:ObjectRemoved:*"]}], "#
                + #""LambdaFunctionConfigurations": [{"Id": "lambdadeploykit-fn-live-1", "#
                + #""LambdaFunctionArn": "arn:aws:lambda:eu-west-1:123456789012:function:fn:live", "#
                + #""Events": ["s3:ObjectCreated:Put", "s3:ObjectCreated:Post"], "Filter": {"Key": {"FilterRules": "#
                + #"[{"Name": "prefix", "Value": "a&b/"}, {"Name": "suffix", "Value": ".jpg"}]}}}], "EventBridgeConfiguration": {}}}"#
        ) {
            try await s3($0).putNotificationConfiguration(
                "artifacts",
                BucketNotificationConfiguration(
                    notifications: [
                        .init(
                            id: "lambdadeploykit-fn-live-1", destination: .function,
                            arn: "arn:aws:lambda:eu-west-1:123456789012:function:fn:live",
                            events: ["s3:ObjectCreated:Put", "s3:ObjectCreated:Post"], prefix: "a&b/", suffix: ".jpg"),
                        .init(
                            id: "audit", destination: .queue, arn: "arn:aws:sqs:eu-west-1:123456789012:audit",
                            events: ["s3:ObjectRemoved:*"]),
                    ], sendsToEventBridge: true))
        },
        OperationCase(
            service: "s3", signingName: "s3", operation: "PutObject", note: "a key with a space, a slash and a plus, metadata",
            region: "eu-west-1",
            parameters: Botocore.json([
                "Bucket": "artifacts", "Key": "a b/c+d.zip", "Body": "abc", "ContentType": "application/zip",
                "Metadata": ["code-sha256": "x="],
            ])
        ) {
            _ = try await s3($0).putObject(
                bucket: "artifacts", key: "a b/c+d.zip", bytes: Array("abc".utf8), contentType: "application/zip",
                metadata: ["code-sha256": "x="])
        },
        OperationCase(
            service: "s3", signingName: "s3", operation: "HeadObject", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "Key": "lambdadeploykit/fn/ab.zip"])
        ) { _ = try await s3($0).headObject(bucket: "artifacts", key: "lambdadeploykit/fn/ab.zip") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "GetObject", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "Key": "k.zip"])
        ) { _ = try await s3($0).getObject(bucket: "artifacts", key: "k.zip") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "DeleteObject", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "Key": "k.zip"])
        ) { try await s3($0).deleteObject(bucket: "artifacts", key: "k.zip") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "ListObjectsV2", note: "with a prefix", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "Prefix": "lambdadeploykit/"])
        ) { _ = try await s3($0).objects(bucket: "artifacts", prefix: "lambdadeploykit/").collect() },
        OperationCase(
            service: "s3", signingName: "s3", operation: "CreateMultipartUpload", region: "eu-west-1",
            parameters: Botocore.json([
                "Bucket": "artifacts", "Key": "big.zip", "ContentType": "application/zip", "Metadata": ["code-sha256": "x="],
            ])
        ) {
            _ = try await s3($0).createMultipartUpload(
                bucket: "artifacts", key: "big.zip", contentType: "application/zip", metadata: ["code-sha256": "x="])
        },
        OperationCase(
            service: "s3", signingName: "s3", operation: "UploadPart", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "Key": "big.zip", "UploadId": "u-1", "PartNumber": 2, "Body": "abc"])
        ) {
            _ = try await s3($0).uploadPart(
                bucket: "artifacts", key: "big.zip", uploadID: "u-1", number: 2, body: HTTPBody(bytes: Array("abc".utf8)),
                digest: SHA256Hasher.hash(Array("abc".utf8)))
        },
        OperationCase(
            service: "s3", signingName: "s3", operation: "CompleteMultipartUpload", region: "eu-west-1",
            parameters: Botocore.json([
                "Bucket": "artifacts", "Key": "big.zip", "UploadId": "u-1",
                "MultipartUpload": ["Parts": [["ETag": "\"e1\"", "PartNumber": 1], ["ETag": "\"e2\"", "PartNumber": 2]]],
            ])
        ) {
            _ = try await s3($0).completeMultipartUpload(
                bucket: "artifacts", key: "big.zip", uploadID: "u-1",
                parts: [S3CompletedPart(number: 2, eTag: "e2"), S3CompletedPart(number: 1, eTag: "e1")])
        },
        OperationCase(
            service: "s3", signingName: "s3", operation: "AbortMultipartUpload", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "Key": "big.zip", "UploadId": "u-1"])
        ) { try await s3($0).abortMultipartUpload(bucket: "artifacts", key: "big.zip", uploadID: "u-1") },
        OperationCase(
            service: "s3", signingName: "s3", operation: "ListMultipartUploads", note: "with a prefix", region: "eu-west-1",
            parameters: Botocore.json(["Bucket": "artifacts", "Prefix": "big.zip"])
        ) { _ = try await s3($0).multipartUploads(bucket: "artifacts", prefix: "big.zip").collect() },
    ]

    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
