import DeployZip
import Foundation
import Testing

@Suite("Incremental builds: reusing the previous archive's compressed entries")
struct IncrementalBuildTests {
    /// Small files, a chunked file (4 chunks of 64 KiB), an already-compressed file, a folder.
    func tree() throws -> TemporaryFolder {
        let tree = try TemporaryFolder()
        try tree.write("lambda_function.py", "def lambda_handler(event, context):\n    return 1\n")
        for index in 0..<20 { try tree.write("lib/module\(index).py", String(decoding: prose(3_000 + index, seed: index), as: UTF8.self)) }
        try tree.write("data/big.bin", bytes: prose(300_000, seed: 99))
        try tree.write("data/model.gz", bytes: noise(10_000, seed: 7))
        return tree
    }

    let options = DeploymentPackage.Options(chunkSize: 64 * 1024)

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test("one file changed: every other file entry reused, the output byte-identical to a fresh build, unzip -t clean")
    func oneFileChanged() async throws {
        let tree = try tree()
        let out = try TemporaryFolder()
        let archive = out.path + "/function.zip"
        let first = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        #expect(first.reusedEntries == 0, "nothing to reuse the first time")
        #expect(FileManager.default.fileExists(atPath: archive + ".index"))

        try tree.write("lib/module3.py", "CHANGED = True\n")
        let second = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        #expect(second.reusedEntries == 22, "23 files, one changed")
        let fresh = try await DeploymentPackage.build(from: tree.path, to: out.path + "/fresh.zip", options: options)
        #expect(try bytes(archive) == bytes(out.path + "/fresh.zip"))
        #expect(second.codeSHA256 == fresh.codeSHA256)
        if await tool("unzip") {
            let test = try await run(["unzip", "-t", archive])
            #expect(test.status == 0 && test.output.contains("No errors detected"), "\(test.output)")
        }
        // And again with nothing changed: everything reused, still the same bytes.
        let third = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        #expect(third.reusedEntries == 23 && third.codeSHA256 == fresh.codeSHA256)
    }

    @Test("content decides, not time: a same-size edit with an old mtime is compressed again; a touched file is reused")
    func contentNotTime() async throws {
        let tree = try tree()
        let out = try TemporaryFolder()
        let archive = out.path + "/function.zip"
        _ = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        let edited = tree.path + "/lib/module5.py"
        var content = try bytes(edited)
        let attributes = try FileManager.default.attributesOfItem(atPath: edited)
        content[10] ^= 0x01
        try content.write(to: URL(fileURLWithPath: edited))
        try FileManager.default.setAttributes([.modificationDate: attributes[.modificationDate]!], ofItemAtPath: edited)
        // The large, chunked file: one byte changed in its third chunk, same size.
        var big = try bytes(tree.path + "/data/big.bin")
        big[150_000] ^= 0x01
        try big.write(to: URL(fileURLWithPath: tree.path + "/data/big.bin"))
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: tree.path + "/lib/module6.py")
        let second = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        #expect(second.reusedEntries == 21)
        let fresh = try await DeploymentPackage.build(from: tree.path, to: out.path + "/fresh.zip", options: options)
        #expect(try bytes(archive) == bytes(out.path + "/fresh.zip") && second.codeSHA256 == fresh.codeSHA256)
    }

    @Test("an index that no longer describes the archive, other settings, or no index: nothing reused, the output still right")
    func staleIndex() async throws {
        let tree = try tree()
        let out = try TemporaryFolder()
        let archive = out.path + "/function.zip"
        _ = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        let index = try bytes(archive + ".index")
        // Another zip where the previous one was, with the old index beside it.
        let other = try TemporaryFolder()
        try other.write("lambda_function.py", "print('other')\n")
        _ = try await DeploymentPackage.build(from: other.path, to: archive, options: options)
        try index.write(to: URL(fileURLWithPath: archive + ".index"))
        let fresh = try await DeploymentPackage.build(from: tree.path, to: out.path + "/fresh.zip", options: options)
        let rebuilt = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        #expect(rebuilt.reusedEntries == 0 && rebuilt.codeSHA256 == fresh.codeSHA256)

        var level9 = options
        level9.compressionLevel = 9
        let otherLevel = try await DeploymentPackage.build(from: tree.path, to: out.path + "/nine.zip", options: level9, reusing: archive)
        #expect(otherLevel.reusedEntries == 0)

        try FileManager.default.removeItem(atPath: archive + ".index")
        let noIndex = try await DeploymentPackage.build(from: tree.path, to: out.path + "/again.zip", options: options, reusing: archive)
        #expect(noIndex.reusedEntries == 0 && noIndex.codeSHA256 == fresh.codeSHA256)
        let missing = try await DeploymentPackage.build(
            from: tree.path, to: out.path + "/x.zip", options: options, reusing: out.path + "/none.zip")
        #expect(missing.reusedEntries == 0 && missing.codeSHA256 == fresh.codeSHA256)
    }

    @Test("reused entries copied in runs across block boundaries (stored 100 KB files): byte-identical, one in the middle changed")
    func runsAcrossBlocks() async throws {
        let tree = try TemporaryFolder()
        try tree.write("lambda_function.py", "def lambda_handler(event, context):\n    return 1\n")
        // 30 incompressible files (stored as they are): 3 MB of entries, so ranges pass the copy block size and
        // local headers fall at every position relative to a block's end.
        for index in 0..<30 { try tree.write("assets/part\(index).gz", bytes: noise(100_000 + index * 37, seed: UInt64(index))) }
        for index in 0..<5 { try tree.write("assets/sub\(index)/readme.txt", String(repeating: "folder \(index)\n", count: 50)) }
        let out = try TemporaryFolder()
        let archive = out.path + "/function.zip"
        _ = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        try tree.write("assets/part15.gz", bytes: noise(100_015, seed: 1_000))
        let second = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        #expect(second.reusedEntries == 35, "36 files, one changed")
        let fresh = try await DeploymentPackage.build(from: tree.path, to: out.path + "/fresh.zip", options: options)
        #expect(try bytes(archive) == bytes(out.path + "/fresh.zip"))
        #expect(second.codeSHA256 == fresh.codeSHA256)
    }

    @Test("a new entry time (SOURCE_DATE_EPOCH moved): entries still reused, their headers carry the new time, byte-identical")
    func newEntryTime() async throws {
        let tree = try tree()
        let out = try TemporaryFolder()
        let archive = out.path + "/function.zip"
        var before = options
        before.entryTime = Date(timeIntervalSince1970: 1_700_000_000)
        _ = try await DeploymentPackage.build(from: tree.path, to: archive, options: before, reusing: archive)
        var after = options
        after.entryTime = Date(timeIntervalSince1970: 1_760_000_000)
        let second = try await DeploymentPackage.build(from: tree.path, to: archive, options: after, reusing: archive)
        #expect(second.reusedEntries == 23)
        let fresh = try await DeploymentPackage.build(from: tree.path, to: out.path + "/fresh.zip", options: after)
        #expect(try bytes(archive) == bytes(out.path + "/fresh.zip") && second.codeSHA256 == fresh.codeSHA256)
    }

    @Test("a previous archive whose local header no longer matches its index: refused naming the entry, the archive left as it was")
    func damagedLocalHeader() async throws {
        let tree = try tree()
        let out = try TemporaryFolder()
        let archive = out.path + "/function.zip"
        _ = try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        // The central directory (and so the index) still agrees; the local header's name does not.
        var damaged = try bytes(archive)
        // The name's first occurrence is in the local header (the central directory comes after the data).
        let name = try #require(damaged.range(of: Data("lib/module7.py".utf8)))
        damaged[name.lowerBound + 4] ^= 0x20
        try damaged.write(to: URL(fileURLWithPath: archive))
        let error = await #expect(throws: ZipError.self) {
            try await DeploymentPackage.build(from: tree.path, to: archive, options: options, reusing: archive)
        }
        #expect(error?.code == .corruptArchive && error?.path == "lib/module7.py", "\(String(describing: error))")
        #expect(try bytes(archive) == damaged, "the failed build replaced nothing")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["function.zip", "function.zip.index"])
    }
}
