import HTTPTypes

/// The pieces SigV4 canonicalises, and how each is written into the canonical request.
enum Canonical {
    /// Headers that are never signed: hop-by-hop headers, and those a proxy or the SDK may
    /// change after signing.
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id", "authorization",
    ]

    /// Splits a request target into its path and (raw) query.
    static func split(target: String) -> (path: Substring, query: Substring?) {
        guard let mark = target.firstIndex(of: "?") else { return (target[...], nil) }
        return (target[..<mark], target[target.index(after: mark)...])
    }

    // MARK: Path

    /// RFC 3986 dot-segment removal, plus collapsing of empty segments (`//`), as AWS services
    /// other than S3 canonicalise the path. A trailing slash is kept.
    static func normalizedSegments(of path: Substring) -> (segments: [Substring], leadingSlash: Bool, trailingSlash: Bool) {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        let leading = path.first == "/"
        let trailing = path.last == "/" && !segments.isEmpty
        return (segments, leading, trailing)
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
            let (segments, leading, trailing) = normalizedSegments(of: path)
            if leading || segments.isEmpty { buffer.append(UInt8(ascii: "/")) }
            for (index, segment) in segments.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: "/")) }
                PercentEncoding.encode(segment.utf8, keepSlash: false, to: &buffer)
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
    }

    /// Sorts by name (keeping request order among repeats) and returns the list.
    static func sorted(_ headers: [Header]) -> [Header] {
        headers.sorted { $0.name == $1.name ? $0.order < $1.order : $0.name < $1.name }
    }

    /// Writes `name:value\n` lines (repeats joined with `,`), then a blank line, then the signed
    /// header list; returns the end of the signed header list in `buffer` for reuse.
    static func appendHeaders(_ sorted: [Header], to buffer: inout [UInt8]) -> Range<Int> {
        var index = 0
        while index < sorted.count {
            let name = sorted[index].name
            buffer.append(contentsOf: name.utf8)
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
            buffer.append(contentsOf: header.name.utf8)
            previous = header.name
        }
    }

    @inlinable
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Trims the value and folds each run of whitespace to one space, in one pass.
    static func appendFolded(_ value: String, to buffer: inout [UInt8]) {
        var pendingSpace = false
        var started = false
        for byte in value.utf8 {
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
