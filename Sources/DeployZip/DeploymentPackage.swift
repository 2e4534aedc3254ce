import DeployHashing
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
        /// Include/exclude globs in `package.patterns` style (see ``/DeployBasics/PatternSet``).
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
        /// Files larger than twice this are split into chunks of this size, compressed in parallel;
        /// 256 KiB by default (small enough that the cores finish together, large enough that the
        /// chunk boundaries cost nothing measurable in size).
        public var chunkSize: Int
        /// The entries' time; `nil` for `SOURCE_DATE_EPOCH` or 1980-01-01 00:00 UTC.
        public var entryTime: Date?
        /// Whether the archive is flushed to stable storage before it is renamed into place (on
        /// Linux, each written megabyte is sent to the disk at once, so the final flush is short).
        public var synchronizesToDisk: Bool
        /// Where the archive is written.
        public var fileSystem: any ArchiveFileSystem
        /// The environment (`SOURCE_DATE_EPOCH`).
        public var environment: [String: String]
        /// A folder every file of the tree is placed under in the archive (`python/` for a Python
        /// layer, `nodejs/node_modules/` for a Node.js one); empty by default. Patterns match the
        /// paths inside the source folder.
        public var archivePrefix: String = ""

        /// Creates options.
        public init(
            patterns: [String] = [], excludesByDefault: Bool = true, symlinks: SymlinkPolicy = .follow, compressionLevel: Int = 6,
            handler: String? = nil, runtime: String? = nil, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
            chunkSize: Int = 256 * 1024, entryTime: Date? = nil, synchronizesToDisk: Bool = true,
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
        /// File entries whose compressed bytes were copied from the previous archive (`reusing:`).
        public var reusedEntries: Int = 0
    }

    /// Packages the folder `directory` into the zip `destination`.
    ///
    /// With `reusing`, the path of the previous build's archive (a CI cache's `function.zip`,
    /// possibly `destination` itself), every file whose content is unchanged has its compressed
    /// bytes copied from that archive instead of compressed again, and the output is byte-identical
    /// to a fresh build. "Unchanged" is decided by content, never by modification times: the
    /// file's SHA-256 against the sidecar `ARCHIVE.index` the previous build wrote, whose records
    /// must still match the previous archive's entries. A build with `reusing` writes the sidecar
    /// for the next one (keep both files in the cache); a missing, stale or foreign archive or
    /// sidecar only means nothing is reused.
    public static func build(
        from directory: String, to destination: String, options: Options = Options(), reusing previousArchive: String? = nil
    ) async throws -> Summary {
        let scanner = TreeScanner(
            root: directory, patterns: PatternSet(options.patterns, defaultExclusions: options.excludesByDefault),
            symlinks: options.symlinks, archivePrefix: try archivePrefix(options.archivePrefix)
        )
        // The walk runs beside the compression, which starts on the first file found. It only
        // makes blocking system calls, so it gets a thread of its own rather than one of the
        // global executor's, which all stay free for compressing.
        // Items travel in batches: one hand-over per item cost a thread wake-up each once the
        // compression kept up with the walk.
        let (items, continuation) = AsyncThrowingStream.makeStream(of: [SourceItem].self)
        let cancelled = Cancellation()
        continuation.onTermination = { _ in cancelled.set() }
        let walk = Thread {
            do {
                var batch: [SourceItem] = []
                try scanner.scan { item in
                    if cancelled.isSet { throw CancellationError() }
                    batch.append(item)
                    if batch.count == Self.walkBatch {
                        continuation.yield(batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty { continuation.yield(batch) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        walk.name = "DeployZip.walk"
        walk.start()
        let reuse = previousArchive.map { PreviousArchive(path: $0, options: options) }
        return try await build(items: items, to: destination, options: options, reuse: reuse)
    }

    /// How many items the walk hands over at once.
    static let walkBatch = 64

    /// The prefix as archive paths take it: empty, or a relative folder path ending with `/`.
    static func archivePrefix(_ prefix: String) throws -> String {
        guard !prefix.isEmpty else { return "" }
        let folder = prefix.hasSuffix("/") ? prefix : prefix + "/"
        try EntryPath.validate(folder)
        guard !folder.dropLast().split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0 == "." }) else {
            throw ZipError(.unsafePath, "the archive prefix '\(prefix)' has an empty or '.' folder: write it as `python/`", path: prefix)
        }
        return folder
    }

    /// Packages `entries` (files generated in memory) into the zip `destination`.
    public static func build(entries: [PackageEntry], to destination: String, options: Options = Options()) async throws -> Summary {
        var seen = Set<String>()
        var items: [SourceItem] = []
        var total = 0
        for entry in entries {
            try EntryPath.validate(entry.path)
            guard seen.insert(entry.path).inserted else {
                throw ZipError(.duplicatePath, "two entries have the path \(entry.path)", path: entry.path)
            }
            total += entry.bytes.count
            items.append(
                SourceItem(
                    path: entry.path, content: .memory(entry.bytes),
                    mode: EntryMode.file(path: entry.path, isExecutable: entry.isExecutable)))
        }
        let sorted = TreeScanner.withParentDirectories(items).sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        guard sorted.count <= LambdaLimits.maximumEntries else {
            throw ZipError(.tooLarge, "the package has \(sorted.count) entries, more than the 65,535 a zip without zip64 holds")
        }
        guard total <= LambdaLimits.unzippedBytes else {
            throw ZipError(.unzippedSizeLimit, "the package is \(total) bytes unzipped, above Lambda's 262,144,000-byte (250 MB) limit")
        }
        let stream = AsyncThrowingStream<[SourceItem], any Error> { continuation in
            continuation.yield(sorted)
            continuation.finish()
        }
        return try await build(items: stream, to: destination, options: options)
    }

    static func build(
        items: AsyncThrowingStream<[SourceItem], any Error>, to destination: String, options: Options, reuse: PreviousArchive? = nil
    ) async throws -> Summary {
        let (folder, name) = split(destination)
        guard options.fileSystem.isFolder(folder) else {
            throw ZipError(
                .destinationFolderMissing, "the folder of \(destination) does not exist: create \(folder) first", path: destination)
        }
        let file: any ArchiveFile
        do {
            file = try options.fileSystem.createTemporaryFile(in: folder, named: name)
        } catch {
            throw ZipError(.writeFailed, "\(error)", path: destination)
        }
        do {
            let writer = ArchiveWriter(
                file: file, fileSystem: options.fileSystem,
                entryTime: options.entryTime ?? ZipFormat.entryTime(environment: options.environment),
                startsWriteback: options.synchronizesToDisk
            )
            let contents = try await compress(items, into: writer, options: options, reuse: reuse)
            try checkHandler(in: contents.paths, options: options)
            // The index is encoded while the archive is finished and flushed; written once it is in place.
            async let index = reuse.map { ContentIndex.encode(contents.records, settings: $0.settings) }
            try writer.finish()
            let size = Int(writer.position)
            try file.close(synchronize: options.synchronizesToDisk)
            let digest = writer.digest()
            try options.fileSystem.rename(file.path, to: destination)
            if let encoded = await index {
                try ContentIndex.write(encoded, archive: destination, fileSystem: options.fileSystem)
            }
            var warnings: [PackageWarning] = []
            if size > LambdaLimits.directUploadBytes {
                warnings.append(
                    PackageWarning(
                        kind: .directUploadLimit,
                        message:
                            "the package is \(size) bytes, above the 52,428,800-byte (50 MB) limit of a direct upload: upload it to S3 "
                            + "and deploy from there"
                    ))
            }
            return Summary(
                destination: destination, entryCount: writer.entries.count, uncompressedBytes: contents.uncompressedBytes,
                archiveBytes: size, codeSHA256: digest.base64String, warnings: warnings, reusedEntries: contents.reusedEntries
            )
        } catch {
            options.fileSystem.remove(file.path)
            if let error = error as? ZipError { throw error }
            throw ZipError(.writeFailed, "writing \(destination) failed: \(error)", path: destination)
        }
    }

    /// What went into the archive.
    struct Contents {
        var paths: Set<String> = []
        var uncompressedBytes = 0
        /// The file entries, for the content index (when building with `reusing:`).
        var records: [ContentIndex.Record] = []
        var reusedEntries = 0
    }

    /// Splits items into units as they arrive, runs the units on the cores with a bounded
    /// look-ahead, and writes the results strictly in order, so that the output is the same
    /// whatever the scheduling.
    static func compress(
        _ source: AsyncThrowingStream<[SourceItem], any Error>, into writer: ArchiveWriter, options: Options, reuse: PreviousArchive? = nil
    ) async throws -> Contents {
        let chunkSize = max(64 * 1024, options.chunkSize)
        // The previous archive, open once for every entry copied from it.
        let previous = reuse.flatMap { reuse in
            reuse.load(fileSystem: options.fileSystem).flatMap { index in
                (try? options.fileSystem.openForReading(reuse.path)).map { (reader: $0, index: index) }
            }
        }
        let index = previous?.index
        let compressor = UnitCompressor(
            level: Int32(min(9, max(0, options.compressionLevel))), fileSystem: options.fileSystem, hashes: reuse != nil, index: index)
        // Units may run ahead of the writer while the bytes they hold stay under the budget: enough
        // to keep every core busy past a large file, bounded whatever the tree's size.
        let budget = max(1, options.concurrency) * 8 * chunkSize
        let maximumAhead = max(1, options.concurrency) * 64
        var items: [SourceItem] = []
        var units: [WorkUnit] = []
        var contents = Contents()
        var assembler = EntryAssembler(
            writer: writer, fileSystem: options.fileSystem, previous: previous?.reader, folders: index?.folders ?? [:])
        // Consecutive small files travel as one unit of about `batchBytes`: thousands of tiny tasks
        // would cost more in scheduling than their compression.
        let batchBytes = 256 * 1024
        var batchStart: Int?
        var batchSize = 0
        func closeBatch() {
            guard let start = batchStart else { return }
            units.append(WorkUnit(items: start..<items.count))
            batchStart = nil
            batchSize = 0
        }
        try await withThrowingTaskGroup(of: (Int, [UnitResult]).self) { group in
            var iterator = source.makeAsyncIterator()
            var arrived: [SourceItem] = []
            var nextArrived = 0
            var exhausted = false
            var next = 0
            var written = 0
            var bytesAhead = 0
            var pending: [Int: [UnitResult]] = [:]
            while true {
                while next - written < maximumAhead {
                    if next == units.count {
                        if exhausted { break }
                        if nextArrived == arrived.count {
                            guard let batch = try await iterator.next() else {
                                exhausted = true
                                closeBatch()
                                continue
                            }
                            arrived = batch
                            nextArrived = 0
                            continue
                        }
                        let item = arrived[nextArrived]
                        nextArrived += 1
                        let size = WorkUnit.size(of: item)
                        contents.paths.insert(item.path)
                        contents.uncompressedBytes += size
                        if let record = try index.flatMap({
                            try $0.unchangedLargeFile(item, chunkSize: chunkSize, fileSystem: options.fileSystem)
                        }) {
                            // A large file verified unchanged: its compressed bytes are copied, not compressed again.
                            closeBatch()
                            items.append(item)
                            units.append(WorkUnit(items: (items.count - 1)..<items.count, reused: record))
                        } else if let chunks = WorkUnit.chunks(for: item, index: items.count, chunkSize: chunkSize) {
                            closeBatch()
                            items.append(item)
                            units += chunks
                        } else {
                            if batchStart == nil { batchStart = items.count }
                            items.append(item)
                            batchSize += size
                            if batchSize >= batchBytes || size > batchBytes / 2 { closeBatch() }
                        }
                        continue
                    }
                    let unit = units[next]
                    let size = unit.rawSize(of: items)
                    guard next == written || bytesAhead + size <= budget else { break }
                    bytesAhead += size
                    let index = next
                    // A copy: a slice would share `items`' storage, and the next append would copy all of it.
                    let slice = Array(items[unit.items])
                    // CPU-bound work: on the global executor's threads even when the caller prefers
                    // a single-thread executor (task executor preferences are inherited otherwise).
                    group.addTask(executorPreference: globalConcurrentExecutor) { (index, try compressor.process(unit, items: slice)) }
                    next += 1
                }
                if exhausted && written == units.count { break }
                guard let (index, results) = try await group.next() else { continue }
                pending[index] = results
                while let ready = pending.removeValue(forKey: written) {
                    let unit = units[written]
                    for (offset, result) in ready.enumerated() {
                        try assembler.consume(unit, item: items[unit.items.lowerBound + offset], result)
                    }
                    bytesAhead -= unit.rawSize(of: items)
                    written += 1
                }
            }
        }
        contents.records = assembler.records
        contents.reusedEntries = assembler.reusedEntries
        return contents
    }

    /// The handler's file must be in the package.
    static func checkHandler(in paths: Set<String>, options: Options) throws {
        if let handler = options.handler, let candidates = LambdaLimits.handlerFileCandidates(handler: handler, runtime: options.runtime) {
            guard candidates.contains(where: paths.contains) else {
                throw ZipError(
                    .handlerMissing,
                    "the handler \(handler) needs \(candidates.joined(separator: " or ")) at the package root, which is not in the "
                        + "package: check the build job's paths and patterns"
                )
            }
        }
    }

    static func split(_ destination: String) -> (folder: String, name: String) {
        guard let slash = destination.lastIndex(of: "/") else { return (".", destination) }
        let folder = String(destination[..<slash])
        return (folder.isEmpty ? "/" : folder, String(destination[destination.index(after: slash)...]))
    }
}

/// A flag one thread sets and another reads.
final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
