/// A request body: bytes that can be sent again (and so retried), or a one-shot stream.
///
/// ```swift
/// let body = HTTPBody(bytes: zip)                       // replayable
/// let upload = HTTPBody(stream: parts, length: size)    // read once, never retried
/// ```
public struct HTTPBody: Sendable {
    enum Storage: Sendable {
        case bytes([UInt8])
        case stream(ByteStream, length: Int?)
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
        storage = .stream(erased, length: length)
    }

    /// Whether the body can be sent again (bytes in memory) or only once (a stream).
    public var isReplayable: Bool {
        if case .bytes = storage { return true }
        return false
    }

    /// The body's length in bytes, when known.
    public var length: Int? {
        switch storage {
        case .bytes(let bytes): return bytes.count
        case .stream(_, let length): return length
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
        case .stream(let stream, _):
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
