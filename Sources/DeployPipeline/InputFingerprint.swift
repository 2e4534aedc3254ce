import DeployHashing
import DeployZip
import Foundation

/// Everything one function's deploy is made from, hashed before anything is built: the files its
/// package would contain (after patterns, content only: ``/DeployZip/SourceFingerprint``), its
/// configuration as the engine models it (not where its folder is), its layers (managed layers by
/// their content, others by ARN) and the library's package format.
///
/// A deploy records the fingerprint in the description of the version it publishes
/// (`… [lambdadeploykit:input-sha256=HEX]`). A version never changes, so the record always
/// describes exactly the code and configuration of the version that carries it — whatever rolls
/// the alias back or forth. When the alias serves a version whose record matches and nothing
/// drifted (the plan over the live state, with that version's `CodeSha256` as the package's, is
/// empty), the function is skipped before its package is built
/// (``DeploymentConfiguration/skipsUnchangedFunctions``).
public struct InputFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// Bumped when the packages the library builds from the same files change.
    public static let packageFormatVersion = 1

    /// The SHA-256 over the inputs.
    public var digest: SHA256Digest
    /// The package's files and their bytes before compression (what sharding balances on).
    public var source: SourceFingerprint

    /// The digest in hexadecimal.
    public var hex: String { digest.hexString }
    public var description: String { digest.hexString }
    /// The first 12 hexadecimal digits, for reports.
    public var short: String { String(hex.prefix(12)) }

    /// The fingerprint of `function`'s inputs; `layerCodeSHA256s` are its managed layers' built
    /// zips' `CodeSha256`, in order.
    /// - Throws: ``/DeployZip/ZipError`` for a source the build would refuse, a
    ///   ``DeploymentDiagnosis`` for a missing archive.
    ///
    /// With `cache`, files whose `stat` the cache recorded are not read again (``/DeployZip/FingerprintCache``).
    public static func of(
        _ function: FunctionDeployment, layerCodeSHA256s: [String] = [], cache: FingerprintCache? = nil
    ) throws -> InputFingerprint {
        let source: SourceFingerprint
        switch function.source {
        case .directory(let folder, let patterns):
            source = try DeploymentPackage.fingerprint(of: folder, options: .init(patterns: patterns), cache: cache)
        case .entries(let entries):
            source = try DeploymentPackage.fingerprint(of: entries)
        case .archive(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw DeploymentDiagnosis.artifactMissing(path) }
            source = try DeploymentPackage.fingerprint(ofArchive: path)
        }
        var hasher = SHA256Hasher()
        hasher.update(Array("lambdadeploykit-inputs \(packageFormatVersion)\n".utf8))
        source.digest.withUnsafeBytes { hasher.update($0) }
        hasher.update(Array(configurationText(function).utf8))
        for layer in layerCodeSHA256s { hasher.update(Array("\nlayer \(layer)".utf8)) }
        return InputFingerprint(digest: hasher.finalize(), source: source)
    }

    /// `function`'s configuration as the fingerprint hashes it. Where the code is read from and
    /// written to is not what is deployed. What later versions of the library model — the role's
    /// statements and managed policies, bucket events, event patterns, Alexa skills, streams (and a stream's settings, always
    /// unset on queues), a REST API made elsewhere — counts when it is there (a change to deploy);
    /// when it is not, the text is the one earlier versions wrote, and so are the fingerprints
    /// recorded before (an upgrade alone redeploys nothing).
    static func configurationText(_ function: FunctionDeployment) -> String {
        var skipped: Set<String> = ["source", "artifactPath", "eventsNotDeployed"]
        if function.roleStatements.isEmpty { skipped.insert("roleStatements") }
        if function.roleManagedPolicies.isEmpty { skipped.insert("roleManagedPolicies") }
        if function.bucketEvents.isEmpty { skipped.insert("bucketEvents") }
        if function.eventPatterns.isEmpty { skipped.insert("eventPatterns") }
        if function.alexaSkills.isEmpty { skipped.insert("alexaSkills") }
        if function.streams.isEmpty {
            skipped.formUnion(["streams", "startingPosition", "maximumRetryAttempts", "splitsFailedBatches", "parallelizationFactor"])
            skipped.insert("maximumRecordAge")
        }
        if function.api.existing == nil { skipped.insert("existing") }
        return CanonicalText.of(function, skipping: skipped)
    }

    // MARK: The record in a version's description

    private static let markerPrefix = "[lambdadeploykit:input-sha256="

    /// The fingerprint a version's description records, in hexadecimal; `nil` when it has none.
    static func recorded(in description: String?) -> String? {
        guard let description, let start = description.range(of: markerPrefix, options: .backwards) else { return nil }
        let rest = description[start.upperBound...]
        guard let end = rest.firstIndex(of: "]") else { return nil }
        let hex = rest[..<end]
        return hex.count == 64 && hex.allSatisfy(\.isHexDigit) ? String(hex) : nil
    }

    /// `description` with the record appended, within Lambda's 256 characters (the description is
    /// shortened, never the record).
    static func recording(_ fingerprint: InputFingerprint?, in description: String?) -> String? {
        guard let fingerprint else { return description }
        let marker = markerPrefix + fingerprint.hex + "]"
        guard let description, !description.isEmpty else { return marker }
        let room = 256 - marker.count - 1
        let kept = description.count > room ? String(description.prefix(room - 1)) + "…" : description
        return kept + " " + marker
    }
}
