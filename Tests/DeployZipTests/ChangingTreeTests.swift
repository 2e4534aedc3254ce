import DeployZip
import Foundation
import Testing

/// The local disk, with a change made to the tree just before a chosen file is read: what another
/// process (or an attacker) does between the scan and the read.
final class TamperingFileSystem: ArchiveFileSystem, @unchecked Sendable {
    let base = LocalArchiveFileSystem()
    let target: String
    let change: (_ absolutePath: String, _ readNumber: Int) throws -> Void
    private let lock = NSLock()
    private var reads = 0

    /// Calls `change` before each read of the file named `target`, with the read's number (1 first).
    init(target: String, change: @escaping (_ absolutePath: String, _ readNumber: Int) throws -> Void) {
        self.target = target
        self.change = change
    }

    private func tamper(_ path: String) throws {
        guard (path as NSString).lastPathComponent == target else { return }
        try lock.withLock {
            reads += 1
            try change(path, reads)
        }
    }

    func read(_ path: String, offset: UInt64, count: Int) throws -> [UInt8] {
        try tamper(path)
        return try base.read(path, offset: offset, count: count)
    }

    func read(source path: String, expecting identity: SourceFileIdentity, offset: UInt64, count: Int) throws -> [UInt8] {
        try tamper(path)
        return try base.read(source: path, expecting: identity, offset: offset, count: count)
    }

    func createTemporaryFile(in folder: String, named hint: String) throws -> any ArchiveFile {
        try base.createTemporaryFile(in: folder, named: hint)
    }
    func rename(_ source: String, to destination: String) throws { try base.rename(source, to: destination) }
    func remove(_ path: String) { base.remove(path) }
    func isFolder(_ path: String) -> Bool { base.isFolder(path) }
}

@Suite("A tree that changes while it is packaged: refused, the destination untouched")
struct ChangingTreeTests {
    let outside: TemporaryFolder
    let source: TemporaryFolder

    init() throws {
        outside = try TemporaryFolder()
        try outside.write("secret.txt", "TOP-SECRET-OUTSIDE-THE-TREE!!!!")
        try outside.write("lib/data.txt", "TOP-SECRET-OUTSIDE-THE-TREE!!!!")
        source = try TemporaryFolder()
        try source.write("lambda_function.py", "def lambda_handler(e, c): return 1\n")
        try source.write("data.txt", "ordinary data of the same size!")
        try source.write("lib/data.txt", "ordinary data of the same size!")
    }

    /// Builds through `fileSystem`; the error, after checking that the previous artifact is intact
    /// and nothing from outside the tree was written anywhere.
    func refusal(_ fileSystem: TamperingFileSystem, chunkSize: Int = 256 * 1024) async throws -> ZipError {
        let output = try TemporaryFolder()
        let destination = output.path + "/function.zip"
        try output.write("function.zip", "previous artifact")
        let error = try await #require(throws: ZipError.self) {
            _ = try await DeploymentPackage.build(
                from: source.path, to: destination, options: .init(chunkSize: chunkSize, fileSystem: fileSystem))
        }
        #expect(try output.bytes("function.zip") == Array("previous artifact".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["function.zip"])
        return error
    }

    @Test("a scanned file swapped for a link to a file outside the tree before it is read")
    func fileSwappedForLink() async throws {
        let secret = outside.path + "/secret.txt"
        let error = try await refusal(
            TamperingFileSystem(target: "data.txt") { path, number in
                guard number == 1, !path.contains("/lib/") else { return }
                try FileManager.default.removeItem(atPath: path)
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: secret)
            })
        #expect(error.code == .fileChangedDuringBuild)
        #expect(error.path == "data.txt")
        #expect(error.message.contains("data.txt") && error.message.contains("changed"), "\(error)")
    }

    @Test("a scanned folder swapped for a link to a folder outside the tree (the file's last component is no link)")
    func folderSwappedForLink() async throws {
        let elsewhere = outside.path + "/lib"
        let error = try await refusal(
            TamperingFileSystem(target: "data.txt") { path, _ in
                guard path.hasSuffix("/lib/data.txt"), !FileManager.default.fileExists(atPath: path + ".moved") else { return }
                let folder = (path as NSString).deletingLastPathComponent
                guard (try? FileManager.default.destinationOfSymbolicLink(atPath: folder)) == nil else { return }
                try FileManager.default.moveItem(atPath: folder, toPath: folder + ".old")
                try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: elsewhere)
            })
        #expect(error.code == .fileChangedDuringBuild)
        #expect(error.path == "lib/data.txt")
    }

    @Test("a file that grows after the scan is refused, not cut to its scanned size")
    func fileGrows() async throws {
        let error = try await refusal(
            TamperingFileSystem(target: "data.txt") { path, number in
                guard number == 1 else { return }
                let handle = try #require(FileHandle(forWritingAtPath: path))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("and more".utf8))
                try handle.close()
            })
        #expect(error.code == .fileChangedDuringBuild)
    }

    @Test("a file rewritten in place with the same size after the scan")
    func fileRewrittenSameSize() async throws {
        let error = try await refusal(
            TamperingFileSystem(target: "data.txt") { path, number in
                guard number == 1 else { return }
                try Data("TOP-SECRET-OUTSIDE-THE-TREE!!!!".utf8).write(to: URL(fileURLWithPath: path))
                try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: path)
            })
        #expect(error.code == .fileChangedDuringBuild)
    }

    @Test("a large file changed between the reads of its chunks (it would be stored with a CRC of other bytes)")
    func chunkedFileChangesBetweenChunks() async throws {
        try source.write("model.bin", bytes: noise(5 * 64 * 1024, seed: 7))
        let error = try await refusal(
            TamperingFileSystem(target: "model.bin") { path, number in
                guard number == 3 else { return }
                let handle = try #require(FileHandle(forWritingAtPath: path))
                try handle.write(contentsOf: Data(noise(5 * 64 * 1024, seed: 8)))
                try handle.close()
                try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: path)
            },
            chunkSize: 64 * 1024)
        #expect(error.code == .fileChangedDuringBuild)
        #expect(error.path == "model.bin")
    }

    @Test("a scanned file swapped for a FIFO: refused at once, the open does not wait for a writer")
    func fileSwappedForFIFO() async throws {
        let error = try await refusal(
            TamperingFileSystem(target: "data.txt") { path, number in
                guard number == 1, !path.contains("/lib/") else { return }
                try FileManager.default.removeItem(atPath: path)
                #expect(mkfifo(path, 0o644) == 0)
            })
        #expect(error.code == .fileChangedDuringBuild && error.path == "data.txt", "\(error)")
        #expect(error.message.contains("no longer a regular file"), "\(error)")
    }

    @Test("an unchanged tree builds through the same file system, byte for byte as on the plain disk")
    func unchangedTree() async throws {
        let output = try TemporaryFolder()
        let plain = try await DeploymentPackage.build(from: source.path, to: output.path + "/a.zip")
        let watched = try await DeploymentPackage.build(
            from: source.path, to: output.path + "/b.zip", options: .init(fileSystem: TamperingFileSystem(target: "data.txt") { _, _ in }))
        #expect(plain.codeSHA256 == watched.codeSHA256)
    }
}
