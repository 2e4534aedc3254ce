import CDeployZlib
import DeployHashing
import Foundation

/// The sidecar of an archive built with `reusing:` (`function.zip.index`): for every file entry,
/// the SHA-256 of its content, its CRC-32, method and sizes, and where its local header is, plus
/// what the compressed bytes depend on (compression level, chunk size, zlib's version).
///
/// A later build reuses an entry's compressed bytes only when the entry in the previous archive is
/// still the one the index describes (path, CRC-32, method, sizes and offset, and the local header's
/// name when the bytes are copied) and the source file's content hashes to the recorded digest:
/// never by modification times. The output is then byte-identical to a fresh build.
struct ContentIndex: Sendable {
    /// One file entry.
    struct Record: Sendable, Hashable {
        var digest: SHA256Digest
        var crc: UInt32
        var method: UInt16
        var compressedSize: Int
        var size: Int
        var offset: Int
        var path: String
    }

    /// What the compressed bytes depend on; an index made under other settings reuses nothing.
    struct Settings: Sendable, Hashable {
        var level: Int
        var chunkSize: Int
        var zlib = String(cString: zlibVersion())
    }

    static let header = "lambdadeploykit-content-index 1"

    var settings: Settings
    var records: [String: Record]
    /// Where each folder's entry is in the previous archive: copied with the entries around it.
    var folders: [String: Int] = [:]

    /// The sidecar's path for the archive at `archive`.
    static func path(for archive: String) -> String { archive + ".index" }

    /// The content digest: SHA-256 of the bytes for a file up to twice `chunkSize` (one unit);
    /// above it, SHA-256 of the SHA-256s of its `chunkSize` chunks, so that chunks hash apart.
    static func isChunked(size: Int, chunkSize: Int) -> Bool { size > 2 * chunkSize }

    /// The digest of the combined chunk digests.
    static func combine(_ chunkDigests: [SHA256Digest]) -> SHA256Digest {
        var hasher = SHA256Hasher()
        for digest in chunkDigests { digest.withUnsafeBytes { hasher.update($0) } }
        return hasher.finalize()
    }

    /// The index beside `archive`, keeping only the records its entries still match; `nil` when
    /// there is no index, it was made under other settings, or it does not parse.
    static func load(archive: String, settings: Settings, fileSystem: any ArchiveFileSystem) -> ContentIndex? {
        guard let text = try? readWhole(path(for: archive), fileSystem: fileSystem),
            let archived = try? DeploymentArchive(contentsOf: archive)
        else { return nil }
        var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)[...]
        guard let first = lines.popFirst(), String(decoding: first, as: UTF8.self) == settingsLine(settings) else { return nil }
        // Entries found by where they start (an integer key hashes faster than a path), then their path compared.
        let entries = Dictionary(archived.entries.map { ($0.localHeaderOffset, $0) }, uniquingKeysWith: { first, _ in first })
        var records: [String: Record] = [:]
        records.reserveCapacity(lines.count)
        for line in lines {
            guard let record = parse(line), let entry = entries[record.offset], entry.path == record.path, entry.crc32 == record.crc,
                entry.method == record.method, entry.compressedSize == record.compressedSize, entry.uncompressedSize == record.size
            else { continue }
            records[record.path] = record
        }
        let folders = archived.entries.filter { $0.path.hasSuffix("/") && $0.compressedSize == 0 }.map { ($0.path, $0.localHeaderOffset) }
        return ContentIndex(settings: settings, records: records, folders: Dictionary(folders, uniquingKeysWith: { first, _ in first }))
    }

    /// The record of `item` when it is a large (chunked) file whose content, hashed chunk by
    /// chunk, is what the record says; `nil` otherwise.
    func unchangedLargeFile(_ item: SourceItem, chunkSize: Int, fileSystem: any ArchiveFileSystem) throws -> Record? {
        guard case .file(let absolutePath, let identity) = item.content, Self.isChunked(size: identity.size, chunkSize: chunkSize),
            let record = records[item.path], record.size == identity.size
        else { return nil }
        let source = SourceReader(absolutePath: absolutePath, path: item.path, identity: identity, fileSystem: fileSystem)
        var digests: [SHA256Digest] = []
        var offset = 0
        while offset < identity.size {
            let count = min(chunkSize, identity.size - offset)
            digests.append(SHA256Hasher.hash(try source.read(offset: offset, count: count)))
            offset += count
        }
        return Self.combine(digests) == record.digest ? record : nil
    }

    static func settingsLine(_ settings: Settings) -> String {
        "\(header) level=\(settings.level) chunk=\(settings.chunkSize) zlib=\(settings.zlib)"
    }

    private static func parse(_ line: ArraySlice<UInt8>) -> Record? {
        // Six space-separated fields, then the path (which may hold spaces): read in one pass over the bytes.
        var fields: [ArraySlice<UInt8>] = []
        fields.reserveCapacity(6)
        var start = line.startIndex
        var index = start
        while fields.count < 6, index < line.endIndex {
            if line[index] == UInt8(ascii: " ") {
                fields.append(line[start..<index])
                start = index + 1
            }
            index += 1
        }
        guard fields.count == 6, let digest = digest(hex: fields[0]), let crc = hexNumber(fields[1]), let method = hexNumber(fields[2]),
            let compressed = hexNumber(fields[3]), let size = hexNumber(fields[4]), let offset = hexNumber(fields[5]),
            let crc32 = UInt32(exactly: crc), let method16 = UInt16(exactly: method)
        else { return nil }
        return Record(
            digest: digest, crc: crc32, method: method16, compressedSize: compressed, size: size, offset: offset,
            path: String(decoding: line[start...], as: UTF8.self))
    }

    /// A digest written as 64 hex digits.
    private static func digest(hex digits: ArraySlice<UInt8>) -> SHA256Digest? {
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        var index = digits.startIndex
        for position in 0..<32 {
            guard let high = Hex.value(of: digits[index]), let low = Hex.value(of: digits[index + 1]) else { return nil }
            bytes[position] = high << 4 | low
            index += 2
        }
        return SHA256Digest(bytes: bytes)
    }

    /// A hex number of at most 15 digits.
    private static func hexNumber(_ digits: ArraySlice<UInt8>) -> Int? {
        guard (1...15).contains(digits.count) else { return nil }
        var value = 0
        for digit in digits {
            guard let nibble = Hex.value(of: digit) else { return nil }
            value = value << 4 | Int(nibble)
        }
        return value
    }

    private static func readWhole(_ path: String, fileSystem: any ArchiveFileSystem) throws -> [UInt8] {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size < 64 << 20 else {
            throw CocoaError(.fileReadNoSuchFile)
        }
        return try fileSystem.read(path, offset: 0, count: size)
    }

    /// The index's bytes: the settings line, then a line per record (`digest crc method compressed
    /// size offset path`, numbers in hex). A path with a line break cannot be a line: such an entry
    /// is simply never reused.
    static func encode(_ records: [Record], settings: Settings) -> [UInt8] {
        var bytes = Array((settingsLine(settings) + "\n").utf8)
        bytes.reserveCapacity(bytes.count + records.count * 128)
        func hex(_ value: Int) {
            var digits: [UInt8] = []
            var rest = value
            repeat {
                digits.append(Hex.digit(UInt8(rest & 0xF)))
                rest >>= 4
            } while rest > 0
            bytes.append(contentsOf: digits.reversed())
            bytes.append(UInt8(ascii: " "))
        }
        for record in records where !record.path.utf8.contains(UInt8(ascii: "\n")) {
            record.digest.withUnsafeBytes { raw in
                let start = bytes.count
                bytes.append(contentsOf: repeatElement(0, count: 64))
                bytes.withUnsafeMutableBytes { Hex.write(raw, into: UnsafeMutableRawBufferPointer(rebasing: $0[start...])) }
            }
            bytes.append(UInt8(ascii: " "))
            for value in [Int(record.crc), Int(record.method), record.compressedSize, record.size, record.offset] { hex(value) }
            bytes.append(contentsOf: record.path.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Writes `encoded` (``encode(_:settings:)``) beside `archive`, atomically (a temporary file renamed).
    static func write(_ encoded: [UInt8], archive: String, fileSystem: any ArchiveFileSystem) throws {
        let (folder, name) = DeploymentPackage.split(path(for: archive))
        let file = try fileSystem.createTemporaryFile(in: folder, named: name)
        do {
            try encoded.withUnsafeBytes { try file.append($0) }
            try file.close(synchronize: false)
            try fileSystem.rename(file.path, to: path(for: archive))
        } catch {
            fileSystem.remove(file.path)
            throw ZipError(.writeFailed, "writing the content index \(path(for: archive)) failed: \(error)", path: path(for: archive))
        }
    }
}
