import DeployZip
import Foundation
import Testing

@Suite("An archive prefix: a layer's files under python/ or nodejs/node_modules/")
struct ArchivePrefixTests {
    @Test("every file and folder under the prefix, its folders first, patterns matched inside the source; unzip -t and Python agree")
    func underPrefix() async throws {
        let tree = try TemporaryFolder()
        try tree.write("requests/__init__.py", "VERSION = 1\n")
        try tree.write("requests/api.py", "def get(): pass\n")
        try tree.write("requests/tests/test_api.py", "assert True\n")
        try tree.write("six.py", "PY3 = True\n")
        let output = try TemporaryFolder()
        var options = DeploymentPackage.Options(patterns: ["!**/tests/**"])
        options.archivePrefix = "nodejs/node_modules"
        let summary = try await DeploymentPackage.build(from: tree.path, to: output.path + "/layer.zip", options: options)
        let paths = try DeploymentArchive(contentsOf: output.path + "/layer.zip").entries.map(\.path)
        #expect(
            paths == [
                "nodejs/", "nodejs/node_modules/", "nodejs/node_modules/requests/", "nodejs/node_modules/requests/__init__.py",
                "nodejs/node_modules/requests/api.py", "nodejs/node_modules/six.py",
            ])
        #expect(summary.entryCount == paths.count)
        if await tool("unzip") {
            let test = try await run(["unzip", "-t", output.path + "/layer.zip"])
            #expect(test.status == 0 && test.output.contains("No errors detected"), "\(test.output)")
        }
        let listing = try await run([
            "python3", "-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.namelist())",
            output.path + "/layer.zip",
        ])
        #expect(listing.status == 0 && listing.output.contains("'nodejs/node_modules/six.py'"), "\(listing.output)")
    }

    @Test("the same files under a prefix build the same bytes every time")
    func reproducible() async throws {
        let tree = try TemporaryFolder()
        try tree.write("numpy/core.py", String(repeating: "x = 1\n", count: 1000))
        var options = DeploymentPackage.Options()
        options.archivePrefix = "python/"
        let output = try TemporaryFolder()
        let first = try await DeploymentPackage.build(from: tree.path, to: output.path + "/a.zip", options: options)
        let second = try await DeploymentPackage.build(from: tree.path, to: output.path + "/b.zip", options: options)
        #expect(first.codeSHA256 == second.codeSHA256)
    }

    @Test(
        "a prefix that is absolute, climbs out or has empty folders is refused", arguments: ["/python", "../python", "python//lib", "./x"])
    func unsafePrefix(_ prefix: String) async throws {
        let tree = try TemporaryFolder()
        try tree.write("a.py", "")
        var options = DeploymentPackage.Options()
        options.archivePrefix = prefix
        let output = try TemporaryFolder()
        let error = await #expect(throws: ZipError.self) {
            _ = try await DeploymentPackage.build(from: tree.path, to: output.path + "/a.zip", options: options)
        }
        #expect(error?.code == .unsafePath)
    }
}
