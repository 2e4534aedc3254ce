import Testing

@testable import DeployZip

@Suite("Entry modes and stored extensions")
struct EntryModeTests {
    @Test("already-compressed files are recognised by the last component's extension, in any case")
    func storedExtensions() {
        let stored = ["a.gz", "deep/dir/file.tar.gz", "X.WHL", "img/photo.JpEg", ".gz", "lib/font.woff2"]
        let deflated = ["a.gz/readme", "dir.zip/file.py", "noext", "archive.gzip", "lambda_function.py", "x.", "a.gz.txt", ""]
        for path in stored { #expect(EntryMode.isAlreadyCompressed(path), "\(path)") }
        for path in deflated { #expect(!EntryMode.isAlreadyCompressed(path), "\(path)") }
    }

    @Test("bootstrap is executable at any depth; other names only with an x bit")
    func modes() {
        #expect(EntryMode.file(path: "bootstrap", isExecutable: false) == EntryMode.executableFile)
        #expect(EntryMode.file(path: "bin/bootstrap", isExecutable: false) == EntryMode.executableFile)
        #expect(EntryMode.file(path: "bootstrap.sh", isExecutable: false) == EntryMode.regularFile)
        #expect(EntryMode.file(path: "my-bootstrap", isExecutable: false) == EntryMode.regularFile)
        #expect(EntryMode.file(path: "bootstrap/handler.py", isExecutable: false) == EntryMode.regularFile)
        #expect(EntryMode.file(path: "run.sh", isExecutable: true) == EntryMode.executableFile)
        #expect(EntryMode.lastComponent(of: "a/b/c").elementsEqual("c".utf8))
        #expect(EntryMode.lastComponent(of: "c").elementsEqual("c".utf8))
    }
}
