import DeployCore
import Foundation
import Testing

@Suite("FileSlice: a file's range read in chunks, streamed on demand")
struct FileSliceTests {
    func file(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "slice-\(UUID().uuidString).bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a range in chunks, synchronously and as a stream framed and transformed; each stream reads the file anew")
    func chunks() async throws {
        let bytes = (0..<1000).map { UInt8($0 % 251) }
        let path = try file(bytes)
        let slice = FileSlice(path: path, offset: 100, length: 700)
        var seen: [[UInt8]] = []
        try slice.forEachChunk(of: 256) { seen.append(Array($0)) }
        #expect(seen.map(\.count) == [256, 256, 188] && seen.flatMap { $0 } == Array(bytes[100..<800]))

        let sizes = SentSizes()
        let stream = slice.chunks(of: 256, prefix: [1], suffix: [2, 2], transform: { $0.reversed() }, sent: { sizes.add($0) })
        var streamed: [[UInt8]] = []
        for try await chunk in stream { streamed.append(chunk) }
        #expect(streamed == [[1]] + seen.map { $0.reversed() } + [[2, 2]])
        #expect(sizes.all == [256, 256, 188])
        var again = 0
        for try await chunk in slice.chunks(of: 700) { again += chunk.count }
        #expect(again == 700)
    }

    @Test("nothing is read ahead: a file cut after the first chunk was taken fails the second, typed")
    func onDemand() async throws {
        let path = try file(Array(repeating: 7, count: 3000))
        var iterator = FileSlice(path: path, length: 3000).chunks(of: 1000).makeAsyncIterator()
        #expect(try await iterator.next()?.count == 1000)
        // Had the stream read ahead, the rest would be buffered already and this would not matter.
        try FileHandle(forWritingAtPath: path)!.truncate(atOffset: 1500)
        let error = await #expect(throws: FileSliceError.self) { _ = try await iterator.next() }
        #expect(error?.path == path && error?.reason == "it became shorter while being read")
    }

    @Test("a missing file is a typed error naming it")
    func missing() {
        #expect(throws: FileSliceError.self) { try FileSlice(path: "/nonexistent/x.zip", length: 1).forEachChunk { _ in } }
    }
}

/// The sizes `sent` reported, in order.
final class SentSizes: @unchecked Sendable {
    private let lock = NSLock()
    private var sizes: [Int] = []
    func add(_ size: Int) { lock.withLock { sizes.append(size) } }
    var all: [Int] { lock.withLock { sizes } }
}
