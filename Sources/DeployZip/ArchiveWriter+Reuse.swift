import Foundation

/// Entries copied from the previous archive (an incremental build): local header and compressed
/// bytes as they are there. Entries that follow one another there are read and written as one
/// range, in blocks, once something else is appended; the workers never read the previous archive.
extension ArchiveWriter {
    /// A range of the previous archive still to be copied, and the local headers in it.
    struct PendingCopy {
        let source: any ArchiveReader
        let start: Int
        var end: Int
        /// Where each entry's header is in the previous archive, and the header this build writes.
        var headers: [(offset: Int, bytes: [UInt8], path: String)]

        var length: Int { end - start }
    }

    /// Whether a copy from `offset` of the previous archive would continue the pending range.
    func continuesPendingCopy(at offset: Int) -> Bool { pendingCopy?.end == offset }

    /// Appends `record`'s entry as it is in `source` (its compressed bytes are not read here, but
    /// with the entries next to it, when the range is written).
    func appendReused(path: String, mode: UInt32, record: ContentIndex.Record, from source: any ArchiveReader) throws {
        let entry = try nextEntry(
            path: path, mode: mode, isDeflated: record.method == 8, crc: record.crc, compressedSize: UInt64(record.compressedSize),
            uncompressedSize: UInt64(record.size))
        try appendReused(entry, at: record.offset, compressedSize: record.compressedSize, from: source)
    }

    /// Appends a folder's entry as it is at `offset` of `source`.
    func appendReusedFolder(path: String, mode: UInt32, at offset: Int, from source: any ArchiveReader) throws {
        let entry = try nextEntry(path: path, mode: mode, isDeflated: false, crc: 0, compressedSize: 0, uncompressedSize: 0)
        try appendReused(entry, at: offset, compressedSize: 0, from: source)
    }

    private func appendReused(_ entry: CentralEntry, at offset: Int, compressedSize: Int, from source: any ArchiveReader) throws {
        let header = localHeader(entry)
        let end = offset + header.count + compressedSize
        try checkSize(entry.offset + UInt64(header.count + compressedSize))
        entries.append(entry)
        let path = String(decoding: entry.name, as: UTF8.self)
        if continuesPendingCopy(at: offset) {
            pendingCopy?.end = end
            pendingCopy?.headers.append((offset, header, path))
            // Written as it grows, so that the copy overlaps the rest of the build.
            if pendingCopy!.length >= copyBlockSize { try writePendingCopy() }
            return
        }
        if pendingCopy != nil { try writePendingCopy() }
        pendingCopy = PendingCopy(source: source, start: offset, end: end, headers: [(offset, header, path)])
    }

    /// Writes the pending range: after the buffered bytes, in blocks that never cut a local header,
    /// each header checked against the one this build writes before the block is hashed and written.
    func writePendingCopy() throws {
        guard let pending = pendingCopy else { return }
        try flush()
        pendingCopy = nil
        var next = 0
        var offset = pending.start
        while offset < pending.end {
            var end = min(pending.end, offset + copyBlockSize)
            var last = next
            while last < pending.headers.count, pending.headers[last].offset < end {
                let header = pending.headers[last]
                let headerEnd = header.offset + header.bytes.count
                if headerEnd > end {
                    // Cut before the header, or (a header longer than a block) read it whole.
                    if header.offset > offset {
                        end = header.offset
                        break
                    }
                    end = headerEnd
                }
                last += 1
            }
            if copyBuffer.count < end - offset { copyBuffer = [UInt8](repeating: 0, count: end - offset) }
            try copyBuffer.withUnsafeMutableBytes { buffer in
                let block = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(end - offset)])
                try pending.source.read(offset: UInt64(offset), into: block)
                for header in pending.headers[next..<last] {
                    try Self.adopt(header.bytes, path: header.path, in: block, at: header.offset - offset)
                }
                try emit(UnsafeRawBufferPointer(block))
            }
            next = last
            offset = end
        }
    }

    /// Checks that the previous archive's local header at `position` of `block` is `header` but for
    /// its time and date (`SOURCE_DATE_EPOCH` may have moved), and writes `header` over it.
    static func adopt(_ header: [UInt8], path: String, in raw: UnsafeMutableRawBufferPointer, at position: Int) throws {
        let timeAndDate = 10..<14
        guard position + header.count <= raw.count,
            header.withUnsafeBytes({ expected in
                expected.indices.allSatisfy { timeAndDate.contains($0) || raw[position + $0] == expected[$0] }
            })
        else {
            throw ZipError(
                .corruptArchive, "the previous archive no longer holds \(path) where its index says; build without reusing it", path: path)
        }
        header.withUnsafeBytes { raw.baseAddress!.advanced(by: position).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }
}
