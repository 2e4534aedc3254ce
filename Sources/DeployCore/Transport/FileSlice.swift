import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte range of a file, read in chunks: for hashing in one synchronous pass, and as a request
/// body streamed in another. Nothing is read ahead: the body reads a chunk only when the transport
/// asks for the next one, so one chunk per body is in memory however slow the network.
///
/// ```swift
/// let slice = FileSlice(path: "function.zip", length: size)
/// var hasher = SHA256Hasher()
/// try slice.forEachChunk { hasher.update($0) }
/// let body = HTTPBody(length: size) { slice.chunks() }
/// ```
public struct FileSlice: Sendable {
    /// The file.
    public let path: String
    /// Where the range starts.
    public let offset: Int
    /// Its length.
    public let length: Int

    /// The bytes `offset..<offset + length` of the file at `path`.
    public init(path: String, offset: Int = 0, length: Int) {
        self.path = path
        self.offset = offset
        self.length = length
    }

    /// Calls `body` with each chunk of at most `size` bytes, in order.
    public func forEachChunk(of size: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let reader = try Reader(self, chunkSize: size)
        while let chunk = try reader.next() { try chunk.withUnsafeBytes(body) }
    }

    /// The range as a stream of chunks of at most `size` bytes, each passed through `transform`
    /// (base64, for a JSON member) and framed by `prefix` and `suffix`; `sent` is told each raw
    /// chunk's size as it is handed on. Each call makes a new stream that reads the file anew.
    public func chunks(
        of size: Int = 1 << 20, prefix: [UInt8] = [], suffix: [UInt8] = [],
        transform: @escaping @Sendable ([UInt8]) -> [UInt8] = { $0 }, sent: @escaping @Sendable (Int) -> Void = { _ in }
    ) -> AsyncThrowingStream<[UInt8], any Error> {
        enum Phase {
            case prefix
            case body(Reader)
            case suffix, done
        }
        let slice = self
        let phase = Mutex<Phase>(.prefix)
        return AsyncThrowingStream(unfolding: {
            try Task.checkCancellation()
            return try phase.withLock { phase -> [UInt8]? in
                while true {
                    switch phase {
                    case .prefix:
                        phase = .body(try Reader(slice, chunkSize: size))
                        if !prefix.isEmpty { return prefix }
                    case .body(let reader):
                        if let chunk = try reader.next() {
                            sent(chunk.count)
                            return transform(chunk)
                        }
                        phase = .suffix
                    case .suffix:
                        phase = .done
                        if !suffix.isEmpty { return suffix }
                    case .done:
                        return nil
                    }
                }
            }
        })
    }

    /// An open descriptor and a position; closed when released.
    final class Reader: @unchecked Sendable {
        private let descriptor: Int32
        private let slice: FileSlice
        private let chunkSize: Int
        private var done = 0

        init(_ slice: FileSlice, chunkSize: Int) throws {
            descriptor = open(slice.path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileSliceError(path: slice.path, reason: String(cString: strerror(errno))) }
            self.slice = slice
            self.chunkSize = max(1, chunkSize)
        }

        deinit { close(descriptor) }

        /// The next chunk, or `nil` at the end of the range.
        func next() throws -> [UInt8]? {
            guard done < slice.length else { return nil }
            let wanted = min(chunkSize, slice.length - done)
            var failure: FileSliceError?
            let chunk = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, initialized in
                var got = 0
                while got < wanted {
                    let read = pread(descriptor, buffer.baseAddress! + got, wanted - got, off_t(slice.offset + done + got))
                    if read < 0 && errno == EINTR { continue }
                    guard read > 0 else {
                        let reason = read < 0 ? String(cString: strerror(errno)) : "it became shorter while being read"
                        failure = FileSliceError(path: slice.path, reason: reason)
                        break
                    }
                    got += read
                }
                initialized = failure == nil ? wanted : 0
            }
            if let failure { throw failure }
            done += wanted
            return chunk
        }
    }
}

/// A file (or a range of it) could not be read.
public struct FileSliceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// Why (`No such file or directory`, `it became shorter while being read`).
    public var reason: String

    public var description: String { "FileSliceError: \(path) cannot be read (\(reason))" }
}
