import DeployHashing
import Foundation
import Testing

@testable import DeployZip

@Suite("Reused entries copied as ranges of the previous archive")
struct ReusedRangeTests {
    @Test("every entry copied in blocks of 100 B to 4 KiB (headers at every position against a block's end): the same bytes")
    func smallBlocks() async throws {
        let tree = try TemporaryFolder()
        try tree.write("lambda_function.py", "def lambda_handler(event, context):\n    return 1\n")
        for index in 0..<40 {
            try tree.write("lib/pkg\(index % 4)/module\(index).py", String(decoding: prose(200 + index * 53, seed: index), as: UTF8.self))
        }
        let out = try TemporaryFolder()
        let archive = out.path + "/function.zip"
        let options = DeploymentPackage.Options(chunkSize: 64 * 1024, entryTime: Date(timeIntervalSince1970: 1_700_000_000))
        _ = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        let fileSystem = LocalArchiveFileSystem()
        let index = try #require(PreviousArchive(path: archive, options: options).load(fileSystem: fileSystem))
        let entries = try DeploymentArchive(contentsOf: archive).entries
        let original = try Data(contentsOf: URL(fileURLWithPath: archive))
        // The local reader (one `pread` into the writer's buffer) and the protocol's default (a read, then a copy).
        let readers: [any ArchiveReader] = [try fileSystem.openForReading(archive), PathReader(fileSystem: fileSystem, path: archive)]
        for blockSize in [100, 157, 257, 1_000, 4_096] {
            let file = try fileSystem.createTemporaryFile(in: out.path, named: "copy.zip")
            let writer = ArchiveWriter(file: file, fileSystem: fileSystem, entryTime: options.entryTime!)
            writer.copyBlockSize = blockSize
            let reader = readers[blockSize % 2]
            for entry in entries {
                if let record = index.records[entry.path] {
                    try writer.appendReused(path: entry.path, mode: entry.mode, record: record, from: reader)
                } else {
                    try writer.appendReusedFolder(
                        path: entry.path, mode: entry.mode, at: try #require(index.folders[entry.path]), from: reader)
                }
            }
            try writer.finish()
            try file.close(synchronize: false)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == original, "blocks of \(blockSize) bytes")
            #expect(writer.digest() == SHA256Hasher.hash([UInt8](original)), "blocks of \(blockSize) bytes")
        }
    }
}
