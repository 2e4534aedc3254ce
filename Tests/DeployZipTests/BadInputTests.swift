import DeployZip
import Foundation
import Testing

/// The local disk, but failing on purpose: writes past a byte budget fail as a full disk would,
/// and reads of chosen files fail as unreadable ones would.
final class FailingFileSystem: ArchiveFileSystem {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let base = LocalArchiveFileSystem()
    let writeBudget: Int?
    let unreadable: Set<String>

    init(writeBudget: Int? = nil, unreadable: Set<String> = []) {
        self.writeBudget = writeBudget
        self.unreadable = unreadable
    }

    func createTemporaryFile(in folder: String, named hint: String) throws -> any ArchiveFile {
        FailingFile(base: try base.createTemporaryFile(in: folder, named: hint), budget: writeBudget)
    }

    func read(_ path: String, offset: UInt64, count: Int) throws -> [UInt8] {
        if unreadable.contains((path as NSString).lastPathComponent) { throw Failure(description: "Permission denied") }
        return try base.read(path, offset: offset, count: count)
    }

    func rename(_ source: String, to destination: String) throws { try base.rename(source, to: destination) }
    func remove(_ path: String) { base.remove(path) }
    func isFolder(_ path: String) -> Bool { base.isFolder(path) }
}

final class FailingFile: ArchiveFile {
    let base: any ArchiveFile
    var remaining: Int?

    init(base: any ArchiveFile, budget: Int?) {
        self.base = base
        self.remaining = budget
    }

    var path: String { base.path }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        if let left = remaining {
            guard bytes.count <= left else { throw FailingFileSystem.Failure(description: "No space left on device") }
            remaining = left - bytes.count
        }
        try base.append(bytes)
    }

    func overwrite(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws { try base.overwrite(bytes, at: offset) }
    func truncate(to length: UInt64) throws { try base.truncate(to: length) }
    func close(synchronize: Bool) throws { try base.close(synchronize: synchronize) }
}

@Suite("Bad inputs leave the destination untouched")
struct BadInputTests {
    func tree() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        try folder.write("lambda_function.py", "def lambda_handler(e, c): return 1\n")
        try folder.write("big.txt", bytes: prose(3_000_000))
        try folder.write("secret.txt", "x")
        return folder
    }

    /// A destination holding the previous artifact; checks that it is unchanged and that no
    /// temporary file is left beside it.
    func expectUntouched(_ output: TemporaryFolder, _ body: (String) async throws -> Void) async throws -> ZipError {
        let destination = output.path + "/function.zip"
        try output.write("function.zip", "previous artifact")
        let error = try await #require(throws: ZipError.self) { try await body(destination) }
        #expect(try output.bytes("function.zip") == Array("previous artifact".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["function.zip"])
        return error
    }

    @Test("a disk that fills up mid-write", arguments: [0.0, 0.1, 0.5, 0.99])
    func diskFull(_ fraction: Double) async throws {
        let source = try tree()
        let reference = try TemporaryFolder()
        let full = try await DeploymentPackage.build(
            from: source.path, to: reference.path + "/f.zip", options: .init(chunkSize: 256 * 1024))
        let budget = Int(Double(full.archiveBytes) * fraction)
        let error = try await expectUntouched(try TemporaryFolder()) { destination in
            _ = try await DeploymentPackage.build(
                from: source.path, to: destination,
                options: .init(chunkSize: 256 * 1024, fileSystem: FailingFileSystem(writeBudget: budget))
            )
        }
        #expect(error.code == .writeFailed)
        #expect(error.message.contains("No space left on device"))
    }

    @Test("a 70,000-byte entry path is a typed error, not a trap; the destination is untouched")
    func pathTooLong() async throws {
        let error = try await expectUntouched(try TemporaryFolder()) { destination in
            _ = try await DeploymentPackage.build(
                entries: [PackageEntry(path: String(repeating: "a", count: 70_000), text: "x")], to: destination)
        }
        #expect(error.code == .pathTooLong)
        #expect(error.message.contains("70000 bytes") && error.message.contains("65535"))
    }

    @Test("the artifact's mode follows the umask (0644 under 022, 0600 under 077), as any new file's", arguments: [0o022, 0o077, 0o027])
    func artifactModeFollowsUmask(_ umask: Int) async throws {
        let output = try TemporaryFolder()
        _ = try await DeploymentPackage.build(
            entries: [PackageEntry(path: "lambda_function.py", text: "x = 1\n")], to: output.path + "/f.zip",
            options: .init(fileSystem: LocalArchiveFileSystem(umask: mode_t(umask))))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: output.path + "/f.zip")[.posixPermissions] as? Int)
        #expect(mode == 0o666 & ~umask, "mode \(String(mode, radix: 8)) under umask \(String(umask, radix: 8))")
    }

    @Test("an unreadable file")
    func unreadable() async throws {
        let source = try tree()
        let error = try await expectUntouched(try TemporaryFolder()) { destination in
            _ = try await DeploymentPackage.build(
                from: source.path, to: destination, options: .init(fileSystem: FailingFileSystem(unreadable: ["secret.txt"])))
        }
        #expect(error.code == .unreadableFile)
        #expect(error.path == "secret.txt")
        #expect(error.message.contains("Permission denied"))
    }

    @Test("a file that is really unreadable (not as root, which reads everything)", .enabled(if: geteuid() != 0))
    func reallyUnreadable() async throws {
        let source = try tree()
        chmod(source.path + "/secret.txt", 0)
        let error = try await expectUntouched(try TemporaryFolder()) { destination in
            _ = try await DeploymentPackage.build(from: source.path, to: destination)
        }
        #expect(error.code == .unreadableFile)
    }

    @Test("the destination folder is missing, or the source is")
    func missingFolders() async throws {
        let source = try tree()
        let missing = try await #require(throws: ZipError.self) {
            try await DeploymentPackage.build(from: source.path, to: "/nonexistent-\(UUID())/function.zip")
        }
        #expect(missing.code == .destinationFolderMissing)
        let output = try TemporaryFolder()
        let noSource = try await #require(throws: ZipError.self) {
            try await DeploymentPackage.build(from: "/nonexistent-\(UUID())", to: output.path + "/f.zip")
        }
        #expect(noSource.code == .sourceNotFound)
    }

    @Test("the handler's file missing from the package")
    func handlerMissing() async throws {
        let source = try tree()
        let error = try await expectUntouched(try TemporaryFolder()) { destination in
            _ = try await DeploymentPackage.build(
                from: source.path, to: destination, options: .init(handler: "app.handler", runtime: "python3.12"))
        }
        #expect(error.code == .handlerMissing)
        #expect(error.message.contains("app.py"))
        let output = try TemporaryFolder()
        _ = try await DeploymentPackage.build(
            from: source.path, to: output.path + "/ok.zip", options: .init(handler: "lambda_function.lambda_handler", runtime: "python3.12")
        )
    }

    @Test("more than 250 MB unzipped (a sparse file: nothing is read)")
    func unzippedLimit() async throws {
        let source = try tree()
        let huge = source.path + "/huge.bin"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        #expect(truncate(huge, 262_144_001) == 0)
        let error = try await expectUntouched(try TemporaryFolder()) { destination in
            _ = try await DeploymentPackage.build(from: source.path, to: destination)
        }
        #expect(error.code == .unzippedSizeLimit)
        #expect(error.message.contains("262,144,000"))
    }

    @Test("more than 65,535 entries")
    func tooManyEntries() async throws {
        let entries = (0..<65_536).map { PackageEntry(path: "f\($0)", bytes: [1]) }
        let error = try await expectUntouched(try TemporaryFolder()) { destination in
            _ = try await DeploymentPackage.build(entries: entries, to: destination)
        }
        #expect(error.code == .tooLarge)
    }

    @Test("unsafe or duplicate in-memory paths", arguments: ["/etc/passwd", "../evil.py", "a/../../evil", "dir\\file.py", ""])
    func unsafePaths(_ path: String) async throws {
        let error = try await expectUntouched(try TemporaryFolder()) { destination in
            _ = try await DeploymentPackage.build(entries: [PackageEntry(path: path, text: "x")], to: destination)
        }
        #expect(error.code == .unsafePath)
    }

    @Test("over the direct-upload limit is a warning, not an error")
    func directUploadWarning() async throws {
        let output = try TemporaryFolder()
        let summary = try await DeploymentPackage.build(
            entries: [PackageEntry(path: "layer.zip", bytes: noise(52_500_000, seed: 9))],
            to: output.path + "/big.zip",
            options: .init(synchronizesToDisk: false)
        )
        #expect(summary.warnings.map(\.kind) == [.directUploadLimit])
        #expect(summary.warnings[0].message.contains("52,428,800"))
    }
}
