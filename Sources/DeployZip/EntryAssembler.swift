import DeployHashing
import Foundation

/// Turns unit results, in order, into entries: a whole item at once, or a chunked file's header,
/// its chunks, then its final sizes (stored instead when deflate did not shrink it).
struct EntryAssembler {
    let writer: ArchiveWriter
    let fileSystem: any ArchiveFileSystem
    /// The previous archive, which reused entries are copied from.
    let previous: (any ArchiveReader)?
    private var open: (crc: UInt32, compressed: UInt64, raw: UInt64, dataStart: UInt64, isDeflated: Bool, digests: [SHA256Digest])?
    /// The file entries written, for the content index.
    private(set) var records: [ContentIndex.Record] = []
    private(set) var reusedEntries = 0

    /// Where the previous archive's folder entries are.
    let folders: [String: Int]

    init(writer: ArchiveWriter, fileSystem: any ArchiveFileSystem, previous: (any ArchiveReader)? = nil, folders: [String: Int] = [:]) {
        self.writer = writer
        self.fileSystem = fileSystem
        self.previous = previous
        self.folders = folders
    }

    mutating func consume(_ unit: WorkUnit, item: SourceItem, _ result: UnitResult) throws {
        guard let chunk = unit.chunk else {
            if let reused = result.reused, let previous {
                try writer.appendReused(path: item.path, mode: item.mode, record: reused, from: previous)
                reusedEntries += 1
            } else if case .directory = item.content, let previous, let offset = folders[item.path], writer.continuesPendingCopy(at: offset)
            {
                // A folder between reused entries: copied with them rather than cutting the range.
                try writer.appendReusedFolder(path: item.path, mode: item.mode, at: offset, from: previous)
            } else {
                try writer.beginEntry(
                    path: item.path, mode: item.mode, isDeflated: result.isDeflated, crc: result.crc,
                    compressedSize: UInt64(result.payload.count), uncompressedSize: UInt64(result.rawLength)
                )
                try writer.append(result.payload)
            }
            record(item, digest: result.digest)
            return
        }
        if chunk.offset == 0 {
            try writer.beginEntry(
                path: item.path, mode: item.mode, isDeflated: result.isDeflated, crc: 0, compressedSize: 0, uncompressedSize: 0,
                isProvisional: true
            )
            open = (0, 0, 0, writer.position, result.isDeflated, [])
        }
        guard var state = open else { return }
        if let digest = result.digest { state.digests.append(digest) }
        state.crc = state.raw == 0 ? result.crc : Zlib.combine(state.crc, result.crc, secondLength: result.rawLength)
        state.compressed += UInt64(result.payload.count)
        state.raw += UInt64(result.rawLength)
        try writer.append(result.payload)
        open = state
        guard chunk.isLast else { return }
        open = nil
        if state.isDeflated && state.compressed >= state.raw, case .file(let absolutePath, let identity) = item.content {
            let source = SourceReader(absolutePath: absolutePath, path: item.path, identity: identity, fileSystem: fileSystem)
            try writer.rewind(to: state.dataStart)
            var offset = 0
            while UInt64(offset) < state.raw {
                let count = min(4 << 20, Int(state.raw) - offset)
                try writer.append(try source.read(offset: offset, count: count))
                offset += count
            }
            try writer.finishLastEntry(isDeflated: false, crc: state.crc, compressedSize: state.raw, uncompressedSize: state.raw)
        } else {
            try writer.finishLastEntry(
                isDeflated: state.isDeflated, crc: state.crc, compressedSize: state.compressed, uncompressedSize: state.raw)
        }
        record(item, digest: state.digests.isEmpty ? nil : ContentIndex.combine(state.digests))
    }

    /// Records the entry just written, when its content was hashed.
    private mutating func record(_ item: SourceItem, digest: SHA256Digest?) {
        guard let digest, case .file = item.content, let entry = writer.entries.last else { return }
        records.append(
            ContentIndex.Record(
                digest: digest, crc: entry.crc, method: entry.method, compressedSize: Int(entry.compressedSize),
                size: Int(entry.uncompressedSize), offset: Int(entry.offset), path: item.path))
    }
}

/// The archive a build may reuse entries of, and the settings its index must have been made under.
struct PreviousArchive: Sendable {
    let path: String
    let settings: ContentIndex.Settings

    init(path: String, options: DeploymentPackage.Options) {
        self.path = path
        settings = ContentIndex.Settings(level: min(9, max(0, options.compressionLevel)), chunkSize: max(64 * 1024, options.chunkSize))
    }

    /// Its index, when it has a usable one.
    func load(fileSystem: any ArchiveFileSystem) -> ContentIndex? {
        ContentIndex.load(archive: path, settings: settings, fileSystem: fileSystem)
    }
}
