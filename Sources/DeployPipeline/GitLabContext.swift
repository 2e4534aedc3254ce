import Foundation

/// What GitLab CI tells a job through its predefined variables.
public struct GitLabContext: Sendable, Hashable {
    /// `CI_COMMIT_SHA`: becomes the published version's description.
    public var commitSHA: String?
    /// The branch or tag being built.
    public var refName: String?
    /// `CI_DEFAULT_BRANCH`.
    public var defaultBranch: String?
    /// `CI_ENVIRONMENT_NAME`.
    public var environmentName: String?
    /// `CI_PIPELINE_URL`.
    public var pipelineURL: String?
    /// `CI_NODE_INDEX`: which of a `parallel: N` job's copies this is, from 1.
    public var nodeIndex: Int?
    /// `CI_NODE_TOTAL`: how many copies a `parallel: N` job has (1 for a job that is not parallel).
    public var nodeTotal: Int?

    /// A context given in code (tests, or another CI system).
    public init(
        commitSHA: String? = nil, refName: String? = nil, defaultBranch: String? = nil, environmentName: String? = nil,
        pipelineURL: String? = nil
    ) {
        self.commitSHA = commitSHA
        self.refName = refName
        self.defaultBranch = defaultBranch
        self.environmentName = environmentName
        self.pipelineURL = pipelineURL
    }

    /// Reads `CI_COMMIT_SHA`, `CI_COMMIT_REF_NAME`, `CI_DEFAULT_BRANCH`, `CI_ENVIRONMENT_NAME`,
    /// `CI_PIPELINE_URL`, `CI_NODE_INDEX` and `CI_NODE_TOTAL`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        self.init(
            commitSHA: value("CI_COMMIT_SHA"), refName: value("CI_COMMIT_REF_NAME"), defaultBranch: value("CI_DEFAULT_BRANCH"),
            environmentName: value("CI_ENVIRONMENT_NAME"), pipelineURL: value("CI_PIPELINE_URL"))
        nodeIndex = value("CI_NODE_INDEX").flatMap(Int.init)
        nodeTotal = value("CI_NODE_TOTAL").flatMap(Int.init)
    }

    /// Whether this runs in a GitLab job.
    public var isCI: Bool { refName != nil }

    /// `false` when GitLab says the ref is not the default branch; `true` outside CI.
    public var isDefaultBranch: Bool {
        guard let refName, let defaultBranch else { return true }
        return refName == defaultBranch
    }
}

/// A `KEY=value` file for `artifacts: reports: dotenv`, so the GitLab environment links the endpoint.
public enum DotenvFile {
    /// Writes `values` to `path` through a temporary file renamed into place.
    public static func write(_ values: [(key: String, value: String)], to path: String) throws {
        let text = values.map { "\($0.key)=\($0.value.replacingOccurrences(of: "\n", with: " "))" }.joined(separator: "\n") + "\n"
        try AtomicFile.write(text, to: path)
    }

    /// The values a deploy publishes: `ENDPOINT_URL` (the first endpoint), one `<FUNCTION>_ENDPOINT_URL`
    /// per function (and `<FUNCTION>_FUNCTION_URL` for one with a function URL), `<FUNCTION>_VERSION` and
    /// `<FUNCTION>_PREVIOUS_VERSION`, and for a single function `DEPLOYED_VERSION` (what serves now) and
    /// `PREVIOUS_VERSION` (what served before this run), which a manual rollback job reads.
    public static func values(for report: DeploymentReport) -> [(key: String, value: String)] {
        var values: [(key: String, value: String)] = []
        if let first = report.functions.lazy.flatMap(\.endpoints).first { values.append(("ENDPOINT_URL", first.url)) }
        for function in report.functions {
            let key = function.name.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            if let endpoint = function.endpoints.first { values.append(("\(key)_ENDPOINT_URL", endpoint.url)) }
            if let url = function.endpoints.first(where: { $0.url.contains(".lambda-url.") }) {
                values.append(("\(key)_FUNCTION_URL", url.url))
            }
            if let version = function.servingVersion { values.append(("\(key)_VERSION", version)) }
            if let previous = function.previousVersion { values.append(("\(key)_PREVIOUS_VERSION", previous)) }
        }
        if report.functions.count == 1 {
            // For a later manual rollback job: `rollback --to $PREVIOUS_VERSION`.
            if let version = report.functions[0].servingVersion { values.append(("DEPLOYED_VERSION", version)) }
            if let previous = report.functions[0].previousVersion { values.append(("PREVIOUS_VERSION", previous)) }
        }
        return values
    }
}
