/// What the alias's description records when the pipeline moves it to a version it published:
/// that version, its input fingerprint and its `CodeSha256`
/// (`[lambdadeploykit:serves=7 input-sha256=5f0c… code-sha256=shr3…]`).
///
/// Read with the alias, it spares reading the served version to find its fingerprint. It holds only
/// while the alias still serves the version it names: any other move (a rollback from the console or
/// the CLI) leaves a description naming another version, and the version is read as before.
struct AliasRecord: Equatable {
    /// The version the alias was moved to.
    var version: String
    /// That version's input fingerprint, in hexadecimal.
    var fingerprint: String
    /// That version's `CodeSha256`.
    var codeSHA256: String

    private static let prefix = "[lambdadeploykit:serves="

    /// The description's text.
    var text: String { Self.prefix + "\(version) input-sha256=\(fingerprint) code-sha256=\(codeSHA256)]" }

    init(version: String, fingerprint: String, codeSHA256: String) {
        self.version = version
        self.fingerprint = fingerprint
        self.codeSHA256 = codeSHA256
    }

    /// The record an alias's description holds, or `nil`.
    init?(_ description: String?) {
        guard let description, description.hasPrefix(Self.prefix), description.hasSuffix("]") else { return nil }
        let fields = description.dropFirst(Self.prefix.count).dropLast().split(separator: " ")
        guard fields.count == 3, fields[1].hasPrefix("input-sha256="), fields[2].hasPrefix("code-sha256=") else { return nil }
        let fingerprint = fields[1].dropFirst("input-sha256=".count)
        guard fingerprint.count == 64, fingerprint.allSatisfy(\.isHexDigit), fields[0].allSatisfy(\.isNumber) else { return nil }
        self.init(
            version: String(fields[0]), fingerprint: String(fingerprint), codeSHA256: String(fields[2].dropFirst("code-sha256=".count)))
    }

    /// The record of the version `state` published, when the plan has the inputs' fingerprint.
    static func of(_ inputs: PlanInputs, version: String) -> AliasRecord? {
        inputs.fingerprint.map { AliasRecord(version: version, fingerprint: $0.hex, codeSHA256: inputs.package.codeSHA256) }
    }
}
