import DeployZip
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Reproducibility")
struct ReproducibilityTests {
    static let files: [(String, String)] = [
        ("lambda_function.py", "def lambda_handler(event, context):\n    return {'statusCode': 200}\n"),
        ("pkg/__init__.py", ""), ("pkg/a.py", "A = 1\n"), ("pkg/b.py", "B = 2\n"), ("pkg-extra/c.py", "C = 3\n"),
        ("z/last.txt", "z"), ("a b/space.txt", "space"), ("Upper.txt", "U"),
    ]

    func tree(order: [Int], permissions: Int, mtime: Date) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for index in order {
            let (path, text) = Self.files[index]
            try folder.write(path, text, permissions: permissions)
            try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: folder.path + "/" + path)
        }
        return folder
    }

    func zipBytes(_ folder: TemporaryFolder, options: DeploymentPackage.Options = .init()) async throws -> (bytes: [UInt8], sha: String) {
        let output = try TemporaryFolder()
        let summary = try await DeploymentPackage.build(from: folder.path, to: output.path + "/out.zip", options: options)
        return (try output.bytes("out.zip"), summary.codeSHA256)
    }

    @Test("the same tree gives the same bytes whatever the mtimes, creation order, umask-like modes and time zone")
    func sameBytes() async throws {
        let first = try await zipBytes(
            tree(order: Array(0..<Self.files.count), permissions: 0o644, mtime: Date(timeIntervalSince1970: 1_000_000_000)))
        let touched = try await zipBytes(tree(order: Array((0..<Self.files.count).reversed()), permissions: 0o600, mtime: Date()))
        setenv("TZ", "Pacific/Chatham", 1)
        tzset()
        let otherZone = try await zipBytes(
            tree(order: [3, 1, 7, 0, 5, 2, 6, 4], permissions: 0o664, mtime: Date(timeIntervalSince1970: 1_700_000_000)))
        unsetenv("TZ")
        tzset()
        #expect(first.bytes == touched.bytes)
        #expect(first.bytes == otherZone.bytes)
        #expect(first.sha == touched.sha)
    }

    @Test("entries are sorted bytewise by path")
    func order() async throws {
        let folder = try tree(order: Array(0..<Self.files.count), permissions: 0o644, mtime: Date())
        let output = try TemporaryFolder()
        _ = try await DeploymentPackage.build(from: folder.path, to: output.path + "/out.zip")
        let paths = try DeploymentArchive(contentsOf: output.path + "/out.zip").entries.map(\.path)
        #expect(paths == paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(paths.firstIndex(of: "pkg-extra/") ?? 0 < paths.firstIndex(of: "pkg/") ?? 0, "'-' (0x2D) sorts before '/' (0x2F)")
    }

    @Test("SOURCE_DATE_EPOCH sets the entry time")
    func sourceDateEpoch() async throws {
        let folder = try tree(order: [0], permissions: 0o644, mtime: Date())
        let fixed = try await zipBytes(folder, options: .init(environment: [:]))
        let epoch = try await zipBytes(folder, options: .init(environment: ["SOURCE_DATE_EPOCH": "1700000000"]))
        #expect(fixed.bytes != epoch.bytes)
        let again = try await zipBytes(folder, options: .init(environment: ["SOURCE_DATE_EPOCH": "1700000000"]))
        #expect(epoch.bytes == again.bytes)
        // DOS time of 2023-11-14 22:13:20 UTC at offset 10 of the first local header.
        let time = UInt16(epoch.bytes[10]) | UInt16(epoch.bytes[11]) << 8
        let date = UInt16(epoch.bytes[12]) | UInt16(epoch.bytes[13]) << 8
        #expect(time == UInt16(22 << 11 | 13 << 5 | 10))
        #expect(date == UInt16((2023 - 1980) << 9 | 11 << 5 | 14))
    }
}

@Suite("Patterns and links")
struct PatternAndLinkTests {
    func paths(_ folder: TemporaryFolder, _ options: DeploymentPackage.Options = .init()) async throws -> [String] {
        let output = try TemporaryFolder()
        _ = try await DeploymentPackage.build(from: folder.path, to: output.path + "/out.zip", options: options)
        return try DeploymentArchive(contentsOf: output.path + "/out.zip").entries.map(\.path)
    }

    @Test("package.patterns: exclusions, re-inclusion, and the default exclusions")
    func patterns() async throws {
        let folder = try TemporaryFolder()
        for path in [
            "handler.py", "mod.pyc", "pkg/x.pyc", "pkg/x.py", "node_modules/a/index.js", "node_modules/keep/index.js",
            ".git/HEAD", "pkg/__pycache__/x.cpython-312.pyc", "tests/test_x.py",
        ] {
            try folder.write(path, path)
        }
        let found = try await paths(folder, .init(patterns: ["!node_modules/**", "node_modules/keep/**", "!**/*.pyc", "!tests/**"]))
        #expect(found == ["handler.py", "node_modules/", "node_modules/keep/", "node_modules/keep/index.js", "pkg/", "pkg/x.py"])
        let everything = try await paths(folder, .init(excludesByDefault: false))
        #expect(everything.contains(".git/HEAD"))
        #expect(everything.contains("pkg/__pycache__/x.cpython-312.pyc"))
    }

    @Test(
        "glob matching",
        arguments: [
            ("**/*.pyc", "a/b/c.pyc", true), ("**/*.pyc", "c.pyc", true), ("*.pyc", "a/c.pyc", false),
            ("node_modules/**", "node_modules/x/y.js", true), ("src/?.py", "src/a.py", true), ("src/?.py", "src/ab.py", false),
            ("**/__pycache__/**", "a/__pycache__/b.pyc", true), ("docs/*.md", "docs/sub/x.md", false),
        ])
    func glob(_ pattern: String, _ path: String, _ matches: Bool) {
        #expect(PatternSet(["!" + pattern], defaultExclusions: false).includes(path) == !matches)
    }

    @Test("links inside the tree are followed, or stored as links")
    func links() async throws {
        let folder = try TemporaryFolder()
        try folder.write("real/config.json", "{}")
        try folder.link("alias.json", to: "real/config.json")
        try folder.link("shared", to: "real")
        let followed = try await paths(folder)
        #expect(followed == ["alias.json", "real/", "real/config.json", "shared/", "shared/config.json"])
        let output = try TemporaryFolder()
        _ = try await DeploymentPackage.build(from: folder.path, to: output.path + "/out.zip", options: .init(symlinks: .store))
        let archive = try DeploymentArchive(contentsOf: output.path + "/out.zip")
        let alias = try #require(archive.entries.first { $0.path == "alias.json" })
        #expect(alias.isSymlink)
        #expect(try archive.contents(of: "alias.json") == Array("real/config.json".utf8))
        let listing = try await run([
            "python3", "-c", "import zipfile,sys; print(oct(zipfile.ZipFile(sys.argv[1]).getinfo('alias.json').external_attr >> 16))",
            output.path + "/out.zip",
        ])
        #expect(listing.output.contains("0o120777"))
    }

    @Test("a link escaping the tree, and a link loop, are typed errors", arguments: [DeploymentPackage.SymlinkPolicy.follow, .store])
    func badLinks(_ policy: DeploymentPackage.SymlinkPolicy) async throws {
        let escaping = try TemporaryFolder()
        try escaping.write("ok.txt", "ok")
        try escaping.link("passwd", to: "/etc/passwd")
        let error = try await #require(throws: ZipError.self) { try await paths(escaping, .init(symlinks: policy)) }
        #expect(error.code == .linkEscapesTree)
        #expect(error.path == "passwd")

        let looping = try TemporaryFolder()
        try looping.link("a", to: "b")
        try looping.link("b", to: "a")
        let loop = try await #require(throws: ZipError.self) { try await paths(looping, .init(symlinks: policy)) }
        #expect(loop.code == .symlinkLoop)
    }

    @Test("a folder link that leads back into the tree is a loop, not an endless walk")
    func folderLoop() async throws {
        let folder = try TemporaryFolder()
        try folder.write("dir/file.txt", "x")
        try folder.link("dir/back", to: "..")
        let error = try await #require(throws: ZipError.self) { try await paths(folder) }
        #expect(error.code == .symlinkLoop)
    }
}
