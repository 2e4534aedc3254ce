/// A SHA-256 digest: 32 bytes held inline, without a heap allocation.
public struct SHA256Digest: Sendable, Hashable {
    @usableFromInline
    var words: (UInt64, UInt64, UInt64, UInt64)

    /// The digest of the empty input (`e3b0c442…b855`).
    public static let empty: SHA256Digest = {
        var hasher = SHA256Hasher()
        return hasher.finalize()
    }()

    init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    public static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    /// Creates a digest from exactly 32 bytes; `nil` for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var w: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &w) { raw in
            // Contiguous bytes (an array, a slice of one) are copied at once.
            let copied = bytes.withContiguousStorageIfAvailable { raw.copyMemory(from: UnsafeRawBufferPointer($0)) }
            if copied == nil {
                for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
            }
        }
        self.words = w
    }

    /// Parses 64 hexadecimal digits (either case); `nil` when the text is not a SHA-256 in hex.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            guard let high = Hex.value(of: utf8[2 * index]), let low = Hex.value(of: utf8[2 * index + 1]) else {
                return nil
            }
            bytes[index] = high << 4 | low
        }
        self.init(bytes: bytes)
    }

    /// Calls `body` with the 32 digest bytes.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// The 32 digest bytes.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Lower-case hexadecimal, as SigV4 writes payload hashes.
    public var hexString: String {
        withUnsafeBytes { raw in
            String(unsafeUninitializedCapacity: 64) { out in
                Hex.write(raw, into: UnsafeMutableRawBufferPointer(out))
                return 64
            }
        }
    }

    /// Base64 of the digest, as Lambda reports `CodeSha256`.
    public var base64String: String {
        withUnsafeBytes { Base64.encode($0) }
    }
}

extension SHA256Digest: CustomStringConvertible {
    public var description: String { hexString }
}

/// Lower-case hexadecimal helpers.
package enum Hex {
    /// Writes `2 * input.count` hex digits at the start of `output`, four input bytes at a time:
    /// their eight nibbles are spread over the bytes of one word and turned into digits together.
    package static func write(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count >= 2 * input.count, "hex output too small")
        var index = 0
        while index + 4 <= input.count {
            var nibbles: UInt64 = 0
            for lane in 0..<4 {
                let byte = UInt64(input[index &+ lane])
                nibbles |= (byte &>> 4) << (16 &* UInt64(lane)) | (byte & 0x0F) << (16 &* UInt64(lane) &+ 8)
            }
            // 0x01 in each lane holding 10 or more; those lanes skip from '9'+1 to 'a'.
            let letters = ((nibbles &+ 0x0606_0606_0606_0606) &>> 4) & 0x0101_0101_0101_0101
            let digits = nibbles &+ 0x3030_3030_3030_3030 &+ letters &* 39
            output.storeBytes(of: digits.littleEndian, toByteOffset: 2 &* index, as: UInt64.self)
            index &+= 4
        }
        while index < input.count {
            let byte = input[index]
            output.storeBytes(of: digit(byte &>> 4), toByteOffset: 2 &* index, as: UInt8.self)
            output.storeBytes(of: digit(byte & 0x0F), toByteOffset: 2 &* index &+ 1, as: UInt8.self)
            index &+= 1
        }
    }

    package static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 &+ nibble : 0x61 &+ nibble &- 10
    }

    /// Appends the hex digits of `input` to `buffer`.
    package static func append(_ input: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        withUnsafeTemporaryAllocation(byteCount: input.count * 2, alignment: 1) { digits in
            write(input, into: digits)
            buffer.append(contentsOf: UnsafeRawBufferPointer(digits))
        }
    }

    package static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// Standard base64 with padding (RFC 4648), without Foundation.
package enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    package static func encode(_ input: UnsafeRawBufferPointer) -> String {
        var out = [UInt8]()
        out.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            for shift in stride(from: 18, through: 0, by: -6) { out.append(alphabet[Int(chunk >> UInt32(shift) & 63)]) }
            index += 3
        }
        let rest = input.count - index
        if rest > 0 {
            var chunk = UInt32(input[index]) << 16
            if rest == 2 { chunk |= UInt32(input[index + 1]) << 8 }
            out.append(alphabet[Int(chunk >> 18 & 63)])
            out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
