import Foundation
import Testing

@testable import DeployZip

@Suite("Source fingerprints: what the package would hold, hashed without building it")
struct SourceFingerprintTests {
    func tree() throws -> TemporaryFolder {
        let tree = try TemporaryFolder()
        try tree.write("lambda_function.py", "def lambda_handler(event, context):\n    return 1\n")
        for index in 0..<12 { try tree.write("lib/module\(index).py", String(decoding: prose(2_000 + index, seed: index), as: UTF8.self)) }
        try tree.write("data/big.bin", bytes: noise(3_000_000, seed: 5))
        try tree.write("tests/test_handler.py", "assert True\n")
        return tree
    }

    let options = DeploymentPackage.Options(patterns: ["!tests/**"])

    /// The fingerprint and the built package's `CodeSha256`, side by side.
    func both(_ tree: TemporaryFolder, _ options: DeploymentPackage.Options) async throws -> (SourceFingerprint, String) {
        let out = try TemporaryFolder()
        let summary = try await DeploymentPackage.build(from: tree.path, to: out.path + "/function.zip", options: options)
        return (try DeploymentPackage.fingerprint(of: tree.path, options: options), summary.codeSHA256)
    }

    @Test(
        "it changes exactly when the built package's bytes change: content, a new file, a mode, a removal; not for excluded files or times")
    func followsThePackage() async throws {
        let tree = try tree()
        var (fingerprint, code) = try await both(tree, options)
        #expect(fingerprint.fileCount == 14)
        #expect(fingerprint.bytes == 3_000_000 + (0..<12).reduce(0) { $0 + 2_000 + $1 } + 49)

        /// Applies `change`, and expects the fingerprint and the package to change together (or not at all).
        func expect(_ what: String, changes: Bool, _ change: () throws -> Void) async throws {
            try change()
            let (next, nextCode) = try await both(tree, options)
            #expect((next != fingerprint) == changes, "\(what): fingerprint")
            #expect((nextCode != code) == changes, "\(what): package")
            (fingerprint, code) = (next, nextCode)
        }
        try await expect("a test file (excluded by the patterns)", changes: false) { try tree.write("tests/test_handler.py", "assert 1\n") }
        try await expect("times only", changes: false) {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: tree.path + "/lib/module1.py")
        }
        try await expect("one byte of the large file", changes: true) {
            var bytes = try tree.bytes("data/big.bin")
            bytes[2_999_999] ^= 1
            try tree.write("data/big.bin", bytes: bytes)
        }
        try await expect("a new file", changes: true) { try tree.write("lib/extra.py", "X = 1\n") }
        try await expect("a file made executable", changes: true) {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tree.path + "/lib/extra.py")
        }
        try await expect("a file renamed", changes: true) {
            try FileManager.default.moveItem(atPath: tree.path + "/lib/extra.py", toPath: tree.path + "/lib/extra2.py")
        }
        try await expect("a file removed", changes: true) { try FileManager.default.removeItem(atPath: tree.path + "/lib/extra2.py") }
    }

    @Test("the same files in another folder, written in another order, give the same fingerprint")
    func independentOfPlaceAndOrder() throws {
        let first = try tree()
        let second = try TemporaryFolder()
        try second.write("data/big.bin", bytes: noise(3_000_000, seed: 5))
        for index in (0..<12).reversed() {
            try second.write("lib/module\(index).py", String(decoding: prose(2_000 + index, seed: index), as: UTF8.self))
        }
        try second.write("lambda_function.py", "def lambda_handler(event, context):\n    return 1\n")
        #expect(
            try DeploymentPackage.fingerprint(of: first.path, options: options)
                == DeploymentPackage.fingerprint(of: second.path, options: options))
        // Without the patterns, the test file counts.
        #expect(try DeploymentPackage.fingerprint(of: first.path) != DeploymentPackage.fingerprint(of: second.path))
    }

    @Test("a zip built elsewhere is fingerprinted by its bytes: Lambda's CodeSha256")
    func archive() async throws {
        let tree = try tree()
        let out = try TemporaryFolder()
        let summary = try await DeploymentPackage.build(from: tree.path, to: out.path + "/function.zip", options: options)
        let fingerprint = try DeploymentPackage.fingerprint(ofArchive: out.path + "/function.zip")
        #expect(fingerprint.digest.base64String == summary.codeSHA256)
        #expect(fingerprint.bytes == summary.uncompressedBytes && fingerprint.fileCount == 14)
        #expect(throws: ZipError.self) { try DeploymentPackage.fingerprint(ofArchive: out.path + "/missing.zip") }
    }

    @Test("entries: the order given does not matter, the bytes and the executable bit do")
    func entries() throws {
        let a = PackageEntry(path: "a.py", bytes: Array("A".utf8))
        let b = PackageEntry(path: "lib/b.py", bytes: Array("B".utf8))
        #expect(try DeploymentPackage.fingerprint(of: [a, b]) == DeploymentPackage.fingerprint(of: [b, a]))
        #expect(
            try DeploymentPackage.fingerprint(of: [a, b])
                != DeploymentPackage.fingerprint(of: [a, PackageEntry(path: "lib/b.py", bytes: [66, 10])]))
        #expect(
            try DeploymentPackage.fingerprint(of: [a, b])
                != DeploymentPackage.fingerprint(of: [a, PackageEntry(path: "lib/b.py", bytes: Array("B".utf8), isExecutable: true)]))
        #expect(throws: ZipError.self) { try DeploymentPackage.fingerprint(of: [PackageEntry(path: "../escape.py", bytes: [])]) }
    }

    @Test("a link leaving the tree is refused as the build refuses it")
    func escapingLink() throws {
        let tree = try tree()
        try tree.link("lib/outside", to: "/etc/passwd")
        #expect(throws: ZipError.self) { try DeploymentPackage.fingerprint(of: tree.path, options: options) }
    }
}

@Suite("Fingerprint cache: files read again only when their stat changed")
struct FingerprintCacheTests {
    @Test("a recorded file is not read again (a doctored record shows it), a rewritten one is; the cache survives a reload")
    func skipsUnchangedFiles() throws {
        let tree = try TemporaryFolder()
        try tree.write("app.py", "def handler(e, c): pass\n")
        try tree.write("lib/big.bin", bytes: noise(500_000, seed: 3))
        let store = try TemporaryFolder()
        let path = store.path + "/cache"
        let later: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1e9) + 10_000_000_000 }
        let fresh = try DeploymentPackage.fingerprint(of: tree.path)
        let cache = FingerprintCache(path: path, now: later)
        #expect(try DeploymentPackage.fingerprint(of: tree.path, cache: cache) == fresh)
        try cache.save()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 3, "a header and two files")
        // Every file a hit: nothing to write (a rewrite would rename a new file, with a new inode, into place).
        let inode = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        let reloaded = FingerprintCache(path: path, now: later)
        #expect(try DeploymentPackage.fingerprint(of: tree.path, cache: reloaded) == fresh)
        try reloaded.save()
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == inode)
        // Doctor big.bin's digest: a cache hit uses it, so the fingerprint changes without any file changing.
        let doctored = text.split(separator: "\n").map { line -> String in
            guard line.hasSuffix("/lib/big.bin") else { return String(line) }
            var fields = line.split(separator: " ").map(String.init)
            fields[5] = String(repeating: "0", count: 64)
            return fields.joined(separator: " ")
        }
        try (doctored.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try DeploymentPackage.fingerprint(of: tree.path, cache: FingerprintCache(path: path, now: later)) != fresh)
        // Rewriting the file (same bytes) changes its status-change time: read again, right again.
        try tree.write("lib/big.bin", bytes: noise(500_000, seed: 3))
        #expect(try DeploymentPackage.fingerprint(of: tree.path, cache: FingerprintCache(path: path, now: later)) == fresh)
    }

    @Test("files changed in the last two seconds are not recorded (nothing is written); an unreadable cache file reads everything")
    func racyAndBroken() throws {
        let tree = try TemporaryFolder()
        try tree.write("app.py", "X = 1\n")
        let store = try TemporaryFolder()
        let cache = FingerprintCache(path: store.path + "/cache")
        _ = try DeploymentPackage.fingerprint(of: tree.path, cache: cache)
        try cache.save()
        #expect(!FileManager.default.fileExists(atPath: store.path + "/cache"), "nothing recorded, nothing written")
        try "garbage\nmore".write(toFile: store.path + "/broken", atomically: true, encoding: .utf8)
        #expect(
            try DeploymentPackage.fingerprint(of: tree.path, cache: FingerprintCache(path: store.path + "/broken"))
                == DeploymentPackage.fingerprint(of: tree.path))
    }
}
