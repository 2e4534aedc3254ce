import DeployAPIGateway
import Foundation

/// What happened to one function.
public struct FunctionReport: Sendable, Hashable, CustomStringConvertible {
    /// How the function's deployment ended.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// The alias now serves `version`.
        case deployed(version: String)
        /// Nothing changed: the alias already served this code and configuration.
        case unchanged(version: String)
        /// A step after publishing failed; the alias went back and production serves `servingVersion`
        /// (`nil`: there was no earlier version, so the alias was removed).
        case rolledBack(failedStep: DeploymentStep, servingVersion: String?)
        /// A step failed before production was touched.
        case failed(step: DeploymentStep)
        /// The rollback itself failed, or was refused because someone else moved the alias since
        /// this run did: `aliasState` says which, and what the alias is on.
        case rollbackFailed(failedStep: DeploymentStep, aliasState: String)
        /// Torn down (``DeploymentPipeline/planTeardown(_:)``): what this library created for the
        /// function is gone; what it did not create was left.
        case removed
        /// The run was cancelled at `atStep`; whatever this run had moved was put back, and
        /// production serves `servingVersion` (`nil`: not known to this run — cancelled before it
        /// read the alias — or nothing, for a new function; either way nothing this run changed).
        case cancelled(atStep: DeploymentStep, servingVersion: String?)

        public var description: String {
            switch self {
            case .deployed(let version): return "deployed: version \(version) is live"
            case .unchanged(let version): return "unchanged: version \(version) is live"
            case .rolledBack(let step, let serving):
                return
                    "\(step) failed; rolled back: production still serves "
                    + "\(serving.map { "version \($0)" } ?? "nothing (first deploy: alias removed)")"
            case .failed(let step): return "\(step) failed; production untouched"
            case .rollbackFailed(let step, let state): return "\(step) failed and the rollback failed too: \(state)"
            case .removed: return "removed: what LambdaDeployKit created for it is deleted"
            case .cancelled(let step, let serving):
                return "cancelled at \(step): " + (serving.map { "production serves version \($0)" } ?? "nothing this run changed serves")
            }
        }
    }

    /// A step's duration and what it did.
    public struct StepRecord: Sendable, Hashable {
        /// The step.
        public var step: DeploymentStep
        /// What it did (names, never secret values).
        public var detail: String
        /// How long it took.
        public var duration: Duration
        /// The plan action it came from (`health`, `endpoint`, `bake-2`, `alias`).
        public var action = ""
    }

    /// The function.
    public var name: String
    /// How it ended.
    public var outcome: Outcome
    /// The function's ARN, once it exists.
    public var functionARN: String?
    /// The version published by this run.
    public var version: String?
    /// The version the alias served before.
    public var previousVersion: String?
    /// The alias production traffic goes through.
    public var alias: String
    /// The version the alias serves now (as the pipeline last set or read it).
    public var servingVersion: String?
    /// The package's `CodeSha256` (base64 SHA-256 of the zip).
    public var codeSHA256: String?
    /// The routes' invoke URLs (`GET - https://…/production/hello`).
    public var endpoints: [InvokeURL]
    /// Every step that ran, in order.
    public var steps: [StepRecord]
    /// Why it failed, and the fix.
    public var diagnosis: DeploymentDiagnosis?
    /// The plan action that failed (`health`, `bake-2`), when one did.
    public var failedAction: String?
    /// How long the function took.
    public var duration: Duration
    /// The fingerprint of its inputs (hexadecimal), when the run computed it (``InputFingerprint``).
    public var inputFingerprint: String?
    /// Whether its package was built: `false` when its inputs were unchanged and nothing had
    /// drifted, so the function was skipped.
    public var packageWasBuilt = true

    /// Whether the function is deployed (or was already).
    public var succeeded: Bool {
        switch outcome {
        case .deployed, .unchanged, .removed: return true
        default: return false
        }
    }

    public var description: String {
        var head = "\(outcome)"
        if case .unchanged(let version) = outcome, !packageWasBuilt, let inputFingerprint {
            head = "unchanged (fingerprint \(inputFingerprint.prefix(12))): version \(version) is live"
        }
        var lines = ["\(name): \(head) (\(DeploymentReport.format(duration)))"]
        if let functionARN { lines.append("  function: \(functionARN)") }
        if let version { lines.append("  version: \(version)\(previousVersion.map { " (previous: \($0))" } ?? "")") }
        lines.append("  alias: \(alias)\(servingVersion.map { " → version \($0)" } ?? "")")
        if let diagnosis {
            lines.append("  diagnosis: \(diagnosis.summary)\n  fix: \(diagnosis.fix)")
            if let tail = diagnosis.logTail, !tail.isEmpty {
                lines.append(
                    "  log (end):\n"
                        + tail.split(separator: "\n", omittingEmptySubsequences: false).map { "    | \($0)" }.joined(separator: "\n"))
            }
        }
        lines += endpoints.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// The whole run: each function's outcome, and the endpoint lines.
public struct DeploymentReport: Sendable, Hashable, CustomStringConvertible {
    /// Each function's report, in the configuration's order.
    public var functions: [FunctionReport]
    /// How long the run took.
    public var duration: Duration
    /// Set when the run was refused before any function started (credentials, branch policy).
    public var diagnosis: DeploymentDiagnosis?
    /// How many AWS calls the run sent (every attempt counts).
    public var awsCalls = 0
    /// How many sequential round trips those calls took (concurrent calls count once).
    public var roundTrips = 0

    /// Whether every function succeeded.
    public var succeeded: Bool { diagnosis == nil && functions.allSatisfy(\.succeeded) }

    /// Every endpoint, as the seed prints it: `GET - https://ID.execute-api.us-east-1.amazonaws.com/production/hello`.
    public var endpointLines: [String] { functions.flatMap(\.endpoints).map(\.description) }

    public subscript(function name: String) -> FunctionReport? { functions.first { $0.name == name } }

    public var description: String {
        var lines: [String] = []
        if let diagnosis { lines.append("refused: \(diagnosis.summary)\nfix: \(diagnosis.fix)") }
        lines += functions.map(\.description)
        lines.append(
            "\(succeeded ? "succeeded" : "failed") in \(Self.format(duration))"
                + (awsCalls > 0 ? " (\(awsCalls) AWS calls in \(roundTrips) round trips)" : ""))
        return lines.joined(separator: "\n")
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = duration.seconds * 1000
        return milliseconds < 1000 ? "\(Int(milliseconds.rounded())) ms" : String(format: "%.2f s", milliseconds / 1000)
    }
}
