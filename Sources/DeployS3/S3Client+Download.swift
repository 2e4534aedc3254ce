import DeployCore
import Foundation
import HTTPTypes

/// A download that could not be made to a local file.
public enum S3DownloadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// There is no such object (or this caller may not see it).
    case notFound(bucket: String, key: String)
    /// The file could not be written.
    case unwritable(String, String)
    /// S3 answered a range with other bytes than asked (a proxy that ignores `Range`).
    case unexpectedRange(key: String, expected: Int, received: Int)

    public var description: String {
        switch self {
        case .notFound(let bucket, let key): "S3DownloadError: s3://\(bucket)/\(key) does not exist (or this caller may not read it)"
        case .unwritable(let path, let reason): "S3DownloadError: \(path) cannot be written (\(reason)): check the folder and the disk"
        case .unexpectedRange(let key, let expected, let received):
            "S3DownloadError: a range of \(key) came back with \(received) bytes where \(expected) were asked: the endpoint ignores Range"
        }
    }
}

extension S3Client {
    /// `GetObject` in ranges, into the file at `path`: `rangeSize` bytes per request (each retried
    /// on its own by the client), never the whole object in memory. Every range names the ETag
    /// `HeadObject` gave (`If-Match`), so an object replaced during the download fails it
    /// (`PreconditionFailed`) rather than mixing two versions. The bytes go to a temporary file
    /// beside `path`, renamed over it once complete: a failure leaves `path` as it was.
    @discardableResult
    public func download(bucket: String, key: String, to path: String, rangeSize: Int = 8 << 20) async throws -> S3ObjectInfo {
        guard let object = try await headObject(bucket: bucket, key: key) else { throw S3DownloadError.notFound(bucket: bucket, key: key) }
        let temporary = path + ".download-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let file = FileHandle(forWritingAtPath: temporary) else {
            throw S3DownloadError.unwritable(path, String(cString: strerror(errno)))
        }
        do {
            defer { try? file.close() }
            var offset = 0
            let step = max(1 << 20, rangeSize)
            while offset < object.size {
                try Task.checkCancellation()
                let end = min(offset + step, object.size) - 1
                var headers = HTTPFields()
                headers[.range] = "bytes=\(offset)-\(end)"
                headers[.ifMatch] = "\"\(object.eTag)\""
                let bytes = try await client.send(request(.get, bucket: bucket, key: key, headers: headers), operation: "GetObject").body
                guard bytes.count == end - offset + 1 else {
                    throw S3DownloadError.unexpectedRange(key: key, expected: end - offset + 1, received: bytes.count)
                }
                do { try file.write(contentsOf: bytes) } catch { throw S3DownloadError.unwritable(path, "\(error)") }
                offset = end + 1
            }
            try file.synchronize()
            guard rename(temporary, path) == 0 else { throw S3DownloadError.unwritable(path, String(cString: strerror(errno))) }
            return object
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
