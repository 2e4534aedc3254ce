import Foundation
import DeployAPIGateway

/// What happened to one function.
public struct FunctionReport: Sendable, Hashable, CustomStringConvertible {
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
        /// The rollback itself failed: the alias's state is `aliasState`, as last read.
        case rollbackFailed(failedStep: DeploymentStep, aliasState: String)

        public var description: String {
            switch self {
            case let .deployed(version): return "deployed: version \(version) is live"
            case let .unchanged(version): return "unchanged: version \(version) is live"
            case let .rolledBack(step, serving):
                return "\(step) failed; rolled back: production still serves \(serving.map { "version \($0)" } ?? "nothing (first deploy: alias removed)")"
            case let .failed(step): return "\(step) failed; production untouched"
            case let .rollbackFailed(step, state): return "\(step) failed and the rollback failed too: alias is \(state)"
            }
        }
    }

    /// A step's duration and what it did.
    public struct StepRecord: Sendable, Hashable {
        public var step: DeploymentStep
        public var detail: String
        public var duration: Duration
    }

    public var name: String
    public var outcome: Outcome
    public var functionARN: String?
    /// The version published by this run.
    public var version: String?
    /// The version the alias served before.
    public var previousVersion: String?
    public var alias: String
    /// The version the alias serves now (as the pipeline last set or read it).
    public var servingVersion: String?
    public var codeSHA256: String?
    public var endpoints: [InvokeURL]
    public var steps: [StepRecord]
    public var diagnosis: DeploymentDiagnosis?
    public var duration: Duration

    public var succeeded: Bool {
        switch outcome {
        case .deployed, .unchanged: return true
        default: return false
        }
    }

    public var description: String {
        var lines = ["\(name): \(outcome) (\(DeploymentReport.format(duration)))"]
        if let functionARN { lines.append("  function: \(functionARN)") }
        if let version { lines.append("  version: \(version)\(previousVersion.map { " (previous: \($0))" } ?? "")") }
        lines.append("  alias: \(alias)\(servingVersion.map { " → version \($0)" } ?? "")")
        if let diagnosis { lines.append("  diagnosis: \(diagnosis.summary)\n  fix: \(diagnosis.fix)") }
        lines += endpoints.map { "  \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// The whole run: each function's outcome, and the endpoint lines.
public struct DeploymentReport: Sendable, Hashable, CustomStringConvertible {
    public var functions: [FunctionReport]
    public var duration: Duration
    /// Set when the run was refused before any function started (credentials, branch policy).
    public var diagnosis: DeploymentDiagnosis?

    public var succeeded: Bool { diagnosis == nil && functions.allSatisfy(\.succeeded) }

    /// Every endpoint, as the seed prints it: `GET - https://ID.execute-api.us-east-1.amazonaws.com/production/hello`.
    public var endpointLines: [String] { functions.flatMap(\.endpoints).map(\.description) }

    public subscript(function name: String) -> FunctionReport? { functions.first { $0.name == name } }

    public var description: String {
        var lines: [String] = []
        if let diagnosis { lines.append("refused: \(diagnosis.summary)\nfix: \(diagnosis.fix)") }
        lines += functions.map(\.description)
        lines.append("\(succeeded ? "succeeded" : "failed") in \(Self.format(duration))")
        return lines.joined(separator: "\n")
    }

    static func format(_ duration: Duration) -> String {
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return milliseconds < 1000 ? "\(Int(milliseconds.rounded())) ms" : String(format: "%.2f s", milliseconds / 1000)
    }
}
