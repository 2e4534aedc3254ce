import DeployCore
import DeployS3
import DeployTesting
import Foundation
import HTTPTypes
import Testing

/// Where S3 requests go and how they are signed, on `MockTransport`.
@Suite("S3 addressing and signing")
struct S3AddressingTests {
    func s3(_ mock: MockTransport, environment: [String: String] = [:], region: String = "eu-west-1") throws -> S3Client {
        S3Client(
            configuration: try AWSConfiguration(
                region: region,
                credentialProvider: StaticCredentialProvider(.init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "s3-test-secret")),
                transport: mock, retryPolicy: .none, environment: environment))
    }

    @Test(
        "virtual-hosted by default, path style for dotted or non-DNS names and for an overridden endpoint",
        arguments: [
            ("my-bucket", [String: String](), "my-bucket.s3.eu-west-1.amazonaws.com", "/a%20b/c.zip"),
            ("my.bucket", [:], "s3.eu-west-1.amazonaws.com", "/my.bucket/a%20b/c.zip"),
            ("My_Bucket", [:], "s3.eu-west-1.amazonaws.com", "/My_Bucket/a%20b/c.zip"),
            ("my-bucket", ["AWS_ENDPOINT_URL_S3": "http://127.0.0.1:9000"], "127.0.0.1:9000", "/my-bucket/a%20b/c.zip"),
        ])
    func addressing(_ bucket: String, _ environment: [String: String], _ authority: String, _ path: String) async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .status(200))
        try await s3(mock, environment: environment).putObject(bucket: bucket, key: "a b/c.zip", bytes: [1, 2, 3])
        let request = try #require(mock.requests.first?.request)
        #expect(request.authority == authority)
        #expect(request.path == path)
        #expect(
            request.headerFields[HTTPField.Name("x-amz-content-sha256")!]
                == "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81")
        #expect(request.headerFields[.authorization]?.contains("/eu-west-1/s3/aws4_request") == true)
    }

    @Test(
        "keys are encoded once per segment, as botocore puts them in the path",
        arguments: [
            ("app/with space/x.zip", "/b-1/app/with%20space/x.zip"), ("app/+plus.zip", "/b-1/app/%2Bplus.zip"),
            ("app/eq=.zip", "/b-1/app/eq%3D.zip"), ("app/é.zip", "/b-1/app/%C3%A9.zip"), ("app/a~b_c-d.e", "/b-1/app/a~b_c-d.e"),
            ("a//b", "/b-1/a//b"),
        ])
    func keyEncoding(_ key: String, _ path: String) async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .status(200))
        try await s3(mock, environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:1"]).putObject(bucket: "b-1", key: key, bytes: [1])
        #expect(mock.requests.first?.request.path == path)
    }

    @Test("CompleteMultipartUpload answered 200 with an error in the body is a failure, not a success")
    func completionErrorInBody() async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .xml("<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>"))
        let error = try await #require(throws: S3UploadError.self) {
            try await s3(mock).completeMultipartUpload(
                bucket: "b-1", key: "k", uploadID: "u", parts: [S3CompletedPart(number: 1, eTag: "e")])
        }
        #expect(error.description.contains("InternalError"))
    }

    @Test("SlowDown is throttling: retried")
    func slowDownRetried() async throws {
        let mock = MockTransport()
        mock.on(
            .any,
            replies: [.awsError("SlowDown", message: "Please reduce your request rate.", status: 503, protocol: .restXML), .status(200)])
        let s3 = S3Client(
            configuration: try AWSConfiguration(
                region: "us-east-1",
                credentialProvider: StaticCredentialProvider(.init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "s3-test-secret")),
                transport: mock, retryPolicy: RetryPolicy(maxAttempts: 3, sleep: { _ in }), environment: [:]))
        try await s3.putObject(bucket: "my-bucket", key: "k", bytes: [1])
        #expect(mock.requests.count == 2)
    }
}
