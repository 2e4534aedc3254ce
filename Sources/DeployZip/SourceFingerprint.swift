import DeployHashing
import Foundation

/// What a package would contain, hashed without building it: the SHA-256 over every entry the
/// build would write (path, normalised mode, and the SHA-256 of a file's content or a link's
/// target), in the build's order, after patterns. Nothing is compressed, so it costs one read of
/// the files at the speed of SHA-256; the same tree gives the same fingerprint whatever the files'
/// times, owners or the order the directory lists them in.
///
/// ```swift
/// let before = try DeploymentPackage.fingerprint(of: "src", options: .init(patterns: ["!tests/**"]))
/// // … later, or in another job: the same files give the same fingerprint, so nothing needs building
/// let unchanged = try DeploymentPackage.fingerprint(of: "src", options: .init(patterns: ["!tests/**"])) == before
/// ```
public struct SourceFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// The SHA-256 over the entries.
    public var digest: SHA256Digest
    /// The file entries (folders and links not counted).
    public var fileCount: Int
    /// The files' bytes, as they would be before compression.
    public var bytes: Int

    public var description: String { "\(digest.hexString) (\(fileCount) files, \(bytes) bytes)" }
}

extension DeploymentPackage {
    /// The fingerprint of what ``build(from:to:options:reusing:)`` would package from `directory`
    /// with `options` (its patterns, links policy and archive prefix); the folder is read, never
    /// written.
    /// - Throws: ``ZipError`` for what the build would refuse (a missing folder, a link leaving the
    ///   tree, Lambda's size limits, a file changed while it was read).
    ///
    /// With `cache`, a file whose `stat` is what the cache recorded is not read again (see
    /// ``FingerprintCache``); the caller saves the cache.
    public static func fingerprint(
        of directory: String, options: Options = Options(), cache: FingerprintCache? = nil
    ) throws
        -> SourceFingerprint
    {
        let scanner = TreeScanner(
            root: directory, patterns: PatternSet(options.patterns, defaultExclusions: options.excludesByDefault),
            symlinks: options.symlinks, archivePrefix: try archivePrefix(options.archivePrefix))
        var fingerprint = FingerprintHasher()
        try scanner.scan { item in
            switch item.content {
            case .file(let absolutePath, let identity):
                if let digest = cache?.digest(of: absolutePath, identity: identity) {
                    fingerprint.add(kind: "F", path: item.path, mode: item.mode, size: identity.size, content: digest)
                    return
                }
                let source = SourceReader(absolutePath: absolutePath, path: item.path, identity: identity, fileSystem: options.fileSystem)
                var content = SHA256Hasher()
                var offset = 0
                while offset < identity.size {
                    let chunk = try source.read(offset: offset, count: min(1 << 20, identity.size - offset))
                    guard !chunk.isEmpty else { break }
                    chunk.withUnsafeBytes { content.update($0) }
                    offset += chunk.count
                }
                let digest = content.finalize()
                cache?.record(absolutePath, identity: identity, digest: digest)
                fingerprint.add(kind: "F", path: item.path, mode: item.mode, size: offset, content: digest)
            case .memory(let bytes):
                fingerprint.add(kind: "F", path: item.path, mode: item.mode, size: bytes.count, content: SHA256Hasher.hash(bytes))
            case .symlink(let target):
                fingerprint.add(kind: "L", path: item.path, mode: item.mode, size: 0, content: SHA256Hasher.hash(Array(target.utf8)))
            case .directory:
                fingerprint.add(kind: "D", path: item.path, mode: item.mode, size: 0, content: nil)
            }
        }
        return fingerprint.finish()
    }

    /// The bytes the files ``build(from:to:options:reusing:)`` would package from `directory` hold
    /// before compression, from the folder's listing alone (no file is read).
    /// - Throws: ``ZipError`` for what the build would refuse.
    public static func unpackedSize(of directory: String, options: Options = Options()) throws -> Int {
        let scanner = TreeScanner(
            root: directory, patterns: PatternSet(options.patterns, defaultExclusions: options.excludesByDefault),
            symlinks: options.symlinks, archivePrefix: try archivePrefix(options.archivePrefix))
        var bytes = 0
        try scanner.scan { item in
            switch item.content {
            case .file(_, let identity): bytes += identity.size
            case .memory(let content): bytes += content.count
            case .symlink, .directory: break
            }
        }
        return bytes
    }

    /// The fingerprint of a zip built elsewhere: the SHA-256 of its bytes (Lambda's `CodeSha256`),
    /// read 1 MiB at a time; its files and their bytes as its central directory lists them.
    /// - Throws: ``ZipError`` when the file cannot be read or is not a zip.
    public static func fingerprint(
        ofArchive path: String, fileSystem: any ArchiveFileSystem = LocalArchiveFileSystem()
    ) throws
        -> SourceFingerprint
    {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
            throw ZipError(.sourceNotFound, "the archive \(path) does not exist: check the build job's artifact path", path: path)
        }
        var hasher = SHA256Hasher()
        var offset = 0
        do {
            let reader = try fileSystem.openForReading(path)
            while offset < size {
                let chunk = try reader.read(offset: UInt64(offset), count: min(1 << 20, size - offset))
                chunk.withUnsafeBytes { hasher.update($0) }
                offset += chunk.count
            }
        } catch {
            throw ZipError(.unreadableFile, "the archive \(path) cannot be read (\(error)): check its permissions", path: path)
        }
        let entries = try DeploymentArchive(contentsOf: path)
        return SourceFingerprint(
            digest: hasher.finalize(), fileCount: entries.entries.filter { !$0.path.hasSuffix("/") }.count,
            bytes: entries.uncompressedBytes)
    }

    /// The fingerprint of what ``build(entries:to:options:)`` would package from `entries`.
    public static func fingerprint(of entries: [PackageEntry]) throws -> SourceFingerprint {
        var fingerprint = FingerprintHasher()
        for entry in entries.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            try EntryPath.validate(entry.path)
            fingerprint.add(
                kind: "F", path: entry.path, mode: EntryMode.file(path: entry.path, isExecutable: entry.isExecutable),
                size: entry.bytes.count, content: SHA256Hasher.hash(entry.bytes))
        }
        return fingerprint.finish()
    }
}

/// Folds entries into one digest, each framed (kind, path, NUL, mode, size, content digest) so
/// that no two different trees give the same byte stream.
private struct FingerprintHasher {
    var hasher = SHA256Hasher()
    var files = 0
    var bytes = 0

    init() { hasher.update(Array("lambdadeploykit-source-fingerprint 1\n".utf8)) }

    mutating func add(kind: Character, path: String, mode: UInt32, size: Int, content: SHA256Digest?) {
        var frame = Array(String(kind).utf8) + Array(path.utf8) + [0]
        withUnsafeBytes(of: mode.littleEndian) { frame += $0 }
        withUnsafeBytes(of: UInt64(size).littleEndian) { frame += $0 }
        if let content { frame += content.bytes }
        hasher.update(frame)
        if kind == "F" {
            files += 1
            bytes += size
        }
    }

    mutating func finish() -> SourceFingerprint {
        SourceFingerprint(digest: hasher.finalize(), fileCount: files, bytes: bytes)
    }
}
