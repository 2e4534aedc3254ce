/// Writes bytes into a block of memory whose size was bounded beforehand: a copy per part, with
/// none of an array's uniqueness and growth checks. Writing past the bound is a programming error
/// and traps.
struct ByteWriter {
    private let memory: UnsafeMutableRawBufferPointer
    /// Bytes written so far.
    private(set) var count = 0

    init(_ memory: UnsafeMutableRawBufferPointer) {
        self.memory = memory
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        precondition(count + bytes.count <= memory.count, "ByteWriter: bound exceeded")
        guard let source = bytes.baseAddress, let target = memory.baseAddress else { return }
        (target + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    mutating func write(_ byte: UInt8) {
        precondition(count < memory.count, "ByteWriter: bound exceeded")
        memory.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func write(utf8 text: some StringProtocol) {
        Canonical.withUTF8(of: text) { write($0) }
    }
}

extension Array where Element == UInt8 {
    /// Appends what `body` writes, at most `bound` bytes, without per-part array bookkeeping.
    mutating func appendBlock(atMost bound: Int, _ body: (inout ByteWriter) -> Void) {
        let start = count
        append(contentsOf: repeatElement(0, count: bound))
        let written = withUnsafeMutableBytes { raw in
            var writer = ByteWriter(UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
            body(&writer)
            return writer.count
        }
        removeLast(bound - written)
    }
}
