import DeployHashing
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A piece of compression work: consecutive whole items (one, or a batch of small files), or one
/// chunk of a large file.
struct WorkUnit: Sendable {
    /// The items, by index: one item for a chunk.
    var items: Range<Int>
    /// For a chunk: its byte range in the file, and whether it is the last.
    var chunk: (offset: Int, length: Int, isLast: Bool)?
    /// For a large file verified unchanged: its entry in the previous archive, copied as it is.
    var reused: ContentIndex.Record?

    init(items: Range<Int>, chunk: (offset: Int, length: Int, isLast: Bool)? = nil, reused: ContentIndex.Record? = nil) {
        self.items = items
        self.chunk = chunk
        self.reused = reused
    }

    /// The first (for a chunk, the only) item.
    var item: Int { items.lowerBound }

    /// The units of one item: one, or the chunks of a file larger than twice `chunkSize`.
    static func chunks(for item: SourceItem, index: Int, chunkSize: Int) -> [WorkUnit]? {
        guard case .file(_, let identity) = item.content, identity.size > 2 * chunkSize else { return nil }
        let size = identity.size
        return stride(from: 0, to: size, by: chunkSize).map { offset in
            WorkUnit(items: index..<(index + 1), chunk: (offset, min(chunkSize, size - offset), offset + chunkSize >= size))
        }
    }

    /// The bytes this unit reads, for bounding the work in flight.
    func rawSize(of all: [SourceItem]) -> Int {
        if let chunk { return chunk.length }
        if reused != nil { return 0 }
        return all[items].reduce(0) { $0 + Self.size(of: $1) }
    }

    static func size(of item: SourceItem) -> Int {
        switch item.content {
        case .file(_, let identity): return identity.size
        case .memory(let bytes): return bytes.count
        case .symlink(let target): return target.utf8.count
        case .directory: return 0
        }
    }
}

/// A unit's output: the bytes to write, their CRC-32, and how they are stored.
struct UnitResult: Sendable {
    var payload: [UInt8]
    var crc: UInt32
    var rawLength: Int
    var isDeflated: Bool
    /// The SHA-256 of the uncompressed bytes (of the chunk, for a chunk), when the build keeps a content index.
    var digest: SHA256Digest?
    /// The previous archive's entry to copy instead of `payload`, when the content is unchanged.
    var reused: ContentIndex.Record?
}

/// Compresses work units. Pure functions of the input bytes, so the output never depends on
/// which core ran which unit.
struct UnitCompressor: Sendable {
    let level: Int32
    let fileSystem: any ArchiveFileSystem
    /// Whether results carry their content's SHA-256 (for the content index).
    var hashes = false
    /// The previous archive's index, when entries may be reused.
    var index: ContentIndex?
    let dictionarySize = 32 * 1024

    /// The results of a unit's items, in order.
    func process(_ unit: WorkUnit, items: [SourceItem]) throws -> [UnitResult] {
        try items.map { try process(unit, item: $0) }
    }

    func process(_ unit: WorkUnit, item: SourceItem) throws -> UnitResult {
        if let record = unit.reused { return copied(record, digest: record.digest) }
        switch item.content {
        case .directory:
            return UnitResult(payload: [], crc: 0, rawLength: 0, isDeflated: false)
        case .symlink(let target):
            let bytes = Array(target.utf8)
            return bytes.withUnsafeBytes { UnitResult(payload: bytes, crc: Zlib.crc32($0), rawLength: bytes.count, isDeflated: false) }
        case .memory(let bytes):
            return try whole(bytes, path: item.path)
        case .file(let absolutePath, let identity):
            let source = SourceReader(absolutePath: absolutePath, path: item.path, identity: identity, fileSystem: fileSystem)
            guard let chunk = unit.chunk else {
                let bytes = try source.read(offset: 0, count: identity.size)
                guard hashes else { return try whole(bytes, path: item.path) }
                let digest = SHA256Hasher.hash(bytes)
                if let record = index?.records[item.path], record.size == bytes.count, record.digest == digest {
                    return copied(record, digest: digest)
                }
                var result = try whole(bytes, path: item.path)
                result.digest = digest
                return result
            }
            let start = max(0, chunk.offset - dictionarySize)
            let bytes = try source.read(offset: start, count: chunk.offset + chunk.length - start)
            return try bytes.withUnsafeBytes { (raw) throws -> UnitResult in
                let dictionary = UnsafeRawBufferPointer(rebasing: raw[0..<(chunk.offset - start)])
                let data = UnsafeRawBufferPointer(rebasing: raw[(chunk.offset - start)...])
                let crc = Zlib.crc32(data)
                let digest = hashes ? SHA256Hasher.hash(bytes: data) : nil
                if EntryMode.isAlreadyCompressed(item.path) {
                    return UnitResult(payload: Array(data), crc: crc, rawLength: data.count, isDeflated: false, digest: digest)
                }
                let deflated = try Zlib.deflate(data, dictionary: dictionary, level: level, finish: chunk.isLast)
                return UnitResult(payload: deflated, crc: crc, rawLength: data.count, isDeflated: true, digest: digest)
            }
        }
    }

    /// A previous archive's entry, reused as it is: the writer copies it (and checks its local header).
    private func copied(_ record: ContentIndex.Record, digest: SHA256Digest) -> UnitResult {
        UnitResult(payload: [], crc: record.crc, rawLength: record.size, isDeflated: record.method == 8, digest: digest, reused: record)
    }

    /// A whole entry: deflated unless already compressed or deflate does not shrink it.
    private func whole(_ bytes: [UInt8], path: String) throws -> UnitResult {
        try bytes.withUnsafeBytes { (raw) throws -> UnitResult in
            let crc = Zlib.crc32(raw)
            if !bytes.isEmpty && !EntryMode.isAlreadyCompressed(path) {
                let deflated = try Zlib.deflate(raw, dictionary: nil, level: level, finish: true)
                if deflated.count < bytes.count {
                    return UnitResult(payload: deflated, crc: crc, rawLength: bytes.count, isDeflated: true)
                }
            }
            return UnitResult(payload: bytes, crc: crc, rawLength: bytes.count, isDeflated: false)
        }
    }
}

/// Reads a source file through the archive's file system, turning failures into typed errors.
struct SourceReader {
    let absolutePath: String
    /// The path in the archive, for errors.
    let path: String
    /// What the scan saw; `nil` for a file that is not a scanned source (an archive being read).
    let identity: SourceFileIdentity?
    let fileSystem: any ArchiveFileSystem

    func read(offset: Int, count: Int) throws -> [UInt8] {
        guard count > 0 else { return [] }
        do {
            if let identity {
                return try fileSystem.read(source: absolutePath, expecting: identity, offset: UInt64(offset), count: count)
            }
            return try fileSystem.read(absolutePath, offset: UInt64(offset), count: count)
        } catch let change as SourceFileChanged {
            throw ZipError(
                .fileChangedDuringBuild,
                "\(path) changed while the package was being built (\(change)): build again once nothing writes to the folder "
                    + "(another job, a watcher, an editor); nothing was written to the destination",
                path: path)
        } catch {
            throw ZipError(
                .unreadableFile, "\(path) cannot be read (\(error)): check its permissions, and do not change the tree during a build",
                path: path)
        }
    }
}
