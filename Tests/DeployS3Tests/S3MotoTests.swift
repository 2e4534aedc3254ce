import DeployAsyncHTTPClient
import DeployCore
import DeployHashing
import DeployS3
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// S3 over real HTTP against moto, SigV4 checked: objects, multipart uploads, failures.
@Suite("S3 on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct S3MotoTests {
    let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)

    func s3(_ transport: (any HTTPTransport)? = nil, retry: RetryPolicy = .none) throws -> S3Client {
        S3Client(
            configuration: try MotoEnvironment.configuration(
                credentials: MotoEnvironment.admin!, transport: transport ?? recorder, retryPolicy: retry))
    }

    func bucket(_ s3: S3Client) async throws -> String {
        let name = MotoEnvironment.uniqueName("artifacts")
        try await s3.createBucket(name)
        return name
    }

    /// A file of `size` pseudo-random bytes.
    func file(_ size: Int, seed: UInt8 = 1) throws -> String {
        let path = NSTemporaryDirectory() + "s3-\(UUID().uuidString).bin"
        var bytes = [UInt8](repeating: 0, count: size)
        var state = UInt32(seed) &* 2_654_435_761 | 1
        for index in bytes.indices {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            bytes[index] = UInt8(truncatingIfNeeded: state)
        }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test("a bucket's notifications written and read back whole: a function's with filters, a queue's, a topic's; none on a new bucket")
    func notifications() async throws {
        let s3 = try s3()
        let bucket = try await bucket(s3)
        #expect(try await s3.notificationConfiguration(bucket) == BucketNotificationConfiguration())
        let written = BucketNotificationConfiguration(notifications: [
            .init(id: "alerts", destination: .topic, arn: "arn:aws:sns:us-east-1:123456789012:alerts", events: ["s3:ObjectRemoved:*"]),
            .init(id: "audit", destination: .queue, arn: "arn:aws:sqs:us-east-1:123456789012:audit", events: ["s3:ObjectCreated:Copy"]),
            .init(
                id: "lambdadeploykit-fn-live-1", destination: .function, arn: "arn:aws:lambda:us-east-1:123456789012:function:fn:live",
                events: ["s3:ObjectCreated:Put", "s3:ObjectCreated:Post"], prefix: "uploads/", suffix: ".jpg"),
        ])
        try await s3.putNotificationConfiguration(bucket, written)
        #expect(try await s3.notificationConfiguration(bucket) == written)
        try await s3.putNotificationConfiguration(bucket, BucketNotificationConfiguration())
        #expect(try await s3.notificationConfiguration(bucket).notifications.isEmpty)
        await #expect {
            try await s3.notificationConfiguration(MotoEnvironment.uniqueName("missing"))
        } throws: { ($0 as? AWSServiceError)?.code == "NoSuchBucket" }
    }

    @Test("a refused call's diagnosis names the IAM action AWS checks (S3's AccessDenied names none; a refused HEAD has no body)")
    func refusedActionNamed() async throws {
        let limited = try #require(MotoEnvironment.limited)
        let s3 = try S3Client(
            configuration: MotoEnvironment.configuration(credentials: limited, transport: AsyncHTTPClientTransport.shared))
        let bucket = try await bucket(try self.s3())
        let head = try await #require(throws: AWSServiceError.self) { try await s3.bucketExists(bucket) }
        #expect(AuthenticationDiagnosis(head)?.missingAction == "s3:ListBucket", "\(head)")
        let read = try await #require(throws: AWSServiceError.self) { try await s3.notificationConfiguration(bucket) }
        #expect(AuthenticationDiagnosis(read)?.missingAction == "s3:GetBucketNotification", "\(read)")
    }

    @Test("a private bucket is created private, encrypted and tagged, without the deployment bucket's expiry; an existing one is left")
    func privateBucket() async throws {
        let s3 = try s3()
        let name = MotoEnvironment.uniqueName("uploads")
        #expect(try await s3.ensurePrivateBucket(name) == .created)
        #expect(try await s3.blocksAllPublicAccess(name))
        #expect(try await s3.bucketTags(name)[S3Client.managedTag] == "true")
        let lifecycle = recorder.requests.filter {
            ($0.request.path ?? "").contains(name) && ($0.request.path ?? "").contains("?lifecycle")
        }
        #expect(lifecycle.isEmpty, "no lifecycle rule: the application's objects never expire")
        #expect(try await s3.ensurePrivateBucket(name) == .managed)
        let foreign = try await bucket(s3)
        #expect(try await s3.ensurePrivateBucket(foreign) == .foreign)
    }

    @Test("put, head, get, list and delete, with keys that need encoding and metadata; the bucket path-style on an overridden endpoint")
    func objects() async throws {
        let s3 = try s3()
        let bucket = try await bucket(s3)
        #expect(try await s3.bucketExists(bucket))
        // moto's signature check decodes `+`, `=` and non-ASCII in paths (botocore fails there too);
        // S3AddressingTests checks those keys' encoding against botocore's.
        let keys = ["app/function.zip", "app/with space/x.zip", "app/a~b_c-d.e"]
        for key in keys {
            try await s3.putObject(
                bucket: bucket, key: key, bytes: Array(key.utf8), contentType: "application/zip", metadata: ["sha256": "abc"])
        }
        let head = try #require(try await s3.headObject(bucket: bucket, key: keys[1]))
        #expect(head.size == keys[1].utf8.count && head.metadata["sha256"] == "abc", "\(head)")
        #expect(try await s3.getObject(bucket: bucket, key: keys[1]) == Array(keys[1].utf8))
        #expect(try await s3.headObject(bucket: bucket, key: "app/missing.zip") == nil)
        // moto's signature check also decodes `%2F` in query values (botocore's `Prefix='app/'` fails too).
        #expect(Set(try await s3.objects(bucket: bucket, prefix: "app").collect().map(\.key)) == Set(keys))
        for key in keys { try await s3.deleteObject(bucket: bucket, key: key) }
        #expect(try await s3.objects(bucket: bucket).collect().isEmpty)
        #expect(recorder.requests.allSatisfy { $0.path.hasPrefix("/\(bucket)") && $0.request.authority?.hasPrefix(bucket) != true })
        try await s3.deleteBucket(bucket)
        #expect(try await s3.bucketExists(bucket) == false)
    }

    @Test("S3's XML errors are typed: NoSuchBucket, NoSuchKey")
    func errors() async throws {
        let s3 = try s3()
        let missing = MotoEnvironment.uniqueName("missing")
        let error = try await #require(throws: AWSServiceError.self) { try await s3.putObject(bucket: missing, key: "k", bytes: [1]) }
        #expect(error.code == "NoSuchBucket" && error.statusCode == 404, "\(error)")
        let bucket = try await bucket(s3)
        let noKey = try await #require(throws: AWSServiceError.self) { try await s3.getObject(bucket: bucket, key: "nope") }
        #expect(noKey.code == "NoSuchKey", "\(noKey)")
    }

    @Test("a 21 MiB file in 5 MiB parts, two at a time: read back byte for byte; progress reaches every part; no upload left")
    func multipart() async throws {
        let s3 = try s3()
        let bucket = try await bucket(s3)
        let path = try file(21 << 20)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reports = Mutex<[S3UploadProgress]>([])
        let stored = try await s3.upload(
            file: path, bucket: bucket, key: "app/big.zip",
            options: S3UploadOptions(partSize: 5 << 20, concurrency: 2, progress: { progress in reports.withLock { $0.append(progress) } }))
        #expect(stored.parts == 5 && stored.size == 21 << 20)
        #expect(stored.eTag.hasSuffix("-5"), "\(stored.eTag)")
        let back = try await s3.getObject(bucket: bucket, key: "app/big.zip")
        #expect(SHA256Hasher.hash(back) == SHA256Hasher.hash(Array(try Data(contentsOf: URL(fileURLWithPath: path)))))
        let seen = reports.withLock { $0 }
        #expect(
            seen.last?.partsDone == 5 && seen.last?.partsTotal == 5 && seen.last?.bytesSent == 21 << 20,
            "\(seen.last.map(String.init(describing:)) ?? "none")")
        #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.bytesSent <= $1.bytesSent && $0.partsDone <= $1.partsDone })
        #expect(try await s3.multipartUploads(bucket: bucket).collect().isEmpty)
        let puts = recorder.requests.filter { $0.request.method == .put && $0.path.hasSuffix("/app/big.zip") }
        #expect(puts.count == 5, "one UploadPart per part")
    }

    @Test("a file no larger than one part: one streamed PutObject")
    func singlePut() async throws {
        let s3 = try s3()
        let bucket = try await bucket(s3)
        let path = try file(3 << 20, seed: 9)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stored = try await s3.upload(file: path, bucket: bucket, key: "small.zip")
        #expect(stored.parts == 1 && !stored.eTag.contains("-"))
        #expect(try await s3.headObject(bucket: bucket, key: "small.zip")?.size == 3 << 20)
    }

    @Test("a part that keeps failing: the upload throws and is aborted; ListMultipartUploads shows none", arguments: [2, 4])
    func failingPartAborts(_ failing: Int) async throws {
        let setup = try s3()
        let bucket = try await bucket(setup)
        let path = try file(16 << 20, seed: 3)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let faulty = FailingPart(base: AsyncHTTPClientTransport.shared, part: failing)
        let s3 = try s3(faulty, retry: RetryPolicy(maxAttempts: 3, sleep: { _ in }))
        await #expect(throws: (any Error).self) {
            _ = try await s3.upload(file: path, bucket: bucket, key: "app/broken.zip", options: S3UploadOptions(partSize: 5 << 20))
        }
        #expect(faulty.failures.withLock { $0 } == 3, "the part was tried three times")
        #expect(try await setup.multipartUploads(bucket: bucket).collect().isEmpty, "aborted")
        #expect(try await setup.headObject(bucket: bucket, key: "app/broken.zip") == nil)
    }

    @Test("cancelled mid-upload: aborted, nothing left")
    func cancelledAborts() async throws {
        let setup = try s3()
        let bucket = try await bucket(setup)
        let path = try file(20 << 20, seed: 5)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let slow = FailingPart(base: AsyncHTTPClientTransport.shared, part: 3, delay: .seconds(5))
        let s3 = try s3(slow)
        let upload = Task {
            try await s3.upload(
                file: path, bucket: bucket, key: "app/cancelled.zip", options: S3UploadOptions(partSize: 5 << 20, concurrency: 1))
        }
        while slow.reachedPart.withLock({ !$0 }) { try await Task.sleep(for: .milliseconds(10)) }
        upload.cancel()
        await #expect(throws: (any Error).self) { _ = try await upload.value }
        #expect(try await setup.multipartUploads(bucket: bucket).collect().isEmpty, "aborted")
    }
}

/// Fails `UploadPart` number `part` with a 500 (or holds it for `delay`); everything else passes.
final class FailingPart: HTTPTransport, Sendable {
    let base: any HTTPTransport
    let part: Int
    let delay: Duration?
    let failures = Mutex(0)
    let reachedPart = Mutex(false)

    init(base: any HTTPTransport, part: Int, delay: Duration? = nil) {
        self.base = base
        self.part = part
        self.delay = delay
    }

    func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        if request.method == .put, request.path?.contains("partNumber=\(part)&") == true {
            reachedPart.withLock { $0 = true }
            if let delay {
                try await Task.sleep(for: delay)
            } else {
                failures.withLock { $0 += 1 }
                if let body { for try await _ in body.chunks {} }
                return AWSErrorResponses.make(code: "InternalError", message: "injected", status: 500, protocol: .restXML)
            }
        }
        return try await base.send(request, body: body, context: context)
    }
}

@Suite("The deployment bucket on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct DeploymentBucketMotoTests {
    func s3() throws -> S3Client {
        S3Client(
            configuration: try MotoEnvironment.configuration(
                credentials: MotoEnvironment.admin!, transport: AsyncHTTPClientTransport.shared))
    }

    @Test("created private, encrypted, expiring and tagged; found again as managed; a bucket made by someone else is left as it is")
    func ensure() async throws {
        let s3 = try s3()
        let name = MotoEnvironment.uniqueName("deploy")
        #expect(try await s3.ensureDeploymentBucket(name, expireAfterDays: 14) == .created)
        #expect(try await s3.blocksAllPublicAccess(name))
        #expect(try await s3.bucketTags(name)[S3Client.managedTag] == "true")
        #expect(try await s3.ensureDeploymentBucket(name) == .managed)
        let theirs = MotoEnvironment.uniqueName("theirs")
        try await s3.createBucket(theirs)
        try await s3.putBucketTags(theirs, tags: ["team": "payments"])
        #expect(try await s3.ensureDeploymentBucket(theirs) == .foreign)
        #expect(try await s3.bucketTags(theirs) == ["team": "payments"], "never modified")
        #expect(S3Client.deploymentBucketName(account: "123456789012", region: "eu-west-1") == "lambdadeploykit-123456789012-eu-west-1")
    }
}
