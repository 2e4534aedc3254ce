import Testing

@testable import DeployManifests

/// Files of a few lines that ask for exponentially much: they fail fast with a typed error that
/// names the key, rather than running for minutes and exhausting memory.
@Suite("Expansion bombs", .timeLimit(.minutes(1)))
struct ExpansionBombTests {
    static func tooLarge(_ error: any Error, naming key: String) -> Bool {
        guard case .tooLarge(_, let what) = error as? ManifestError else { return false }
        return what.contains("`\(key)`")
    }

    @Test("`${self:}` twice in a four-line serverless.yml: the document would embed itself")
    func selfEmbedding() throws {
        let file = try ServerlessFile(yaml: "service: bomb\nprovider:\n  name: aws\na: ${self:}\nb: ${self:}\n", fileName: "serverless.yml")
        #expect(performing: { try file.resolved() }, throws: { Self.tooLarge($0, naming: "a") })
        #expect(performing: { try file.configuration() }, throws: { Self.tooLarge($0, naming: "a") })
    }

    @Test("a reference into its own ancestor is refused; a reference to a sibling resolves")
    func ancestorReference() throws {
        let circular = try ServerlessFile(yaml: "service: s\ncustom:\n  inner:\n    copy: ${self:custom}\n")
        #expect(performing: { try circular.resolved() }, throws: { Self.tooLarge($0, naming: "custom.inner.copy") })
        let fine = try ServerlessFile(yaml: "service: s\ncustom:\n  table: users\n  copy: ${self:custom.table}\n")
        #expect(try fine.resolved()["custom"]?["copy"]?.string == "users")
    }

    @Test("doubling chains of `${self:}` references stop at the expansion budget")
    func doublingChain() throws {
        var yaml = "service: s\ncustom:\n  k0: [x, y]\n"
        for level in 1...40 { yaml += "  k\(level): [\"${self:custom.k\(level - 1)}\", \"${self:custom.k\(level - 1)}\"]\n" }
        let file = try ServerlessFile(yaml: yaml)
        #expect(
            performing: { try file.resolved() },
            throws: { error in
                guard case .tooLarge(_, let what) = error as? ManifestError else { return false }
                return what.contains("`custom.k")
            })
    }

    /// A pipeline whose `job` script is `levels` nested `!reference` lists of ten: 10^(levels+1) lines.
    static func referenceLists(levels: Int) -> String {
        var yaml = ".l0:\n  script: [" + Array(repeating: "echo", count: 10).joined(separator: ", ") + "]\n"
        for level in 1...levels {
            let refs = Array(repeating: "!reference [.l\(level - 1), script]", count: 10).joined(separator: ", ")
            yaml += ".l\(level):\n  script: [\(refs)]\n"
        }
        return yaml + "stages: [test]\njob:\n  stage: test\n  script: [!reference [.l\(levels), script]]\n"
    }

    @Test("nested `!reference` lists (1.5 KB) that would expand to a million script lines")
    func referenceBomb() throws {
        let yaml = Self.referenceLists(levels: 6)
        #expect(yaml.utf8.count < 2_000)
        let file = try GitLabCIFile(yaml: yaml, fileName: ".gitlab-ci.yml")
        #expect(
            performing: { try file.resolved() },
            throws: { error in
                guard case .tooLarge(_, let what) = error as? ManifestError else { return false }
                return what.contains("!reference") && what.contains("`.l")
            })
    }

    @Test("a moderate !reference (three levels, a thousand lines) still resolves")
    func moderateReference() throws {
        let yaml = Self.referenceLists(levels: 2)
        let resolved = try GitLabCIFile(yaml: yaml).resolved()
        #expect(resolved.root["job"]?["script"]?.sequence?.count == 1_000)
    }
}
