/// A request body: bytes that can be sent again (and so retried), a stream made anew for each
/// attempt (also retried), or a one-shot stream.
///
/// ```swift
/// let body = HTTPBody(bytes: zip)                                   // replayable
/// let part = HTTPBody(length: size, makeStream: readFile)          // streamed, replayable
/// let upload = HTTPBody(stream: parts, length: size)                // read once, never retried
/// ```
public struct HTTPBody: Sendable {
    enum Storage: Sendable {
        case bytes([UInt8])
        case stream(ByteStream, length: Int?, isReplayable: Bool)
    }

    /// A type-erased async sequence of byte chunks.
    struct ByteStream: Sendable {
        let makeIterator: @Sendable () -> AsyncThrowingStream<[UInt8], any Error>
    }

    let storage: Storage

    /// A body held in memory; it can be sent any number of times.
    public init(bytes: [UInt8]) {
        storage = .bytes(bytes)
    }

    /// A body read from `stream` as it is sent. It can be sent once only, so a request with
    /// such a body is never retried. `length`, when known, becomes `Content-Length`.
    public init<Stream: AsyncSequence & Sendable>(stream: Stream, length: Int?) where Stream.Element == [UInt8] {
        let erased = ByteStream {
            AsyncThrowingStream { continuation in
                let task = Task {
                    do {
                        for try await chunk in stream { continuation.yield(chunk) }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
        storage = .stream(erased, length: length, isReplayable: false)
    }

    /// A body streamed from what `makeStream` returns, called anew for every attempt (a range of
    /// a file, read as it is sent): held in memory a chunk at a time, and sent again when a retry
    /// needs it. `length`, when known, becomes `Content-Length`.
    public init(length: Int?, makeStream: @escaping @Sendable () -> AsyncThrowingStream<[UInt8], any Error>) {
        storage = .stream(ByteStream(makeIterator: makeStream), length: length, isReplayable: true)
    }

    /// Whether the body can be sent again (bytes in memory, a stream made anew) or only once (a
    /// one-shot stream).
    public var isReplayable: Bool {
        switch storage {
        case .bytes: return true
        case .stream(_, _, let isReplayable): return isReplayable
        }
    }

    /// The body's length in bytes, when known.
    public var length: Int? {
        switch storage {
        case .bytes(let bytes): return bytes.count
        case .stream(_, let length, _): return length
        }
    }

    /// The bytes of a replayable body; `nil` for a stream.
    public var bytes: [UInt8]? {
        if case .bytes(let bytes) = storage { return bytes }
        return nil
    }

    /// The chunks of the body, in order. A stream's chunks can be read only once.
    public var chunks: AsyncThrowingStream<[UInt8], any Error> {
        switch storage {
        case .bytes(let bytes):
            return AsyncThrowingStream { continuation in
                if !bytes.isEmpty { continuation.yield(bytes) }
                continuation.finish()
            }
        case .stream(let stream, _, _):
            return stream.makeIterator()
        }
    }

    /// Reads the whole body into memory (at most `limit` bytes).
    public func collect(upTo limit: Int = .max) async throws -> [UInt8] {
        if case .bytes(let bytes) = storage {
            guard bytes.count <= limit else { throw TransportError(.bodyTooLarge, "the body has \(bytes.count) bytes, more than \(limit)") }
            return bytes
        }
        var collected: [UInt8] = []
        for try await chunk in chunks {
            guard collected.count + chunk.count <= limit else {
                throw TransportError(.bodyTooLarge, "the body has more than \(limit) bytes")
            }
            collected += chunk
        }
        return collected
    }
}
