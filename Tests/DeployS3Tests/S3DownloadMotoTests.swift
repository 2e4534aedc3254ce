import DeployAsyncHTTPClient
import DeployCore
import DeployS3
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// Ranged downloads against moto, SigV4 checked.
@Suite("S3 downloads on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct S3DownloadMotoTests {
    /// Passes requests on; after the first ranged GET, runs `afterFirstRange` once.
    final class Interposer: HTTPTransport {
        let base: any HTTPTransport
        let afterFirstRange: @Sendable () async throws -> Void
        let ranges = Mutex<[String]>([])

        init(_ base: any HTTPTransport, afterFirstRange: @escaping @Sendable () async throws -> Void = {}) {
            self.base = base
            self.afterFirstRange = afterFirstRange
        }

        func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
            let response = try await base.send(request, body: body, context: context)
            if let range = request.headerFields[.range] {
                let count = ranges.withLock {
                    $0.append(range)
                    return $0.count
                }
                if count == 1 { try await afterFirstRange() }
            }
            return response
        }
    }

    func s3(_ transport: any HTTPTransport = AsyncHTTPClientTransport.shared) throws -> S3Client {
        S3Client(configuration: try MotoEnvironment.configuration(credentials: MotoEnvironment.admin!, transport: transport))
    }

    func object(size: Int) async throws -> (bucket: String, key: String, bytes: [UInt8]) {
        let s3 = try s3()
        let bucket = MotoEnvironment.uniqueName("downloads")
        try await s3.createBucket(bucket)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try await s3.putObject(bucket: bucket, key: "artifacts/function.zip", bytes: bytes)
        return (bucket, "artifacts/function.zip", bytes)
    }

    @Test("in 1 MiB ranges into a file: the same bytes, one request per range, nothing left beside the file")
    func ranges() async throws {
        let (bucket, key, bytes) = try await object(size: 2_621_440 + 17)
        let interposer = Interposer(AsyncHTTPClientTransport.shared)
        let folder = NSTemporaryDirectory() + MotoEnvironment.uniqueName("download")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let info = try await s3(interposer).download(bucket: bucket, key: key, to: folder + "/function.zip", rangeSize: 1 << 20)
        #expect(info.size == bytes.count)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/function.zip"))) == bytes)
        #expect(interposer.ranges.withLock { $0 } == ["bytes=0-1048575", "bytes=1048576-2097151", "bytes=2097152-2621456"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["function.zip"])
    }

    @Test("an object replaced during the download fails it (If-Match), and the file that was there stays as it was")
    func replacedDuringDownload() async throws {
        let (bucket, key, _) = try await object(size: 3 << 20)
        let replacer = try s3()
        let interposer = Interposer(AsyncHTTPClientTransport.shared) {
            try await replacer.putObject(bucket: bucket, key: key, bytes: Array(repeating: 7, count: 3 << 20))
        }
        let path = NSTemporaryDirectory() + MotoEnvironment.uniqueName("kept") + ".zip"
        try Data("previous".utf8).write(to: URL(fileURLWithPath: path))
        let error = await #expect(throws: AWSServiceError.self) {
            try await s3(interposer).download(bucket: bucket, key: key, to: path, rangeSize: 1 << 20)
        }
        #expect(error?.statusCode == 412, "\(String(describing: error))")
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "previous")
    }

    @Test("a missing object is a typed error naming it")
    func missing() async throws {
        let (bucket, _, _) = try await object(size: 10)
        await #expect(throws: S3DownloadError.notFound(bucket: bucket, key: "nope.zip")) {
            try await s3().download(bucket: bucket, key: "nope.zip", to: NSTemporaryDirectory() + "never.zip")
        }
    }
}
