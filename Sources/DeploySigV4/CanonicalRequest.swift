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
        let utf8 = target.utf8
        guard let mark = utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target[...], nil) }
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
    static func isAlreadyCanonical(_ path: Substring.UTF8View) -> Bool {
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
            if isAlreadyCanonical(path.utf8) {
                var path = path
                path.withUTF8 { buffer.append(contentsOf: $0) }
                return
            }
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

    /// A header to sign: lower-case name, value as sent, position in the request.
    struct Header {
        var name: String
        var value: String
        var order: Int
        /// The first eight bytes of the name, big-endian: most comparisons end here.
        var sortKey: UInt64

        init(name: String, value: String, order: Int) {
            self.name = name
            self.value = value
            self.order = order
            var copy = name
            self.sortKey = copy.withUTF8 { bytes in
                var key: UInt64 = 0
                for index in 0..<min(8, bytes.count) { key |= UInt64(bytes[index]) << UInt64(56 - 8 * index) }
                return key
            }
        }

        func precedes(_ other: Header) -> Bool {
            if sortKey != other.sortKey { return sortKey < other.sortKey }
            if name == other.name { return order < other.order }
            return name.utf8.lexicographicallyPrecedes(other.name.utf8)
        }
    }

    /// Sorts by name (bytewise, keeping request order among repeats).
    static func sort(_ headers: inout [Header]) {
        headers.sort { $0.precedes($1) }
    }

    /// Writes `name:value\n` lines (repeats joined with `,`), then a blank line, then the signed
    /// header list; returns the end of the signed header list in `buffer` for reuse.
    static func appendHeaders(_ sorted: [Header], to buffer: inout [UInt8]) -> Range<Int> {
        var index = 0
        while index < sorted.count {
            let name = sorted[index].name
            appendUTF8(name, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            appendFolded(sorted[index].value, to: &buffer)
            index += 1
            while index < sorted.count && sorted[index].name == name {
                buffer.append(UInt8(ascii: ","))
                appendFolded(sorted[index].value, to: &buffer)
                index += 1
            }
            buffer.append(UInt8(ascii: "\n"))
        }
        buffer.append(UInt8(ascii: "\n"))
        let start = buffer.count
        appendSignedHeaderList(sorted, to: &buffer)
        return start..<buffer.count
    }

    /// `name1;name2;…` with each name once.
    static func appendSignedHeaderList(_ sorted: [Header], to buffer: inout [UInt8]) {
        var previous: String?
        for header in sorted where header.name != previous {
            if previous != nil { buffer.append(UInt8(ascii: ";")) }
            appendUTF8(header.name, to: &buffer)
            previous = header.name
        }
    }

    /// Appends a string's UTF-8 in one copy.
    static func appendUTF8(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    @inlinable
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether `bytes` holds a tab, CR, LF or two spaces in a row. Eight bytes are checked at a
    /// time for any byte at or below 0x20; only words that have one are looked at closely.
    static func hasFoldableWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        var previousWasSpace = false
        while index < raw.count {
            if index + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // High bit set in each byte that is < 0x21 (all bytes here are < 0x80 or UTF-8).
                let low = (word &- 0x2121_2121_2121_2121) & ~word & 0x8080_8080_8080_8080
                if low == 0 {
                    previousWasSpace = false
                    index += 8
                    continue
                }
            }
            let byte = raw[index]
            let space = isSpace(byte)
            if space && (previousWasSpace || byte != 0x20) { return true }
            previousWasSpace = space
            index += 1
        }
        return false
    }

    /// Trims the value and folds each run of whitespace to one space, in one pass. A value that
    /// needs no folding (the common case, and every session token) is copied in one block.
    static func appendFolded(_ value: String, to buffer: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return }
            let needsFolding = isSpace(first) || isSpace(last) || hasFoldableWhitespace(bytes)
            if !needsFolding {
                buffer.append(contentsOf: bytes)
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
                    buffer.append(0x20)
                    pendingSpace = false
                }
                buffer.append(byte)
                started = true
            }
        }
    }
}
