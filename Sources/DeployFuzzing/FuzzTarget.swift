/// The parsers that read what others wrote — archives, manifests, AWS's answers, requests to the
/// local servers — as fuzz targets: each takes arbitrary bytes and must return without crashing,
/// hanging or growing without bound, whatever the bytes. Thrown errors are the expected answer to
/// bad input.
///
/// `Tests/Fuzz` builds them into one libFuzzer binary (`swift build -Xswiftc
/// -sanitize=fuzzer,address`) that picks a target from `DEPLOY_FUZZ_TARGET`; the unit tests
/// replay every file of the corpora and every crasher found so far through `run(_:)`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `DeploymentArchive(bytes:)`, `verify()`, every entry's contents and Lambda's rules.
    case zipReader
    /// The YAML composer: anchors, aliases, merge keys, tags, the expansion budget.
    case yamlComposer
    /// A `serverless.yml`: `${…}` variables resolved, the configuration read and validated.
    case serverlessVariables
    /// A `.gitlab-ci.yml`: `extends`, `!reference`, rules, and the `gitlab.*` checks.
    case gitLabPipeline
    /// A GitLab `rules: if:` expression (first line) with variables (`NAME=value` lines).
    case gitLabRuleExpression
    /// AWS error bodies: XML (query and rest-xml) and JSON, as the client decodes them.
    case awsErrorDecoder
    /// SigV4: a request (method, path with query, headers, body, one per line) signed and canonicalised.
    case sigV4Canonicalizer
    /// `Retry-After` (delta-seconds or HTTP-date) and the timestamps of JSON answers.
    case retryAfterAndDates
    /// Raw bytes sent to a loopback server: NIO's HTTP/1.1 decoder as the server configures it,
    /// then the server's own screening (`Host`, body limit) and the request's path, query and headers.
    case loopbackRequest

    /// Runs the target once on `bytes`.
    public func run(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .zipReader: ArchiveTarget.run(Array(bytes))
        case .yamlComposer: ManifestTargets.yaml(Self.text(bytes))
        case .serverlessVariables: ManifestTargets.serverless(Self.text(bytes))
        case .gitLabPipeline: ManifestTargets.gitLab(Self.text(bytes))
        case .gitLabRuleExpression: ManifestTargets.ruleExpression(Self.text(bytes))
        case .awsErrorDecoder: WireTargets.errorDecoder(Array(bytes))
        case .sigV4Canonicalizer: WireTargets.sigV4(Self.text(bytes))
        case .retryAfterAndDates: WireTargets.retryAfter(Self.text(bytes))
        case .loopbackRequest: LoopbackTarget.run(Array(bytes))
        }
    }

    /// Runs the target once on `bytes`.
    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { run($0) }
    }

    /// The bytes as text, invalid UTF-8 repaired as every reader of ours repairs it.
    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
