import CDeployZlib
import Foundation

/// Raw deflate, inflate and CRC-32 from the system zlib.
enum Zlib {
    /// The CRC-32 of `buffer`, continuing from `crc`.
    static func crc32(_ buffer: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return crc }
        return UInt32(CDeployZlib.crc32_z(UInt(crc), base.assumingMemoryBound(to: UInt8.self), buffer.count))
    }

    /// The CRC-32 of two pieces joined, from each piece's CRC and the second's length.
    static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: CDeployZlib.crc32_combine(UInt(first), UInt(second), off_t(secondLength)))
    }

    /// Deflates `input` as raw deflate (no zlib header), with a deflater from the pool.
    static func deflate(
        _ input: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer?, level: Int32, finish: Bool
    ) throws -> [UInt8] {
        let deflater = try DeflaterPool.shared.take(level: level)
        defer { DeflaterPool.shared.give(deflater) }
        return try deflater.deflate(input, dictionary: dictionary, finish: finish)
    }
}

/// A zlib deflate stream, initialised once and reset between inputs. The `z_stream` lives at a
/// fixed address, as zlib requires.
final class Deflater {
    let level: Int32
    private let stream: UnsafeMutablePointer<z_stream>

    init(level: Int32) throws {
        self.level = level
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = deflateInit2_(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw ZipError(.compressionFailed, "deflateInit2 failed (\(status))")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// With `dictionary`, back-references may reach into it (the 32 KiB before a chunk).
    /// `finish` ends the stream; otherwise the output ends on a byte boundary with a sync flush,
    /// so that the next chunk's output can follow it.
    func deflate(_ input: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer?, finish: Bool) throws -> [UInt8] {
        var status = deflateReset(stream)
        guard status == Z_OK else { throw ZipError(.compressionFailed, "deflateReset failed (\(status))") }
        if let dictionary, let base = dictionary.baseAddress, dictionary.count > 0 {
            status = deflateSetDictionary(stream, base.assumingMemoryBound(to: UInt8.self), UInt32(dictionary.count))
            guard status == Z_OK else { throw ZipError(.compressionFailed, "deflateSetDictionary failed (\(status))") }
        }
        let bound = Int(deflateBound(stream, UInt(input.count))) + 64
        var produced = 0
        let output = [UInt8](unsafeUninitializedCapacity: bound) { out, count in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.pointee.avail_in = UInt32(input.count)
            stream.pointee.next_out = out.baseAddress!
            stream.pointee.avail_out = UInt32(bound)
            status = CDeployZlib.deflate(stream, finish ? Z_FINISH : Z_SYNC_FLUSH)
            produced = bound - Int(stream.pointee.avail_out)
            count = produced
        }
        guard status == (finish ? Z_STREAM_END : Z_OK), stream.pointee.avail_in == 0 else {
            throw ZipError(.compressionFailed, "deflate did not complete (status \(status))")
        }
        return output
    }
}

/// Deflaters kept for reuse across files and tasks.
final class DeflaterPool: @unchecked Sendable {
    static let shared = DeflaterPool()
    private let lock = NSLock()
    private var idle: [Deflater] = []

    func take(level: Int32) throws -> Deflater {
        lock.lock()
        if let index = idle.lastIndex(where: { $0.level == level }) {
            let deflater = idle.remove(at: index)
            lock.unlock()
            return deflater
        }
        lock.unlock()
        return try Deflater(level: level)
    }

    func give(_ deflater: Deflater) {
        lock.lock()
        defer { lock.unlock() }
        if idle.count < 16 { idle.append(deflater) }
    }
}

/// A streaming raw inflater for reading archives, with a bound on what it may produce. Its
/// `z_stream` lives at a fixed address, as zlib requires (zlib keeps a pointer back to it and
/// refuses a stream that moved; `&property` on a class promises no fixed address).
final class Inflater {
    private let stream: UnsafeMutablePointer<z_stream>

    init() throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            throw ZipError(.compressionFailed, "inflateInit2 failed (\(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Feeds `input` and calls `output` with each piece produced. Returns whether the stream ended.
    func inflate(_ input: UnsafeRawBufferPointer, output: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        while true {
            let (status, produced): (Int32, Int) = buffer.withUnsafeMutableBytes { out in
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(out.count)
                let status = CDeployZlib.inflate(stream, Z_NO_FLUSH)
                return (status, out.count - Int(stream.pointee.avail_out))
            }
            if produced > 0 {
                try buffer.withUnsafeBytes { raw in try output(UnsafeRawBufferPointer(rebasing: raw[0..<produced])) }
            }
            switch status {
            case Z_STREAM_END:
                return true
            case Z_OK:
                if stream.pointee.avail_in == 0 && produced < buffer.count { return false }
            case Z_BUF_ERROR:
                return false
            default:
                throw ZipError(.corruptArchive, "the compressed data is corrupt (zlib status \(status))")
            }
        }
    }
}
