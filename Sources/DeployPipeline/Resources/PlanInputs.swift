import DeployAPIGateway
import DeployLambda

/// Everything a resource kind needs to plan its part of one function: what is wanted, what AWS
/// has, and the clients that will carry the plan out.
struct PlanInputs: Sendable {
    /// The desired function.
    var function: FunctionDeployment
    /// Its package, built and checked.
    var package: BuiltPackage
    /// Its environment with secrets resolved (values never leave this struct but to Lambda).
    var environment: [String: String]
    /// The account deployed to.
    var account: String
    /// What AWS has now.
    var live: LiveFunctionState
    /// The package's place in the S3 deployment bucket, when it goes through S3.
    var artifact: ArtifactResource.Live?
    /// Its inputs' fingerprint, recorded in the version it publishes (`nil` when not computed).
    var fingerprint: InputFingerprint?
    /// The function's managed layers: built, and what Lambda has of them.
    var layers: [LayerResource.Planned] = []
    /// The clients, the run's shared resources and its settings.
    var clients: ServiceClients
    var shared: SharedResources
    var context: RunContext

    /// The ARN given; for a managed role, its ARN as IAM has it, or the one it will have once
    /// created (`arn:PARTITION:iam::ACCOUNT:role/NAME`).
    var roleARN: String {
        switch function.role {
        case .arn(let arn): return arn
        case .managed(let name): return live.role?.arn ?? "arn:\(clients.region.partition.id):iam::\(account):role/\(name)"
        }
    }

    /// The function's ARN.
    var functionARN: String { "arn:\(clients.region.partition.id):lambda:\(clients.region.name):\(account):function:\(function.name)" }

    /// The alias's ARN, which the API's integrations and permission name.
    var aliasARN: String { functionARN + ":" + function.alias }

    /// The code as `CreateFunction`/`UpdateFunctionCode` take it: the S3 object, or the zip on
    /// disk, streamed into the request.
    var code: FunctionCode {
        if let artifact { return .s3(bucket: artifact.bucket, key: artifact.key) }
        return .zipFile(path: package.path)
    }

    /// An id for one of this function's actions.
    func id(_ name: String) -> ActionID { ActionID("\(function.name)/\(name)") }
}

/// The values this function's actions hand to each other.
enum FunctionKeys {
    /// The function's revision after the last change this run made (for the next guarded call).
    static let revision = StateKey<String>("revision")
    /// The version this run published (or found already published).
    static let version = StateKey<String>("version")
    /// The alias's revision after this run's last change to it.
    static let aliasRevision = StateKey<String>("aliasRevision")
    /// The function's ARN once it exists.
    static let functionARN = StateKey<String>("functionARN")
    /// The endpoints the API serves.
    static let endpoints = StateKey<[InvokeURL]>("endpoints")
    /// Where the applying run's events go (an action's progress is reported to the run that
    /// applies it, not to the one that planned it).
    static let emit = StateKey<@Sendable (DeploymentEvent) -> Void>("emit")
}
