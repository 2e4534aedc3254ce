import DeployHashing
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte range of a file, read in chunks: hashed in one streaming pass, then streamed as a
/// request body in another, so that no part and no artifact is ever held whole in memory.
struct FileRange: Sendable {
    let path: String
    let offset: Int
    let length: Int
    /// The size of each read (1 MiB).
    static let chunkSize = 1 << 20

    /// The SHA-256 of the range, read chunk by chunk.
    func digest() throws -> SHA256Digest {
        var hasher = SHA256Hasher()
        try forEachChunk { hasher.update($0) }
        return hasher.finalize()
    }

    /// Calls `body` with each chunk of the range, in order.
    func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw S3UploadError.unreadable(path, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: min(Self.chunkSize, max(length, 1)))
        var done = 0
        while done < length {
            let wanted = min(buffer.count, length - done)
            let read = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(offset + done)) }
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else {
                throw S3UploadError.unreadable(path, read < 0 ? String(cString: strerror(errno)) : "it became shorter while being uploaded")
            }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<read])) }
            done += read
        }
    }

    /// The range as a one-shot stream of chunks; `sent` is called with each chunk's size as it is
    /// handed to the transport.
    func chunks(sent: @escaping @Sendable (Int) -> Void = { _ in }) -> AsyncThrowingStream<[UInt8], any Error> {
        let range = self
        return AsyncThrowingStream { continuation in
            let task = Task.detached {
                do {
                    try range.forEachChunk { chunk in
                        try Task.checkCancellation()
                        continuation.yield(Array(chunk))
                        sent(chunk.count)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// An upload that could not be made from a local file.
public enum S3UploadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(String, String)
    /// The file is larger than S3's 5 TiB object limit, or than 10,000 parts of the largest part.
    case tooLarge(String, Int)
    /// S3 answered `CompleteMultipartUpload` with 200 and an error in the body.
    case completionFailed(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "S3UploadError: \(path) cannot be read (\(reason)): check the build job's artifacts"
        case .tooLarge(let path, let size):
            "S3UploadError: \(path) is \(size) bytes, more than one S3 object holds (5 TiB): split the artifact"
        case .completionFailed(let key, let message):
            "S3UploadError: completing the multipart upload of \(key) failed (\(message)); the upload was aborted: run again"
        }
    }
}
