/// RFC 3986 percent-encoding as SigV4 canonicalisation needs it.
enum PercentEncoding {
    /// `A–Z a–z 0–9 - . _ ~`
    @inlinable
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func appendEscape(_ byte: UInt8, to buffer: inout [UInt8]) {
        let upper: (UInt8) -> UInt8 = { $0 < 10 ? 0x30 + $0 : 0x41 + $0 - 10 }
        buffer.append(UInt8(ascii: "%"))
        buffer.append(upper(byte >> 4))
        buffer.append(upper(byte & 0x0F))
    }

    /// Encodes every byte but the unreserved ones (and `/` when `keepSlash`): a `%` becomes `%25`.
    /// Applied to an already-encoded path this is SigV4's second encoding for non-S3 services.
    static func encode(_ bytes: some Collection<UInt8>, keepSlash: Bool, to buffer: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                buffer.append(byte)
            } else {
                appendEscape(byte, to: &buffer)
            }
        }
    }

    /// Encodes what is not yet encoded: existing `%XX` escapes are kept (their hex made
    /// upper-case), every other byte outside the unreserved set (and `/` when `keepSlash`) is
    /// escaped. A correctly encoded wire string comes back unchanged; a raw one is encoded once.
    static func normalize(_ bytes: some Collection<UInt8>, keepSlash: Bool, to buffer: inout [UInt8]) {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                if first != bytes.endIndex, bytes.index(after: first) != bytes.endIndex,
                    let high = Hex.value(of: bytes[first]),
                    let low = Hex.value(of: bytes[bytes.index(after: first)])
                {
                    appendEscape(high << 4 | low, to: &buffer)
                    index = bytes.index(first, offsetBy: 2)
                    continue
                }
                appendEscape(byte, to: &buffer)
            } else if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                buffer.append(byte)
            } else {
                appendEscape(byte, to: &buffer)
            }
            index = bytes.index(after: index)
        }
    }

}

/// RFC 3986 percent-encoding, as AWS expects it in paths, query strings and form bodies.
public enum URIEncoding {
    /// `text` with every byte but the unreserved ones (`A–Z a–z 0–9 - . _ ~`) escaped as `%XX`
    /// (upper-case hex): a space becomes `%20`, `/` becomes `%2F`.
    public static func encode(_ text: String) -> String {
        var buffer = [UInt8]()
        buffer.reserveCapacity(text.utf8.count)
        PercentEncoding.encode(text.utf8, keepSlash: false, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
