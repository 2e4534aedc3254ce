import DeployHashing
import Foundation

/// Writes entries in order to an archive file: local headers and data, then the central
/// directory. Buffered; a chunked entry's header is patched in place once its size is known.
final class ArchiveWriter {
    struct CentralEntry {
        var name: [UInt8]
        var flags: UInt16
        var method: UInt16
        var crc: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var offset: UInt64
        var mode: UInt32
    }

    private let file: any ArchiveFile
    private let fileSystem: any ArchiveFileSystem
    private let dosDate: UInt16
    private let dosTime: UInt16
    private var buffer: [UInt8] = []
    private var flushed: UInt64 = 0
    var entries: [CentralEntry] = []
    /// The archive's SHA-256, computed as bytes are flushed. Bytes from `heldFrom` on are not
    /// hashed yet: they belong to an entry whose local header will still be patched.
    private var hasher = SHA256Hasher()
    private var hashedUpTo: UInt64 = 0
    private var heldFrom: UInt64?

    /// Bytes written so far (flushed or buffered).
    var position: UInt64 { flushed + UInt64(buffer.count) + UInt64(pendingCopy?.length ?? 0) }

    /// At most this much of the previous archive is read at once (see ``writePendingCopy()``).
    var copyBlockSize = 1 << 20

    /// Where copied blocks are read into, kept from one block to the next.
    var copyBuffer: [UInt8] = []

    /// Entries of the previous archive still to be copied after the buffer (see ``appendReused(path:mode:record:from:)``).
    var pendingCopy: PendingCopy?

    /// Whether each flushed block is sent on to the disk at once (when the archive will be synced
    /// at the end anyway), so that the final sync does not wait for all of it.
    private let startsWriteback: Bool

    init(file: any ArchiveFile, fileSystem: any ArchiveFileSystem, entryTime: Date, startsWriteback: Bool = false) {
        self.file = file
        self.startsWriteback = startsWriteback
        self.fileSystem = fileSystem
        (dosDate, dosTime) = ZipFormat.dosDateTime(entryTime)
        buffer.reserveCapacity(1 << 20)
    }

    /// Starts an entry: writes its local header and records it. With `isProvisional`, the header's
    /// sizes are placeholders that ``finishLastEntry(isDeflated:crc:compressedSize:uncompressedSize:)`` fills in.
    func beginEntry(
        path: String, mode: UInt32, isDeflated: Bool, crc: UInt32, compressedSize: UInt64, uncompressedSize: UInt64,
        isProvisional: Bool = false
    ) throws {
        if pendingCopy != nil { try writePendingCopy() }
        let entry = try nextEntry(
            path: path, mode: mode, isDeflated: isDeflated, crc: crc, compressedSize: compressedSize, uncompressedSize: uncompressedSize)
        if isProvisional { heldFrom = entry.offset }
        entries.append(entry)
        try append(localHeader(entry))
    }

    /// The central record of an entry starting at the current position.
    func nextEntry(
        path: String, mode: UInt32, isDeflated: Bool, crc: UInt32, compressedSize: UInt64, uncompressedSize: UInt64
    ) throws -> CentralEntry {
        let name = Array(path.utf8)
        let flags: UInt16 = name.allSatisfy { $0 < 0x80 } ? 0 : ZipFormat.utf8Flag
        let entry = CentralEntry(
            name: name, flags: flags, method: isDeflated ? 8 : 0, crc: crc, compressedSize: compressedSize,
            uncompressedSize: uncompressedSize, offset: position, mode: mode
        )
        try checkSize(entry.offset)
        return entry
    }

    /// Appends entry data.
    func append(_ bytes: [UInt8]) throws {
        if pendingCopy != nil { try writePendingCopy() }
        buffer.append(contentsOf: bytes)
        try checkSize(position)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Sets the last entry's method, CRC and sizes, rewriting its local header.
    func finishLastEntry(isDeflated: Bool, crc: UInt32, compressedSize: UInt64, uncompressedSize: UInt64) throws {
        guard var entry = entries.popLast() else { return }
        entry.method = isDeflated ? 8 : 0
        entry.crc = crc
        entry.compressedSize = compressedSize
        entry.uncompressedSize = uncompressedSize
        entries.append(entry)
        try checkSize(compressedSize)
        try checkSize(uncompressedSize)
        let header = localHeader(entry)
        if entry.offset >= flushed {
            let start = Int(entry.offset - flushed)
            buffer.replaceSubrange(start..<(start + header.count), with: header)
        } else {
            try flush()
            try header.withUnsafeBytes { try file.overwrite($0, at: entry.offset) }
        }
        try releaseHashing()
    }

    /// The SHA-256 of the whole archive, once ``finish()`` has run.
    func digest() -> SHA256Digest {
        var copy = hasher
        return copy.finalize()
    }

    /// Hashes what was held back while an entry's header could still change: the flushed part is
    /// read back from the file, the buffered part is hashed at the next flush.
    private func releaseHashing() throws {
        guard heldFrom != nil else { return }
        heldFrom = nil
        var offset = hashedUpTo
        while offset < flushed {
            let count = Int(min(UInt64(4 << 20), flushed - offset))
            hasher.update(try fileSystem.read(file.path, offset: offset, count: count))
            offset += UInt64(count)
        }
        hashedUpTo = flushed
    }

    /// Drops everything after `offset` (to rewrite an entry's data stored rather than deflated).
    func rewind(to offset: UInt64) throws {
        if pendingCopy != nil { try writePendingCopy() }
        if offset >= flushed {
            buffer.removeLast(buffer.count - Int(offset - flushed))
        } else {
            buffer.removeAll(keepingCapacity: true)
            try file.truncate(to: offset)
            flushed = offset
        }
    }

    /// Writes the central directory and the end record, and flushes.
    func finish() throws {
        guard entries.count <= LambdaLimits.maximumEntries else {
            throw ZipError(.tooLarge, "the package has \(entries.count) entries, more than the 65,535 a zip without zip64 holds")
        }
        let directoryStart = position
        for entry in entries {
            var record: [UInt8] = []
            ZipFormat.append(ZipFormat.centralHeaderSignature, to: &record)
            ZipFormat.append(ZipFormat.versionMadeBy, to: &record)
            appendSharedFields(entry, to: &record)
            ZipFormat.append(UInt16(0), to: &record)  // extra field length
            ZipFormat.append(UInt16(0), to: &record)  // comment length
            ZipFormat.append(UInt16(0), to: &record)  // disk number
            ZipFormat.append(UInt16(0), to: &record)  // internal attributes
            let dosDirectory: UInt32 = entry.mode & 0o170000 == 0o040000 ? 0x10 : 0
            ZipFormat.append(entry.mode << 16 | dosDirectory, to: &record)
            ZipFormat.append(UInt32(entry.offset), to: &record)
            record += entry.name
            try append(record)
        }
        let directorySize = position - directoryStart
        try checkSize(position + UInt64(ZipFormat.endRecordSize))
        var end: [UInt8] = []
        ZipFormat.append(ZipFormat.endOfCentralDirectorySignature, to: &end)
        ZipFormat.append(UInt16(0), to: &end)
        ZipFormat.append(UInt16(0), to: &end)
        ZipFormat.append(UInt16(entries.count), to: &end)
        ZipFormat.append(UInt16(entries.count), to: &end)
        ZipFormat.append(UInt32(directorySize), to: &end)
        ZipFormat.append(UInt32(directoryStart), to: &end)
        ZipFormat.append(UInt16(0), to: &end)
        try append(end)
        try flush()
    }

    func localHeader(_ entry: CentralEntry) -> [UInt8] {
        var header: [UInt8] = []
        header.reserveCapacity(ZipFormat.localHeaderSize + entry.name.count)
        ZipFormat.append(ZipFormat.localHeaderSignature, to: &header)
        appendSharedFields(entry, to: &header)
        ZipFormat.append(UInt16(0), to: &header)  // extra field length
        header += entry.name
        return header
    }

    /// The fields local and central headers share, in the same order: version needed, flags,
    /// method, time, date, CRC-32, sizes and name length.
    private func appendSharedFields(_ entry: CentralEntry, to record: inout [UInt8]) {
        ZipFormat.append(UInt16(entry.method == 8 ? 20 : 10), to: &record)
        ZipFormat.append(entry.flags, to: &record)
        ZipFormat.append(entry.method, to: &record)
        ZipFormat.append(dosTime, to: &record)
        ZipFormat.append(dosDate, to: &record)
        ZipFormat.append(entry.crc, to: &record)
        ZipFormat.append(UInt32(truncatingIfNeeded: entry.compressedSize), to: &record)
        ZipFormat.append(UInt32(truncatingIfNeeded: entry.uncompressedSize), to: &record)
        ZipFormat.append(UInt16(entry.name.count), to: &record)
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try emit($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` at the end of what is flushed, hashing what is not held back.
    func emit(_ bytes: UnsafeRawBufferPointer) throws {
        let end = flushed + UInt64(bytes.count)
        let hashEnd = min(end, heldFrom ?? end)
        if hashEnd > hashedUpTo && hashedUpTo >= flushed {
            hasher.update(UnsafeRawBufferPointer(rebasing: bytes[Int(hashedUpTo - flushed)..<Int(hashEnd - flushed)]))
            hashedUpTo = hashEnd
        }
        do {
            try file.append(bytes)
        } catch {
            throw ZipError(.writeFailed, "writing the archive failed: \(error)")
        }
        if startsWriteback, let file = file as? any EarlyWriteback {
            file.startWriteback(offset: flushed, length: bytes.count)
        }
        flushed += UInt64(bytes.count)
    }

    func checkSize(_ value: UInt64) throws {
        guard value <= LambdaLimits.maximumArchiveBytes else {
            throw ZipError(
                .tooLarge, "the archive would pass 4 GiB, which needs zip64: Lambda packages cannot be that large (250 MB unzipped)")
        }
    }
}
