import DeployCore
import DeployLambda
import DeploySTS
import DeployZip

/// Why a deployment failed and how to fix it: the seed's troubleshooting table as values.
public struct DeploymentDiagnosis: Error, Sendable, Hashable, CustomStringConvertible {
    /// The row of the troubleshooting table.
    /// An open set: the library adds kinds as it learns to recognise more failures, so compare
    /// with the static members and keep a default branch for kinds you do not handle.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Wrong, unknown or expired keys.
        public static let authentication = Kind("authentication")
        /// Valid keys without a permission.
        public static let permissionDenied = Kind("permissionDenied")
        /// The function (or another resource) is not where the configuration looks: often a region mismatch.
        public static let resourceNotFound = Kind("resourceNotFound")
        /// The zip the build job should have left is not there.
        public static let artifactMissing = Kind("artifactMissing")
        /// The zip lacks the handler's module or its dependencies.
        public static let buildError = Kind("buildError")
        /// No region, or not an AWS region.
        public static let invalidRegion = Kind("invalidRegion")
        /// A production deploy from a branch other than the default one.
        public static let branchNotAllowed = Kind("branchNotAllowed")
        /// The new version failed its health check.
        public static let healthCheckFailed = Kind("healthCheckFailed")
        /// A gate of a gradual rollout failed (an alarm of the new version, the endpoint probe, a
        /// gate of yours): the alias went back to the previous version.
        public static let rolloutGateFailed = Kind("rolloutGateFailed")
        /// A setting Lambda would refuse (memory, timeout, a name, a too-large zip).
        public static let invalidInput = Kind("invalidInput")
        /// Another deploy changed the function or its alias while this one ran (Lambda's
        /// `RevisionId` check refused a write): nothing was overwritten.
        public static let concurrentDeployment = Kind("concurrentDeployment")
        /// The service's `resources:` stack did not reach its new state (CloudFormation rolled it
        /// back, or it failed): no function was deployed.
        public static let stackFailed = Kind("stackFailed")
        /// Another error from AWS or the network.
        public static let other = Kind("other")
    }

    /// Which failure.
    public var kind: Kind
    /// One sentence: what is wrong.
    public var summary: String
    /// What to do.
    public var fix: String
    /// For a permission: the action refused (`lambda:UpdateFunctionCode`) …
    public var missingAction: String?
    /// … and a policy statement that grants it.
    public var policyStatement: String?
    /// For a region mismatch: the configured region and the resource's.
    public var configuredRegion: String?
    /// The region the resource is in (from its ARN), when known.
    public var resourceRegion: String?
    /// For a missing artifact: its path. For a build error: the files missing from the zip.
    public var missingFiles: [String]
    /// For a failed health check: the end of the function's log for that invocation (secrets
    /// redacted like everything the pipeline hands out).
    public var logTail: String?

    /// A diagnosis (the pipeline makes them with ``diagnose(_:function:region:)``).
    public init(
        kind: Kind, summary: String, fix: String, missingAction: String? = nil, policyStatement: String? = nil,
        configuredRegion: String? = nil, resourceRegion: String? = nil, missingFiles: [String] = []
    ) {
        self.kind = kind
        self.summary = summary
        self.fix = fix
        self.missingAction = missingAction
        self.policyStatement = policyStatement
        self.configuredRegion = configuredRegion
        self.resourceRegion = resourceRegion
        self.missingFiles = missingFiles
    }

    public var description: String { "\(summary) Fix: \(fix)" }

    /// The diagnosis of `error`, met while deploying `function` in `region`.
    public static func diagnose(_ error: any Error, function: String, region: String) -> DeploymentDiagnosis {
        switch error {
        case let diagnosis as DeploymentDiagnosis:
            return diagnosis
        case let error as CredentialCheckError:
            return authentication(error.diagnosis)
        case let error as AWSServiceError:
            if let diagnosis = AuthenticationDiagnosis(error) { return authentication(diagnosis) }
            if error.code == "PreconditionFailedException" {
                return DeploymentDiagnosis(
                    kind: .concurrentDeployment,
                    summary:
                        "another deploy changed \(function) while this one ran: Lambda refused \(error.operation) because the revision "
                        + "it was planned against is gone (\(error.message)).",
                    fix:
                        "Nothing was overwritten. Give the deploy jobs of this function one GitLab `resource_group:` so they run one at "
                        + "a time, then run the pipeline again to deploy on top of the other change."
                )
            }
            if error.code == "ResourceNotFoundException" || error.code == "NoSuchEntity" || error.code == "NotFoundException" {
                return DeploymentDiagnosis(
                    kind: .resourceNotFound,
                    summary: "\(error.service) \(error.operation) found no such resource in \(region): \(error.message)",
                    fix:
                        "If \(function) lives in another region, set AWS_REGION (GitLab: Settings › CI/CD › Variables) to that region; "
                        + "otherwise create it first.",
                    configuredRegion: region)
            }
            if error.statusCode == 429 || RetryPolicy.throttlingCodes.contains(error.code) {
                return DeploymentDiagnosis(
                    kind: .other,
                    summary:
                        "\(error.service) throttled \(error.operation) for \(function) past every retry: \(error.code): \(error.message)",
                    fix:
                        "The account's API rate is shared by every job deploying to it (Lambda's control plane: 15 calls a second per "
                        + "Region). Use `RetryPolicy.adaptive(maxAttempts:)` so each job slows down to its share, run fewer parallel "
                        + "jobs or functions at once (`maximumConcurrency`), then run the pipeline again: unchanged functions are skipped.")
            }
            return DeploymentDiagnosis(
                kind: .other, summary: "\(error.service) \(error.operation) failed: \(error.code): \(error.message)",
                fix: "See the message; the request can be retried once the cause is fixed.")
        case let error as LambdaInputError:
            if let resource = error.functionRegion, let configured = error.clientRegion {
                return DeploymentDiagnosis(
                    kind: .resourceNotFound,
                    summary: "the function's ARN is in \(resource), but the deploy is configured for \(configured).",
                    fix: "Set AWS_REGION=\(resource), or name the function in \(configured).",
                    configuredRegion: configured, resourceRegion: resource)
            }
            return DeploymentDiagnosis(kind: .invalidInput, summary: error.message, fix: "Change the setting named above.")
        case let error as ZipError where error.code == .sourceNotFound:
            return artifactMissing(error.path ?? "the artifact")
        case let error as ZipError where error.code == .handlerMissing:
            return DeploymentDiagnosis(
                kind: .buildError, summary: "the package lacks the handler's module: \(error.message).",
                fix: "Add the handler's file to the package (check `package.patterns`, or the build job's zip command).",
                missingFiles: error.path.map { [$0] } ?? [])
        case let error as ZipError:
            return DeploymentDiagnosis(
                kind: error.code == .tooLarge || error.code == .unzippedSizeLimit ? .invalidInput : .buildError,
                summary: "the package is not deployable: \(error.message)", fix: "Fix the package as the message says, then rebuild it.")
        case let error as RegionError:
            return DeploymentDiagnosis(
                kind: .invalidRegion, summary: "\(error)", fix: "Set AWS_REGION to an AWS region, for example us-east-1.")
        case let error as HealthCheckFailed:
            var diagnosis = DeploymentDiagnosis(
                kind: .healthCheckFailed, summary: error.description,
                fix:
                    "Check the function's logs for version \(error.version); production stays on the previous version until a fixed "
                    + "version passes."
            )
            diagnosis.logTail = error.result.logTail
            return diagnosis
        case let error as RolloutGateFailed:
            var diagnosis = DeploymentDiagnosis(
                kind: .rolloutGateFailed, summary: error.description + ".",
                fix:
                    "Production is back on the previous version. Look at version \(error.version)'s errors in its logs (stream prefix "
                    + "YYYY/MM/DD/[\(error.version)]) and the gate's metric; deploy a fixed version.")
            diagnosis.logTail =
                error.logTail
                ?? (error.errorLines.isEmpty
                    ? nil : "errors of version \(error.version) during the rollout:\n" + error.errorLines.joined(separator: "\n"))
            return diagnosis
        case let error as FunctionUpdateFailed:
            return DeploymentDiagnosis(
                kind: .buildError, summary: "Lambda could not apply the update: \(error)",
                fix: "Read the reason above (a missing dependency or a bad handler usually); fix the package and deploy again.")
        default:
            return DeploymentDiagnosis(kind: .other, summary: "\(error)", fix: "See the message; retry once the cause is fixed.")
        }
    }

    static func authentication(_ diagnosis: AuthenticationDiagnosis) -> DeploymentDiagnosis {
        guard diagnosis.kind == .accessDenied else {
            return DeploymentDiagnosis(kind: .authentication, summary: diagnosis.summary + ".", fix: diagnosis.fix + ".")
        }
        let action = diagnosis.missingAction
        let statement = action.map { #"{"Effect": "Allow", "Action": "\#($0)", "Resource": "*"}"# }
        return DeploymentDiagnosis(
            kind: .permissionDenied, summary: diagnosis.summary + ".", fix: diagnosis.fix + ".",
            missingAction: action, policyStatement: statement)
    }

    static func artifactMissing(_ path: String) -> DeploymentDiagnosis {
        DeploymentDiagnosis(
            kind: .artifactMissing, summary: "the deployment package \(path) is not there.",
            fix:
                "The build job must list it under `artifacts: paths` (for example `- function.zip`), and the deploy job must run after "
                + "it (a later stage, or `needs: [build]`) without `dependencies: []`.",
            missingFiles: [path])
    }
}
