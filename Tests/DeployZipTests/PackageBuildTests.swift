import DeployZip
import Foundation
import Testing
import ZIPFoundation

@Suite("Building packages, read back by peers")
struct PackageBuildTests {
    /// The seed's build job, and a bit more: a handler, a module in a folder, an executable, a
    /// pre-compressed file, a large file split into chunks, an empty file, a non-ASCII name.
    func sampleTree() throws -> TemporaryFolder {
        let tree = try TemporaryFolder()
        try tree.write(
            "lambda_function.py",
            """
            import json

            def lambda_handler(event, context):
                return {"statusCode": 200, "body": json.dumps({"message": "Your function executed successfully!"})}
            """)
        try tree.write("lib/util.py", String(decoding: prose(20_000), as: UTF8.self))
        try tree.write("bin/tool", "#!/bin/sh\necho hi\n", permissions: 0o700)
        try tree.write("data/model.json.gz", bytes: noise(5_000, seed: 1))
        try tree.write("data/big.txt", bytes: prose(3_000_000, seed: 3))
        try tree.write("data/empty.txt", "")
        try tree.write("docs/naïve résumé.txt", "unicode")
        return tree
    }

    func build(
        _ tree: TemporaryFolder, _ options: DeploymentPackage.Options = .init(chunkSize: 256 * 1024)
    ) async throws -> (TemporaryFolder, DeploymentPackage.Summary) {
        let output = try TemporaryFolder()
        let summary = try await DeploymentPackage.build(from: tree.path, to: output.path + "/function.zip", options: options)
        return (output, summary)
    }

    @Test("unzip -t and zipinfo accept the archive, with normalised modes")
    func unzipAndZipinfo() async throws {
        let hasUnzip = await tool("unzip")
        let hasZipinfo = await tool("zipinfo")
        try #require(hasUnzip && hasZipinfo, "unzip is needed (apt install unzip)")
        let (output, summary) = try await build(sampleTree())
        let zip = output.path + "/function.zip"
        let test = try await run(["unzip", "-t", zip])
        #expect(test.status == 0, "\(test.output)")
        #expect(test.output.contains("No errors detected"))
        let listing = try await run(["zipinfo", zip]).output
        #expect(listing.contains("-rwxr-xr-x") && listing.contains("bin/tool"))
        #expect(listing.contains("-rw-r--r--") && listing.contains("lambda_function.py"))
        #expect(listing.contains("drwxr-xr-x") && listing.contains("lib/"))
        #expect(listing.contains("80-Jan-01 00:00"), "the fixed 1980 timestamp")
        #expect(summary.entryCount == 11, "7 files and 4 folders")
    }

    @Test("Python's zipfile: testzip() passes, external attributes and methods are as documented")
    func pythonZipfile() async throws {
        let (output, summary) = try await build(sampleTree())
        let script = """
            import zipfile, sys, json
            z = zipfile.ZipFile(sys.argv[1])
            bad = z.testzip()
            entries = {i.filename: [i.external_attr >> 16, i.compress_type, i.create_system, len(i.extra)] for i in z.infolist()}
            print(json.dumps({"bad": bad, "entries": entries}))
            """
        let result = try await run(["python3", "-c", script, output.path + "/function.zip"])
        #expect(result.status == 0, "\(result.output)")
        struct Report: Decodable {
            var bad: String?
            var entries: [String: [Int]]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.output.utf8))
        #expect(report.bad == nil)
        #expect(report.entries["lambda_function.py"] == [0o100644, 8, 3, 0])
        #expect(report.entries["bin/tool"] == [0o100755, 0, 3, 0], "18 bytes that deflate cannot shrink are stored")
        #expect(report.entries["lib/"] == [0o040755, 0, 3, 0])
        #expect(report.entries["data/model.json.gz"]?[1] == 0, "already-compressed files are stored")
        #expect(report.entries["data/big.txt"]?[1] == 8, "the chunked file is deflated")
        #expect(report.entries["docs/naïve résumé.txt"] != nil, "UTF-8 names")
        #expect(summary.codeSHA256.count == 44)
    }

    @Test("ZIPFoundation reads every entry back byte for byte")
    func zipFoundation() async throws {
        let tree = try sampleTree()
        let (output, _) = try await build(tree)
        let archive = try Archive(url: URL(fileURLWithPath: output.path + "/function.zip"), accessMode: .read)
        var files = 0
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            #expect(Array(data) == (try tree.bytes(entry.path)), "\(entry.path)")
            files += 1
        }
        #expect(files == 7)
    }

    @Test("our own reader verifies it, and the CodeSha256 is the archive's base64 SHA-256")
    func ownReader() async throws {
        let tree = try sampleTree()
        let (output, summary) = try await build(tree)
        let zip = output.path + "/function.zip"
        let archive = try DeploymentArchive(contentsOf: zip)
        try archive.verify()
        #expect(archive.entries.count == summary.entryCount)
        #expect(archive.uncompressedBytes == summary.uncompressedBytes)
        let openssl = try await run(["sh", "-c", "openssl dgst -sha256 -binary '\(zip)' | base64"])
        #expect(openssl.output.trimmingCharacters(in: .whitespacesAndNewlines) == summary.codeSHA256)
        #expect(try archive.contents(of: "data/big.txt") == (try tree.bytes("data/big.txt")))
    }

    @Test("a serial build and a parallel build give the same bytes")
    func serialEqualsParallel() async throws {
        let tree = try sampleTree()
        let (serial, _) = try await build(tree, .init(concurrency: 1, chunkSize: 256 * 1024))
        let (parallel, _) = try await build(tree, .init(concurrency: 8, chunkSize: 256 * 1024))
        #expect(try serial.bytes("function.zip") == parallel.bytes("function.zip"))
    }

    @Test("files that deflate does not shrink are stored, whole or chunked")
    func incompressible() async throws {
        let tree = try TemporaryFolder()
        try tree.write("random.bin", bytes: noise(40_000, seed: 7))
        try tree.write("random-large.bin", bytes: noise(700_000, seed: 8))
        let (output, _) = try await build(tree, .init(chunkSize: 128 * 1024))
        let archive = try DeploymentArchive(contentsOf: output.path + "/function.zip")
        try archive.verify()
        #expect(archive.entries.allSatisfy { $0.method == 0 })
        #expect(try archive.contents(of: "random-large.bin") == (try tree.bytes("random-large.bin")))
    }

    @Test("in-memory entries: bootstrap is always executable, folders are added")
    func inMemory() async throws {
        let output = try TemporaryFolder()
        let summary = try await DeploymentPackage.build(
            entries: [
                PackageEntry(path: "bootstrap", text: "#!/bin/sh\nexec ./app\n"),
                PackageEntry(path: "app", bytes: prose(10_000), isExecutable: true),
                PackageEntry(path: "config/settings.json", text: #"{"a":1}"#),
            ],
            to: output.path + "/custom.zip"
        )
        let archive = try DeploymentArchive(contentsOf: output.path + "/custom.zip")
        #expect(archive.entries.map(\.path) == ["app", "bootstrap", "config/", "config/settings.json"])
        #expect(archive.entries.first { $0.path == "bootstrap" }?.permissions == 0o755)
        #expect(archive.entries.first { $0.path == "config/settings.json" }?.permissions == 0o644)
        #expect(try archive.checkLambdaRules().isEmpty)
        #expect(summary.entryCount == 4)
    }
}
