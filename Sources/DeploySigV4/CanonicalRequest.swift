import HTTPTypes

/// The pieces SigV4 canonicalises, and how each is written into the canonical request.
enum Canonical {
    /// Headers that are never signed: hop-by-hop headers, and those a proxy or the SDK may
    /// change after signing.
    static func isUnsigned(_ name: String) -> Bool {
        // Compare only names of a matching length: this runs for every header of every request.
        switch name.utf8.count {
        case 2: return name == "te"
        case 6: return name == "expect"
        case 7: return name == "trailer" || name == "upgrade"
        case 10: return name == "connection" || name == "keep-alive" || name == "user-agent"
        case 13: return name == "authorization"
        case 15: return name == "x-amzn-trace-id"
        case 17: return name == "transfer-encoding"
        case 18: return name == "proxy-authenticate"
        case 19: return name == "proxy-authorization"
        default: return false
        }
    }

    /// Splits a request target into its path and (raw) query.
    static func split(target: String) -> (path: Substring, query: Substring?) {
        let offset = withUTF8(of: target) { bytes in bytes.firstIndex(of: UInt8(ascii: "?")) }
        guard let offset else { return (target[...], nil) }
        let utf8 = target.utf8
        let mark = utf8.index(utf8.startIndex, offsetBy: offset)
        return (Substring(utf8[..<mark]), Substring(utf8[utf8.index(after: mark)...]))
    }

    // MARK: Path

    /// RFC 3986 dot-segment removal, plus collapsing of empty segments (`//`), as AWS services
    /// other than S3 canonicalise the path. A trailing slash is kept.
    static func normalizedSegments(
        of path: Substring.UTF8View
    ) -> (segments: [Substring.UTF8View.SubSequence], leadingSlash: Bool, trailingSlash: Bool) {
        var segments: [Substring.UTF8View.SubSequence] = []
        for segment in path.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            if segment.elementsEqual(CollectionOfOne(UInt8(ascii: "."))) { continue }
            if segment.elementsEqual("..".utf8) {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        let leading = path.first == UInt8(ascii: "/")
        let trailing = path.last == UInt8(ascii: "/") && !segments.isEmpty
        return (segments, leading, trailing)
    }

    /// Whether a path needs neither normalisation nor encoding: only unreserved bytes and single
    /// slashes, and no segment starting with a dot. The common case, copied as it is.
    static func isAlreadyCanonical(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in path {
            if byte == UInt8(ascii: "/") {
                if previous == byte { return false }
            } else if !PercentEncoding.isUnreserved(byte) || (byte == UInt8(ascii: ".") && previous == UInt8(ascii: "/")) {
                return false
            }
            previous = byte
        }
        return previous != 0 && path.first == UInt8(ascii: "/")
    }

    /// Writes the canonical URI.
    static func appendPath(_ path: Substring, encoding: SigV4Signer.PathEncoding, to buffer: inout [UInt8]) {
        if path.isEmpty {
            buffer.append(UInt8(ascii: "/"))
            return
        }
        switch encoding.kind {
        case .s3:
            PercentEncoding.normalize(path.utf8, keepSlash: true, to: &buffer)
        case .normalized:
            let copied = withUTF8(of: path) { bytes in
                guard isAlreadyCanonical(bytes) else { return false }
                buffer.append(contentsOf: bytes)
                return true
            }
            if copied { return }
            let (segments, leading, trailing) = normalizedSegments(of: path.utf8)
            if leading || segments.isEmpty { buffer.append(UInt8(ascii: "/")) }
            for (index, segment) in segments.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: "/")) }
                PercentEncoding.encode(segment, keepSlash: false, to: &buffer)
            }
            if trailing { buffer.append(UInt8(ascii: "/")) }
        }
    }

    // MARK: Query

    /// One query parameter, already in canonical (encoded) form.
    struct QueryPair {
        var key: [UInt8]
        var value: [UInt8]
    }

    /// The parameters of a raw query string, each key and value encoded canonically.
    static func queryPairs(_ query: Substring?) -> [QueryPair] {
        guard let query, !query.isEmpty else { return [] }
        var pairs: [QueryPair] = []
        for item in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            var key: [UInt8] = []
            var value: [UInt8] = []
            if let equals = item.firstIndex(of: UInt8(ascii: "=")) {
                PercentEncoding.normalize(item[..<equals], keepSlash: false, to: &key)
                PercentEncoding.normalize(item[item.index(after: equals)...], keepSlash: false, to: &value)
            } else {
                PercentEncoding.normalize(item, keepSlash: false, to: &key)
            }
            pairs.append(QueryPair(key: key, value: value))
        }
        return pairs
    }

    /// Writes `key=value&…` sorted by key, then value (bytewise).
    static func appendQuery(_ pairs: [QueryPair], to buffer: inout [UInt8]) {
        guard !pairs.isEmpty else { return }
        let sorted = pairs.sorted { lhs, rhs in
            lhs.key == rhs.key ? lhs.value.lexicographicallyPrecedes(rhs.value) : lhs.key.lexicographicallyPrecedes(rhs.key)
        }
        for (index, pair) in sorted.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "&")) }
            buffer.append(contentsOf: pair.key)
            buffer.append(UInt8(ascii: "="))
            buffer.append(contentsOf: pair.value)
        }
    }

    // MARK: Headers

    /// What header signing does with a header the request already has.
    enum HeaderRole {
        /// Signed as it is.
        case signed
        /// Signed as it is; the request names its own `host`.
        case host
        /// Never signed.
        case unsigned
        /// Replaced by the signature's own value (`authorization`, `x-amz-date`,
        /// `x-amz-security-token`, and `x-amz-content-sha256` when the signer adds it).
        case replaced
    }

    /// The role of a header (by its lower-case name) when a request is signed with headers.
    static func role(ofHeader name: String, replacingContentHash: Bool) -> HeaderRole {
        switch name.utf8.count {
        case 4: return name == "host" ? .host : .signed
        case 10 where name == "x-amz-date": return .replaced
        case 13 where name == "authorization": return .replaced
        case 20 where name == "x-amz-security-token": return .replaced
        case 20 where replacingContentHash && name == "x-amz-content-sha256": return .replaced
        default: return isUnsigned(name) ? .unsigned : .signed
        }
    }

    /// A header to sign: lower-case name, value as sent, position in the request.
    struct Header {
        var name: String
        var value: String
        var order: Int
        /// The first sixteen bytes of the name, big-endian and zero-padded: nearly every
        /// comparison ends here (names hold no NUL, so padding sorts a prefix first).
        var key: (UInt64, UInt64)
        /// The name's length in bytes.
        var length: Int
        /// Whether the header before this one, once sorted, has the same name.
        var repeatsPrevious = false
        /// Whether the value is known to need no trimming or folding (checked beforehand).
        var isFolded: Bool

        init(name: String, value: String, order: Int, isFolded: Bool = false) {
            self.name = name
            self.value = value
            self.order = order
            self.isFolded = isFolded
            (key, length) = Canonical.withUTF8(of: name) { bytes in
                var words: (UInt64, UInt64) = (0, 0)
                withUnsafeMutableBytes(of: &words) { raw in
                    raw.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes.prefix(16))))
                }
                return ((UInt64(bigEndian: words.0), UInt64(bigEndian: words.1)), bytes.count)
            }
        }

        func hasSameName(as other: Header) -> Bool {
            key == other.key && length == other.length && (length <= 16 || name == other.name)
        }

        func precedes(_ other: Header) -> Bool {
            if key.0 != other.key.0 { return key.0 < other.key.0 }
            if key.1 != other.key.1 { return key.1 < other.key.1 }
            if hasSameName(as: other) { return order < other.order }
            return name.utf8.lexicographicallyPrecedes(other.name.utf8)
        }
    }

    /// Sorts by name (bytewise, keeping request order among repeats) and marks repeats.
    static func sort(_ headers: inout [Header]) {
        headers.sort { $0.precedes($1) }
        var index = 1
        while index < headers.count {
            headers[index].repeatsPrevious = headers[index].hasSameName(as: headers[index - 1])
            index += 1
        }
    }

    /// Writes `name:value\n` lines (repeats joined with `,`), then a blank line, then the signed
    /// header list; returns the range of the signed header list in `buffer` for reuse.
    static func appendHeaders(_ sorted: [Header], to buffer: inout [UInt8]) -> Range<Int> {
        // Each header takes at most its name twice (line and list), its value (folding only
        // shrinks it), and three separators (`:` or `,`, a newline, `;`); then the blank line.
        var bound = 2
        for index in sorted.indices { bound += 2 * sorted[index].length + sorted[index].value.utf8.count + 3 }
        var signedStart = 0
        let start = buffer.count
        buffer.appendBlock(atMost: bound) { writer in
            for index in sorted.indices {
                if sorted[index].repeatsPrevious {
                    writer.write(UInt8(ascii: ","))
                } else {
                    if index > 0 { writer.write(UInt8(ascii: "\n")) }
                    writer.write(utf8: sorted[index].name)
                    writer.write(UInt8(ascii: ":"))
                }
                if sorted[index].isFolded {
                    writer.write(utf8: sorted[index].value)
                } else {
                    writeFolded(sorted[index].value, to: &writer)
                }
            }
            if !sorted.isEmpty { writer.write(UInt8(ascii: "\n")) }
            writer.write(UInt8(ascii: "\n"))
            signedStart = writer.count
            writeSignedHeaderList(sorted, to: &writer)
        }
        return (start + signedStart)..<buffer.count
    }

    /// `name1;name2;…` with each name once.
    static func appendSignedHeaderList(_ sorted: [Header], to buffer: inout [UInt8]) {
        var bound = 0
        for index in sorted.indices { bound += sorted[index].length + 1 }
        buffer.appendBlock(atMost: bound) { writeSignedHeaderList(sorted, to: &$0) }
    }

    static func writeSignedHeaderList(_ sorted: [Header], to writer: inout ByteWriter) {
        for index in sorted.indices where !sorted[index].repeatsPrevious {
            if index > 0 { writer.write(UInt8(ascii: ";")) }
            writer.write(utf8: sorted[index].name)
        }
    }

    /// Appends a string's UTF-8 in one copy.
    static func appendUTF8(_ text: some StringProtocol, to buffer: inout [UInt8]) {
        withUTF8(of: text) { buffer.append(contentsOf: $0) }
    }

    /// Calls `body` with the text's UTF-8, borrowed where the string stores it contiguously (no
    /// copy of the string, so no reference counting), copied otherwise.
    static func withUTF8<Result>(of text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    @inlinable
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether `bytes` holds a tab, CR, LF or two spaces in a row. Thirty-two bytes, then eight,
    /// are checked at a time for any byte at or below 0x20; only words that have one are looked
    /// at closely.
    static func hasFoldableWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        // High bit set in some byte when any byte is < 0x21 (bytes >= 0x80 are never flagged).
        func hasControlOrSpace(_ word: UInt64) -> UInt64 {
            (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080
        }
        func word(at offset: Int) -> UInt64 {
            raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        }
        var index = 0
        var previousWasSpace = false
        while index < raw.count {
            if index + 32 <= raw.count {
                let flags =
                    hasControlOrSpace(word(at: index)) | hasControlOrSpace(word(at: index + 8))
                    | hasControlOrSpace(word(at: index + 16)) | hasControlOrSpace(word(at: index + 24))
                if flags == 0 {
                    previousWasSpace = false
                    index += 32
                    continue
                }
            }
            if index + 8 <= raw.count, hasControlOrSpace(word(at: index)) == 0 {
                previousWasSpace = false
                index += 8
                continue
            }
            let byte = raw[index]
            let space = isSpace(byte)
            if space && (previousWasSpace || byte != 0x20) { return true }
            previousWasSpace = space
            index += 1
        }
        return false
    }

    /// Whether a header value is signed exactly as it is (no whitespace to trim or fold).
    static func isFolded(_ value: String) -> Bool {
        withUTF8(of: value, isFolded)
    }

    static func isFolded(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return true }
        return !(isSpace(first) || isSpace(last) || hasFoldableWhitespace(bytes))
    }

    /// Trims the value and folds each run of whitespace to one space, in one pass. A value that
    /// needs no folding (the common case, and every session token) is copied in one block.
    static func writeFolded(_ value: String, to writer: inout ByteWriter) {
        withUTF8(of: value) { bytes in
            if isFolded(bytes) {
                writer.write(bytes)
                return
            }
            var pendingSpace = false
            var started = false
            for byte in bytes {
                if isSpace(byte) {
                    pendingSpace = started
                    continue
                }
                if pendingSpace {
                    writer.write(0x20)
                    pendingSpace = false
                }
                writer.write(byte)
                started = true
            }
        }
    }
}
