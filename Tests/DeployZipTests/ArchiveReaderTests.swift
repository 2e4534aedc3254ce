import DeployTesting
import DeployZip
import Foundation
import Testing

enum Corpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".zip") }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}

/// Builds an archive with Python's zipfile (which writes any name it is given), for hostile cases.
/// Each entry's data is a Python expression (`"'A' * 1000"`), or a string literal when `literal`.
func pythonZip(_ entries: [(String, String)], method: String = "ZIP_DEFLATED", literal isLiteral: Bool = true) async throws -> [UInt8] {
    let folder = try TemporaryFolder()
    let zip = folder.path + "/hostile.zip"
    let literal = entries.map { "(\(String(reflecting: $0.0)), \(isLiteral ? String(reflecting: $0.1) : $0.1))" }.joined(separator: ", ")
    let script =
        "import zipfile\nwith zipfile.ZipFile('\(zip)', 'w', zipfile.\(method)) as z:\n    for n, d in [\(literal)]:\n        i = "
        + "zipfile.ZipInfo(n)\n        i.compress_type = zipfile.\(method)\n        z.writestr(i, d)\n"
    let result = try await run(["python3", "-c", script])
    try #require(result.status == 0, "\(result.output)")
    return try folder.bytes("hostile.zip")
}

@Suite("Reading and verifying archives")
struct ArchiveReaderTests {
    @Test("every corpus seed is read and verified", arguments: Corpus.files.filter { $0.hasPrefix("seed-") })
    func seeds(_ name: String) throws {
        let archive = try DeploymentArchive(bytes: try Corpus.bytes(name))
        try archive.verify()
    }

    @Test("Info-ZIP's archive: listed with modes; its bootstrap is not executable, which Lambda refuses")
    func infoZip() throws {
        let archive = try DeploymentArchive(bytes: try Corpus.bytes("seed-infozip.zip"))
        #expect(Set(archive.entries.map(\.path)).isSuperset(of: ["lambda_function.py", "pkg/a.py", "bootstrap"]))
        #expect(
            try archive.contents(of: "lambda_function.py") == Array("def lambda_handler(e, c):\n    return {\"statusCode\": 200}\n".utf8))
        let error = try #require(throws: ZipError.self) { try archive.checkLambdaRules(handler: "lambda_function.lambda_handler") }
        #expect(error.code == .bootstrapNotExecutable)
        #expect(error.message.contains("0755"))
        let ours = try DeploymentArchive(bytes: try Corpus.bytes("seed-deploykit.zip"))
        #expect(try ours.checkLambdaRules(handler: "lambda_function.lambda_handler").isEmpty)
        let missing = try #require(throws: ZipError.self) { try ours.checkLambdaRules(handler: "app.handler", runtime: "python3.12") }
        #expect(missing.code == .handlerMissing)
    }

    @Test("zip-slip entries are refused", arguments: ["../evil.py", "/etc/cron.d/evil", "a/../../evil", "dir\\..\\evil.py", "C:/evil"])
    func zipSlip(_ name: String) async throws {
        let bytes = try await pythonZip([("ok.py", "x"), (name, "evil")])
        let error = try #require(throws: ZipError.self) { try DeploymentArchive(bytes: bytes) }
        #expect(error.code == .unsafePath)
        #expect(error.path == name)
    }

    @Test("a changed byte in the data fails the CRC check")
    func corruptData() async throws {
        var bytes = try await pythonZip([("data.txt", String(repeating: "lambda ", count: 40))], method: "ZIP_STORED")
        bytes[30 + "data.txt".utf8.count + 5] ^= 0x20
        let error = try #require(throws: ZipError.self) { try DeploymentArchive(bytes: bytes).verify() }
        #expect(error.code == .checksumMismatch)
    }

    @Test("an entry that inflates beyond its declared size is stopped there")
    func inflationBomb() async throws {
        var bytes = try await pythonZip([("bomb.txt", "'A' * 1000000")], literal: false)
        // Declare 1,000 bytes in the central directory: the reader must stop at 1,000.
        let directory = bytes.indices.last { index in
            index + 4 <= bytes.count && Array(bytes[index..<index + 4]) == [0x50, 0x4B, 0x01, 0x02]
        }!
        bytes.replaceSubrange((directory + 24)..<(directory + 28), with: [0xE8, 0x03, 0, 0])
        let error = try #require(throws: ZipError.self) { try DeploymentArchive(bytes: bytes).verify() }
        #expect(error.code == .corruptArchive)
        #expect(error.message.contains("more than the 1000 bytes"))
    }

    @Test("truncated and non-zip files are typed errors")
    func truncated() throws {
        let bytes = try Corpus.bytes("seed-deploykit.zip")
        for cut in [0, 10, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ZipError.self, "cut at \(cut)") { try DeploymentArchive(bytes: Array(bytes.prefix(cut))).verify() }
        }
        #expect(throws: ZipError.self) { try DeploymentArchive(bytes: Array("not a zip at all, just text".utf8)) }
        let missing = try #require(throws: ZipError.self) { try DeploymentArchive(contentsOf: "/nonexistent/function.zip") }
        #expect(missing.code == .sourceNotFound)
        #expect(missing.message.contains("artifacts: paths"))
    }

    @Test("encrypted entries and unknown methods are refused as unsupported")
    func unsupported() throws {
        var bytes = try Corpus.bytes("seed-python-deflate.zip")
        let directory = bytes.indices.last { index in
            index + 4 <= bytes.count && Array(bytes[index..<index + 4]) == [0x50, 0x4B, 0x01, 0x02]
        }!
        var encrypted = bytes
        encrypted[directory + 8] |= 1
        #expect((try? DeploymentArchive(bytes: encrypted)) == nil)
        bytes[directory + 10] = 12  // bzip2
        let error = try #require(throws: ZipError.self) { try DeploymentArchive(bytes: bytes) }
        #expect(error.code == .unsupportedFeature)
    }
}

@Suite("Fuzzing the reader")
struct ArchiveFuzzTests {
    /// Seeded, so every run mutates the same way.
    typealias SplitMix = SeededRandomNumberGenerator

    static func mutate(_ seed: [UInt8], using random: inout SplitMix) -> [UInt8] {
        var bytes = seed
        guard !bytes.isEmpty else { return bytes }
        switch random.next() % 5 {
        case 0:
            for _ in 0..<(1 + random.next() % 8) {
                bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
            }
        case 1:
            bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
        case 2:
            let start = Int(random.next() % UInt64(bytes.count))
            let length = Int(random.next() % UInt64(min(64, bytes.count - start) + 1))
            bytes.insert(contentsOf: bytes[start..<(start + length)], at: Int(random.next() % UInt64(bytes.count)))
        case 3:
            let at = Int(random.next() % UInt64(max(1, bytes.count - 4)))
            for index in at..<min(at + 4, bytes.count) { bytes[index] = 0xFF }
        default:
            let at = Int(random.next() % UInt64(max(1, bytes.count - 2)))
            for index in at..<min(at + 2, bytes.count) { bytes[index] = 0 }
        }
        return bytes
    }

    @Test("4,000 seeded mutations of the corpus: read and verified, or a ZipError; never a crash")
    func mutations() throws {
        var random = SplitMix(seed: 20_261_126)
        let seeds = try Corpus.files.map { try Corpus.bytes($0) }
        try #require(!seeds.isEmpty, "the corpus is missing")
        var outcomes: [String: Int] = [:]
        for iteration in 0..<4_000 {
            var mutant = seeds[iteration % seeds.count]
            for _ in 0..<(1 + random.next() % 3) { mutant = Self.mutate(mutant, using: &random) }
            do {
                let archive = try DeploymentArchive(bytes: mutant)
                try archive.verify()
                _ = try? archive.checkLambdaRules()
                outcomes["verified", default: 0] += 1
            } catch let error as ZipError {
                outcomes["\(error.code)", default: 0] += 1
            } catch {
                Issue.record("mutant \(iteration) threw a non-ZipError: \(error)")
            }
        }
        #expect(outcomes["corruptArchive", default: 0] > 100, "mutations must reach the parser's checks: \(outcomes)")
        #expect(outcomes["verified", default: 0] > 0, "some mutations are harmless: \(outcomes)")
    }
}
