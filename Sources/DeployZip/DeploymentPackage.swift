import DeploySigV4
import Foundation

/// Builds Lambda deployment packages: what `zip -r function.zip …` does in a build job, done
/// in-process, byte-for-byte reproducibly, on every core, with Lambda's rules checked before
/// anything is uploaded.
///
/// ```swift
/// let summary = try await DeploymentPackage.build(
///     from: "src", to: "function.zip",
///     options: .init(patterns: ["!tests/**"], handler: "lambda_function.lambda_handler", runtime: "python3.12")
/// )
/// print(summary.codeSHA256)   // what Lambda reports as CodeSha256
/// ```
///
/// The same tree gives the same bytes whatever the files' mtimes, the directory order, the time
/// zone, the umask or the user: entries are sorted bytewise, stamped with one fixed time
/// (1980-01-01, or `SOURCE_DATE_EPOCH`), carry no extra fields, and have normalised modes
/// (0644, 0755 for executables and `bootstrap`, 0755 for folders). The archive is written to a
/// temporary file beside the destination and renamed into place, so a failure never leaves a
/// partial file there and never replaces the previous artifact.
public enum DeploymentPackage {
    /// What to do with symbolic links.
    public enum SymlinkPolicy: Sendable, Hashable {
        /// Package what the link points to (it must stay inside the tree).
        case follow
        /// Store the link itself (its target must stay inside the tree).
        case store
    }

    /// How to build.
    public struct Options: Sendable {
        /// Include/exclude globs in `package.patterns` style (see ``PatternSet``).
        public var patterns: [String]
        /// Whether `.git/**`, `**/__pycache__/**` and `**/.DS_Store` are excluded first.
        public var excludesByDefault: Bool
        /// What to do with symbolic links.
        public var symlinks: SymlinkPolicy
        /// zlib level, 1 (fast) to 9 (small); 6 as `zip` uses.
        public var compressionLevel: Int
        /// The function's handler (`lambda_function.lambda_handler`): its file must be in the package.
        public var handler: String?
        /// The runtime (`python3.12`, `nodejs20.x`), to find the handler's file.
        public var runtime: String?
        /// How many units are compressed at once; the number of cores by default.
        public var concurrency: Int
        /// Files larger than twice this are split into chunks of this size, compressed in parallel.
        public var chunkSize: Int
        /// The entries' time; `nil` for `SOURCE_DATE_EPOCH` or 1980-01-01 00:00 UTC.
        public var entryTime: Date?
        /// Whether the archive is flushed to stable storage before it is renamed into place.
        public var synchronizesToDisk: Bool
        /// Where the archive is written.
        public var fileSystem: any ArchiveFileSystem
        /// The environment (`SOURCE_DATE_EPOCH`).
        public var environment: [String: String]

        /// Creates options.
        public init(
            patterns: [String] = [], excludesByDefault: Bool = true, symlinks: SymlinkPolicy = .follow, compressionLevel: Int = 6,
            handler: String? = nil, runtime: String? = nil, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
            chunkSize: Int = 1 << 20, entryTime: Date? = nil, synchronizesToDisk: Bool = true,
            fileSystem: any ArchiveFileSystem = LocalArchiveFileSystem(),
            environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            self.patterns = patterns
            self.excludesByDefault = excludesByDefault
            self.symlinks = symlinks
            self.compressionLevel = compressionLevel
            self.handler = handler
            self.runtime = runtime
            self.concurrency = concurrency
            self.chunkSize = chunkSize
            self.entryTime = entryTime
            self.synchronizesToDisk = synchronizesToDisk
            self.fileSystem = fileSystem
            self.environment = environment
        }
    }

    /// What was built.
    public struct Summary: Sendable, Hashable {
        /// Where the archive is.
        public var destination: String
        /// Entries in the archive, folders included.
        public var entryCount: Int
        /// Bytes before compression.
        public var uncompressedBytes: Int
        /// The archive's size.
        public var archiveBytes: Int
        /// Base64 of the archive's SHA-256: what Lambda reports as `CodeSha256`, so an unchanged
        /// package can skip `UpdateFunctionCode`.
        public var codeSHA256: String
        /// Limits Lambda would enforce differently, such as the 50 MB direct-upload limit.
        public var warnings: [PackageWarning]
    }

    /// Packages the folder `directory` into the zip `destination`.
    public static func build(from directory: String, to destination: String, options: Options = Options()) async throws -> Summary {
        let scanner = TreeScanner(
            root: directory, patterns: PatternSet(options.patterns, defaultExclusions: options.excludesByDefault), symlinks: options.symlinks
        )
        return try await build(items: try scanner.scan(), to: destination, options: options)
    }

    /// Packages `entries` (files generated in memory) into the zip `destination`.
    public static func build(entries: [PackageEntry], to destination: String, options: Options = Options()) async throws -> Summary {
        var seen = Set<String>()
        var items: [SourceItem] = []
        for entry in entries {
            try EntryPath.validate(entry.path)
            guard seen.insert(entry.path).inserted else {
                throw ZipError(.duplicatePath, "two entries have the path \(entry.path)", path: entry.path)
            }
            items.append(SourceItem(path: entry.path, content: .memory(entry.bytes), mode: EntryMode.file(path: entry.path, isExecutable: entry.isExecutable)))
        }
        let sorted = TreeScanner.withParentDirectories(items).sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return try await build(items: sorted, to: destination, options: options)
    }

    static func build(items: [SourceItem], to destination: String, options: Options) async throws -> Summary {
        let (folder, name) = split(destination)
        guard options.fileSystem.isFolder(folder) else {
            throw ZipError(.destinationFolderMissing, "the folder of \(destination) does not exist: create \(folder) first", path: destination)
        }
        let uncompressed = try checkLimits(items, options: options)
        let file: any ArchiveFile
        do {
            file = try options.fileSystem.createTemporaryFile(in: folder, named: name)
        } catch {
            throw ZipError(.writeFailed, "\(error)", path: destination)
        }
        do {
            let writer = ArchiveWriter(file: file, entryTime: options.entryTime ?? ZipFormat.entryTime(environment: options.environment))
            try await compress(items, into: writer, options: options)
            try writer.finish()
            let size = Int(writer.position)
            try file.close(synchronize: options.synchronizesToDisk)
            let digest = try hash(file.path, size: size, fileSystem: options.fileSystem)
            try options.fileSystem.rename(file.path, to: destination)
            var warnings: [PackageWarning] = []
            if size > LambdaLimits.directUploadBytes {
                warnings.append(PackageWarning(
                    kind: .directUploadLimit,
                    message: "the package is \(size) bytes, above the 52,428,800-byte (50 MB) limit of a direct upload: upload it to S3 and deploy from there"
                ))
            }
            return Summary(
                destination: destination, entryCount: writer.entries.count, uncompressedBytes: uncompressed, archiveBytes: size,
                codeSHA256: digest.base64String, warnings: warnings
            )
        } catch {
            options.fileSystem.remove(file.path)
            if let error = error as? ZipError { throw error }
            throw ZipError(.writeFailed, "writing \(destination) failed: \(error)", path: destination)
        }
    }

    /// Runs the units on up to `concurrency` cores with a bounded window, and writes the results
    /// strictly in order, so the output is the same whatever the scheduling.
    static func compress(_ items: [SourceItem], into writer: ArchiveWriter, options: Options) async throws {
        let chunkSize = max(64 * 1024, options.chunkSize)
        var units: [WorkUnit] = []
        for (index, item) in items.enumerated() {
            if case .file(_, let size) = item.content, size > 2 * chunkSize {
                for offset in stride(from: 0, to: size, by: chunkSize) {
                    units.append(WorkUnit(item: index, chunk: (offset, min(chunkSize, size - offset), offset + chunkSize >= size)))
                }
            } else {
                units.append(WorkUnit(item: index, chunk: nil))
            }
        }
        let compressor = UnitCompressor(level: Int32(min(9, max(0, options.compressionLevel))), fileSystem: options.fileSystem)
        // Units may run ahead of the writer while the bytes they hold stay under the budget: enough
        // to keep every core busy past a large file, bounded whatever the tree's size.
        let budget = max(1, options.concurrency) * 8 * chunkSize
        let maximumAhead = max(1, options.concurrency) * 64
        var assembler = EntryAssembler(writer: writer, items: items, fileSystem: options.fileSystem)
        try await withThrowingTaskGroup(of: (Int, UnitResult).self) { group in
            var next = 0
            var pending: [Int: UnitResult] = [:]
            var written = 0
            var bytesAhead = 0
            func schedule() {
                while next < units.count && next - written < maximumAhead {
                    let size = units[next].rawSize(of: items[units[next].item])
                    guard next == written || bytesAhead + size <= budget else { break }
                    bytesAhead += size
                    let index = next
                    let unit = units[index]
                    let item = items[unit.item]
                    group.addTask { (index, try compressor.process(unit, item: item)) }
                    next += 1
                }
            }
            schedule()
            while written < units.count {
                guard let (index, result) = try await group.next() else { break }
                pending[index] = result
                while let ready = pending.removeValue(forKey: written) {
                    try assembler.consume(units[written], ready)
                    bytesAhead -= units[written].rawSize(of: items[units[written].item])
                    written += 1
                }
                schedule()
            }
        }
    }

    /// Lambda's checks that can be made before writing: size unzipped, entry count, handler file.
    static func checkLimits(_ items: [SourceItem], options: Options) throws(ZipError) -> Int {
        var total = 0
        for item in items {
            switch item.content {
            case .file(_, let size): total += size
            case .memory(let bytes): total += bytes.count
            case .symlink(let target): total += target.utf8.count
            case .directory: break
            }
        }
        guard total <= LambdaLimits.unzippedBytes else {
            throw ZipError(.unzippedSizeLimit, "the package is \(total) bytes unzipped, above Lambda's 262,144,000-byte (250 MB) limit: exclude what the function does not need, move dependencies to a layer, or use a container image")
        }
        guard items.count <= LambdaLimits.maximumEntries else {
            throw ZipError(.tooLarge, "the package has \(items.count) entries, more than the 65,535 a zip without zip64 holds")
        }
        if let handler = options.handler, let candidates = LambdaLimits.handlerFileCandidates(handler: handler, runtime: options.runtime) {
            let paths = Set(items.map(\.path))
            guard candidates.contains(where: paths.contains) else {
                throw ZipError(.handlerMissing, "the handler \(handler) needs \(candidates.joined(separator: " or ")) at the package root, which is not in the package: check the build job's paths and patterns")
            }
        }
        return total
    }

    static func hash(_ path: String, size: Int, fileSystem: any ArchiveFileSystem) throws -> SHA256Digest {
        var hasher = SHA256Hasher()
        var offset = 0
        while offset < size {
            let count = min(4 << 20, size - offset)
            hasher.update(try fileSystem.read(path, offset: UInt64(offset), count: count))
            offset += count
        }
        return hasher.finalize()
    }

    static func split(_ destination: String) -> (folder: String, name: String) {
        guard let slash = destination.lastIndex(of: "/") else { return (".", destination) }
        let folder = String(destination[..<slash])
        return (folder.isEmpty ? "/" : folder, String(destination[destination.index(after: slash)...]))
    }
}

/// Turns unit results, in order, into entries: a whole item at once, or a chunked file's header,
/// its chunks, then its final sizes (stored instead when deflate did not shrink it).
struct EntryAssembler {
    let writer: ArchiveWriter
    let items: [SourceItem]
    let fileSystem: any ArchiveFileSystem
    private var open: (crc: UInt32, compressed: UInt64, raw: UInt64, dataStart: UInt64, isDeflated: Bool)?

    init(writer: ArchiveWriter, items: [SourceItem], fileSystem: any ArchiveFileSystem) {
        self.writer = writer
        self.items = items
        self.fileSystem = fileSystem
    }

    mutating func consume(_ unit: WorkUnit, _ result: UnitResult) throws {
        let item = items[unit.item]
        guard let chunk = unit.chunk else {
            try writer.beginEntry(
                path: item.path, mode: item.mode, isDeflated: result.isDeflated, crc: result.crc,
                compressedSize: UInt64(result.payload.count), uncompressedSize: UInt64(result.rawLength)
            )
            try writer.append(result.payload)
            return
        }
        if chunk.offset == 0 {
            try writer.beginEntry(path: item.path, mode: item.mode, isDeflated: result.isDeflated, crc: 0, compressedSize: 0, uncompressedSize: 0)
            open = (0, 0, 0, writer.position, result.isDeflated)
        }
        guard var state = open else { return }
        state.crc = state.raw == 0 ? result.crc : Zlib.combine(state.crc, result.crc, secondLength: result.rawLength)
        state.compressed += UInt64(result.payload.count)
        state.raw += UInt64(result.rawLength)
        try writer.append(result.payload)
        open = state
        guard chunk.isLast else { return }
        open = nil
        if state.isDeflated && state.compressed >= state.raw, case .file(let absolutePath, _) = item.content {
            try writer.rewind(to: state.dataStart)
            var offset = 0
            while UInt64(offset) < state.raw {
                let count = min(4 << 20, Int(state.raw) - offset)
                try writer.append(try SourceReader.read(absolutePath, path: item.path, offset: offset, count: count, fileSystem: fileSystem))
                offset += count
            }
            try writer.finishLastEntry(isDeflated: false, crc: state.crc, compressedSize: state.raw, uncompressedSize: state.raw)
        } else {
            try writer.finishLastEntry(isDeflated: state.isDeflated, crc: state.crc, compressedSize: state.compressed, uncompressedSize: state.raw)
        }
    }
}
