import Foundation

/// An existing zip, such as the `function.zip` a build job left as an artifact: its entries
/// listed from the central directory, and verified on demand.
///
/// Reading is defensive: every offset and size is checked against the file before it is used,
/// entries with absolute paths, `..` segments or backslashes are refused (zip-slip), and an entry
/// that inflates to more than it declares is stopped there. A truncated, corrupt or hostile file
/// gives a ``ZipError``, never a crash or an allocation larger than the file.
public struct DeploymentArchive: Sendable {
    /// One entry of the central directory.
    public struct Entry: Sendable, Hashable {
        /// The path inside the archive.
        public var path: String
        /// 0 (stored) or 8 (deflated).
        public var method: UInt16
        /// The CRC-32 of the uncompressed bytes.
        public var crc32: UInt32
        /// Bytes in the archive.
        public var compressedSize: Int
        /// Bytes when extracted.
        public var uncompressedSize: Int
        /// Unix mode with file-type bits, when the archive was made on Unix (else 0).
        public var mode: UInt32
        /// Where the local header starts.
        var localHeaderOffset: Int

        /// Whether the entry is a folder.
        public var isDirectory: Bool { path.hasSuffix("/") || mode & 0o170000 == 0o040000 }
        /// Whether the entry is a symbolic link.
        public var isSymlink: Bool { mode & 0o170000 == 0o120000 }
        /// Whether any execute bit is set.
        public var isExecutable: Bool { mode & 0o111 != 0 }
        /// The permission bits (`0o644`, `0o755`).
        public var permissions: UInt32 { mode & 0o7777 }
    }

    let source: ByteSource
    /// The entries, in central-directory order.
    public let entries: [Entry]
    /// Where entry data must end: the start of the central directory.
    let dataEnd: Int

    /// Opens the zip at `path` and reads its central directory.
    public init(contentsOf path: String) throws {
        try self.init(source: try ByteSource(path: path))
    }

    /// Reads a zip held in memory.
    public init(bytes: [UInt8]) throws {
        try self.init(source: ByteSource(bytes: bytes))
    }

    init(source: ByteSource) throws {
        self.source = source
        (entries, dataEnd) = try CentralDirectory.read(source)
    }

    /// The sum of the entries' extracted sizes.
    public var uncompressedBytes: Int { entries.reduce(0) { $0 + $1.uncompressedSize } }

    /// Reads every entry, inflating it, and checks its size and CRC-32.
    public func verify() throws {
        for entry in entries {
            _ = try extract(entry, sink: { _ in })
        }
    }

    /// The extracted bytes of the entry at `path` (verified).
    public func contents(of path: String) throws -> [UInt8] {
        guard let entry = entries.first(where: { $0.path == path }) else {
            throw ZipError(.corruptArchive, "the archive has no entry \(path)", path: path)
        }
        return try contents(of: entry)
    }

    /// Streams `entry`'s extracted bytes to `chunks`, a piece at a time, and checks its size and
    /// CRC-32 at the end (so a consumer must discard what it got when this throws).
    public func extract(_ entry: Entry, chunks: (UnsafeRawBufferPointer) throws -> Void) throws {
        _ = try extract(entry, sink: chunks)
    }

    /// The extracted bytes of `entry`, one of ``entries`` (verified).
    public func contents(of entry: Entry) throws -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(entry.uncompressedSize, source.count * 1032))
        _ = try extract(entry, sink: { bytes.append(contentsOf: $0) })
        return bytes
    }

    /// Lambda's rules for this package: the handler's file present, a `bootstrap` executable, the
    /// unzipped size within 250 MB; and a warning above the 50 MB direct-upload limit.
    public func checkLambdaRules(handler: String? = nil, runtime: String? = nil) throws -> [PackageWarning] {
        if let bootstrap = entries.first(where: { $0.path == "bootstrap" }), !bootstrap.isExecutable {
            throw ZipError(
                .bootstrapNotExecutable,
                "bootstrap is stored with mode \(String(bootstrap.permissions, radix: 8)): a custom runtime's bootstrap must be "
                    + "executable (0755); chmod +x it before zipping, or build with DeploymentPackage",
                path: "bootstrap"
            )
        }
        guard uncompressedBytes <= LambdaLimits.unzippedBytes else {
            throw ZipError(
                .unzippedSizeLimit, "the package is \(uncompressedBytes) bytes unzipped, above Lambda's 262,144,000-byte (250 MB) limit")
        }
        if let handler, let candidates = LambdaLimits.handlerFileCandidates(handler: handler, runtime: runtime) {
            let paths = Set(entries.map(\.path))
            guard candidates.contains(where: paths.contains) else {
                throw ZipError(
                    .handlerMissing, "the handler \(handler) needs \(candidates.joined(separator: " or ")), which is not in the archive")
            }
        }
        if source.count > LambdaLimits.directUploadBytes {
            return [
                PackageWarning(
                    kind: .directUploadLimit,
                    message: "the archive is \(source.count) bytes, above the 50 MB direct-upload limit: upload it through S3")
            ]
        }
        return []
    }

    /// Streams an entry's bytes to `sink`, checking sizes and CRC.
    private func extract(_ entry: Entry, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let header = try source.read(offset: entry.localHeaderOffset, count: ZipFormat.localHeaderSize)
        let (nameLength, extraLength) = try header.withUnsafeBytes { raw -> (Int, Int) in
            guard ZipFormat.readUInt32(raw, 0) == ZipFormat.localHeaderSignature else {
                throw ZipError(
                    .corruptArchive, "the local header of \(entry.path) is missing (offset \(entry.localHeaderOffset))", path: entry.path)
            }
            return (Int(ZipFormat.readUInt16(raw, 26)), Int(ZipFormat.readUInt16(raw, 28)))
        }
        let name = try source.read(offset: entry.localHeaderOffset + ZipFormat.localHeaderSize, count: nameLength)
        guard String(decoding: name, as: UTF8.self) == entry.path else {
            throw ZipError(
                .corruptArchive, "the local header names \(String(decoding: name, as: UTF8.self)) where the directory says \(entry.path)",
                path: entry.path)
        }
        let start = entry.localHeaderOffset + ZipFormat.localHeaderSize + nameLength + extraLength
        guard start <= dataEnd, entry.compressedSize <= dataEnd - start else {
            throw ZipError(.corruptArchive, "the data of \(entry.path) runs past the end of the archive", path: entry.path)
        }
        var crc: UInt32 = 0
        var produced = 0
        func accept(_ piece: UnsafeRawBufferPointer) throws {
            produced += piece.count
            guard produced <= entry.uncompressedSize else {
                throw ZipError(
                    .corruptArchive, "\(entry.path) inflates to more than the \(entry.uncompressedSize) bytes it declares", path: entry.path
                )
            }
            crc = Zlib.crc32(piece, continuing: crc)
            try sink(piece)
        }
        let inflater = entry.method == 8 ? try Inflater() : nil
        var ended = inflater == nil
        var offset = 0
        while offset < entry.compressedSize {
            let count = min(256 * 1024, entry.compressedSize - offset)
            let chunk = try source.read(offset: start + offset, count: count)
            offset += count
            if let inflater {
                guard !ended else { break }
                ended = try chunk.withUnsafeBytes { try inflater.inflate($0, output: accept) }
            } else {
                try chunk.withUnsafeBytes { try accept($0) }
            }
        }
        guard ended, produced == entry.uncompressedSize else {
            throw ZipError(
                .corruptArchive,
                "\(entry.path) holds \(produced) bytes where \(entry.uncompressedSize) are declared, or its compressed data ends early",
                path: entry.path)
        }
        guard crc == entry.crc32 else {
            throw ZipError(
                .checksumMismatch,
                "\(entry.path) has CRC-32 \(String(crc, radix: 16)) but declares \(String(entry.crc32, radix: 16)): the archive is corrupt",
                path: entry.path)
        }
        return produced
    }
}

/// Bytes of an archive: in memory, or read from a file on demand. Every read is bounds-checked.
struct ByteSource: @unchecked Sendable {
    private let bytes: [UInt8]?
    private let path: String?
    let count: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.path = nil
        self.count = bytes.count
    }

    init(path: String) throws {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int else {
            throw ZipError(.sourceNotFound, "there is no archive at \(path): check the build job's artifacts: paths", path: path)
        }
        self.bytes = nil
        self.path = path
        self.count = size
    }

    func read(offset: Int, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= self.count, count <= self.count - offset else {
            throw ZipError(
                .corruptArchive, "the archive is truncated: \(count) bytes at offset \(offset) lie past its end (\(self.count) bytes)")
        }
        if let bytes { return Array(bytes[offset..<(offset + count)]) }
        return try SourceReader(absolutePath: path!, path: path!, identity: nil, fileSystem: LocalArchiveFileSystem()).read(
            offset: offset, count: count)
    }
}

/// Parsing of the end record and the central directory.
enum CentralDirectory {
    /// Where the end record is, and what it says.
    static func endRecord(_ source: ByteSource) throws -> (position: Int, entries: Int, size: Int, offset: Int) {
        guard source.count >= ZipFormat.endRecordSize else {
            throw ZipError(.corruptArchive, "the file is \(source.count) bytes, too short to be a zip")
        }
        let searchStart = max(0, source.count - ZipFormat.endRecordSize - 65_535)
        let tail = try source.read(offset: searchStart, count: source.count - searchStart)
        return try tail.withUnsafeBytes { raw in
            var position = raw.count - ZipFormat.endRecordSize
            while position >= 0 {
                if ZipFormat.readUInt32(raw, position) == ZipFormat.endOfCentralDirectorySignature {
                    let disk = ZipFormat.readUInt16(raw, position + 4)
                    let directoryDisk = ZipFormat.readUInt16(raw, position + 6)
                    let onDisk = Int(ZipFormat.readUInt16(raw, position + 8))
                    let total = Int(ZipFormat.readUInt16(raw, position + 10))
                    let size = Int(ZipFormat.readUInt32(raw, position + 12))
                    let offset = Int(ZipFormat.readUInt32(raw, position + 16))
                    let absolute = searchStart + position
                    if total == 0xFFFF || offset == 0xFFFF_FFFF || size == 0xFFFF_FFFF {
                        throw ZipError(.unsupportedFeature, "the archive uses zip64, which Lambda packages do not need")
                    }
                    guard disk == 0, directoryDisk == 0, onDisk == total else {
                        throw ZipError(.unsupportedFeature, "the archive spans several disks")
                    }
                    guard offset <= absolute, size <= absolute - offset else {
                        throw ZipError(.corruptArchive, "the central directory (offset \(offset), \(size) bytes) lies outside the archive")
                    }
                    return (absolute, total, size, offset)
                }
                position -= 1
            }
            throw ZipError(.corruptArchive, "no end-of-central-directory record: the file is truncated or not a zip")
        }
    }

    /// The entries, and where their data must end (the start of the central directory).
    static func read(_ source: ByteSource) throws -> (entries: [DeploymentArchive.Entry], dataEnd: Int) {
        let end = try endRecord(source)
        let directory = try source.read(offset: end.offset, count: end.size)
        var entries: [DeploymentArchive.Entry] = []
        entries.reserveCapacity(min(end.entries, end.size / ZipFormat.centralHeaderSize + 1))
        var seen = Set<String>()
        try directory.withUnsafeBytes { raw in
            var position = 0
            for index in 0..<end.entries {
                guard position + ZipFormat.centralHeaderSize <= raw.count,
                    ZipFormat.readUInt32(raw, position) == ZipFormat.centralHeaderSignature
                else {
                    throw ZipError(.corruptArchive, "central directory record \(index + 1) of \(end.entries) is missing or damaged")
                }
                let madeBy = ZipFormat.readUInt16(raw, position + 4)
                let flags = ZipFormat.readUInt16(raw, position + 8)
                let method = ZipFormat.readUInt16(raw, position + 10)
                let crc = ZipFormat.readUInt32(raw, position + 16)
                let compressed = Int(ZipFormat.readUInt32(raw, position + 20))
                let uncompressed = Int(ZipFormat.readUInt32(raw, position + 24))
                let nameLength = Int(ZipFormat.readUInt16(raw, position + 28))
                let extraLength = Int(ZipFormat.readUInt16(raw, position + 30))
                let commentLength = Int(ZipFormat.readUInt16(raw, position + 32))
                let external = ZipFormat.readUInt32(raw, position + 38)
                let offset = Int(ZipFormat.readUInt32(raw, position + 42))
                let recordEnd = position + ZipFormat.centralHeaderSize + nameLength + extraLength + commentLength
                guard recordEnd <= raw.count else {
                    throw ZipError(.corruptArchive, "central directory record \(index + 1) runs past the directory's end")
                }
                let nameStart = position + ZipFormat.centralHeaderSize
                let path = String(decoding: raw[nameStart..<(nameStart + nameLength)], as: UTF8.self)
                try EntryPath.validate(path)
                guard seen.insert(path).inserted else {
                    throw ZipError(.duplicatePath, "the archive holds \(path) twice", path: path)
                }
                guard flags & 1 == 0 else { throw ZipError(.unsupportedFeature, "\(path) is encrypted", path: path) }
                guard method == 0 || method == 8 else {
                    throw ZipError(
                        .unsupportedFeature, "\(path) uses compression method \(method); only stored (0) and deflate (8) are read",
                        path: path)
                }
                guard method != 0 || compressed == uncompressed else {
                    throw ZipError(
                        .corruptArchive, "\(path) is stored but its sizes differ (\(compressed) and \(uncompressed))", path: path)
                }
                guard offset < end.offset else {
                    throw ZipError(
                        .corruptArchive, "the data of \(path) is said to start inside or after the central directory", path: path)
                }
                let isUnix = madeBy >> 8 == 3
                entries.append(
                    DeploymentArchive.Entry(
                        path: path, method: method, crc32: crc, compressedSize: compressed, uncompressedSize: uncompressed,
                        mode: isUnix ? external >> 16 : 0, localHeaderOffset: offset
                    ))
                position = recordEnd
            }
        }
        return (entries, end.offset)
    }
}
