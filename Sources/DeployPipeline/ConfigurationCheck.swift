import DeployEventBridge
import DeployIAM
import DeployLambda

/// The function's settings checked before anything is sent: values Lambda would refuse, and an
/// architecture a managed layer does not declare.
enum ConfigurationCheck {
    /// Functions sharing a managed role grant the same statements: the role holds one policy for them.
    static func checkSharedRole(_ function: FunctionDeployment, shared: SharedResources) throws {
        guard case .managed(let name) = function.role, let first = shared.roleStatements[name], first != function.roleStatements else {
            return
        }
        throw DeploymentDiagnosis(
            kind: .invalidInput,
            summary: "\(function.name) shares the managed role \(name) with \(shared.roleCreators[name] ?? "another function") but grants "
                + "different statements (\(function.roleStatements.count) against \(first.count)).",
            fix: "Give the functions of one role the same `roleStatements`, or each its own role (`.managed(\"NAME\")`).")
    }

    static func check(_ function: FunctionDeployment) throws {
        if let architecture = function.architecture, !["x86_64", "arm64"].contains(architecture) {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(function.name): architecture \(architecture) is not one Lambda runs.",
                fix: "Use x86_64 or arm64.")
        }
        if let size = function.ephemeralStorage, !(512...10_240).contains(size) {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(function.name): ephemeral storage \(size) MB is outside Lambda's 512 to 10,240 MB.",
                fix: "Give /tmp between 512 and 10,240 MB.")
        }
        if let mode = function.tracingMode, !["Active", "PassThrough"].contains(mode) {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(function.name): tracing \(mode) is not a mode Lambda knows.",
                fix: "Use Active or PassThrough.")
        }
        if let vpc = function.vpc,
            let bad = vpc.subnetIDs.first(where: { !$0.hasPrefix("subnet-") }) ?? vpc.securityGroupIDs.first(where: { !$0.hasPrefix("sg-") }
            )
                ?? (vpc.subnetIDs.isEmpty != vpc.securityGroupIDs.isEmpty ? "(one list empty)" : nil)
        {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(function.name): the VPC configuration has \(bad), not a subnet-… or sg-… id.",
                fix: "Give subnet ids (subnet-…) and security group ids (sg-…), both or neither (FunctionVPC.none leaves the VPC).")
        }
        if let problem = function.logging?.problem {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(function.name): \(problem).",
                fix: "Use format Text, or JSON with an application level TRACE…FATAL and a system level DEBUG, INFO or WARN.")
        }
        if let target = function.deadLetterTargetARN, !target.isEmpty, !(target.contains(":sqs:") || target.contains(":sns:")) {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(function.name): the dead-letter target \(target) is not an SQS queue or SNS topic ARN.",
                fix: "Give arn:aws:sqs:REGION:ACCOUNT:QUEUE or arn:aws:sns:REGION:ACCOUNT:TOPIC (the execution role needs to send to it).")
        }
        if let api = function.httpAPI {
            for (route, authorizer) in api.authorization.sorted(by: { $0.key < $1.key }) {
                guard case .jwt(let name, _) = authorizer, !api.authorizers.contains(where: { $0.name == name }) else { continue }
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "\(function.name): HTTP API route \(route) names authorizer \(name), which is not declared.",
                    fix: "Add an HTTPAPIJWTAuthorizer called \(name) to the function's httpAPI.authorizers.")
            }
        }
        if let reserved = function.reservedConcurrency, reserved < 0 {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(function.name): reserved concurrency \(reserved) is negative.",
                fix: "Reserve 0 (throttles every invocation) or more.")
        }
        if let provisioned = function.provisionedConcurrency, provisioned < 0 {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(function.name): provisioned concurrency \(provisioned) is negative.",
                fix: "Give 1 or more environments, or 0 to remove provisioned concurrency.")
        }
        if let reserved = function.reservedConcurrency, let provisioned = function.provisionedConcurrency, provisioned > reserved {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "\(function.name): \(provisioned) provisioned environments exceed the \(reserved) reserved for the function.",
                fix: "Reserve at least as much concurrency as you provision.")
        }
        for schedule in function.schedules {
            if let problem = ScheduleExpression.problem(schedule.expression) {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "\(function.name): the schedule \(problem).",
                    fix: "Write rate(1 minute), rate(5 minutes) or cron(0 12 * * ? *) (six fields; EventBridge's cron, not Unix's).")
            }
        }
        for stream in function.streams {
            let settings = stream.settings
            let problem: String? =
                if !["TRIM_HORIZON", "LATEST"].contains(settings.startingPosition ?? "TRIM_HORIZON") {
                    "starting position \(settings.startingPosition ?? "") is not TRIM_HORIZON or LATEST"
                } else if let size = settings.batchSize, !(1...10_000).contains(size) {
                    "batch size \(size) is outside 1 to 10,000"
                } else if let factor = settings.parallelizationFactor, !(1...10).contains(factor) {
                    "parallelization factor \(factor) is outside 1 to 10"
                } else if let retries = settings.maximumRetryAttempts, !(-1...10_000).contains(retries) {
                    "maximum retry attempts \(retries) is outside -1 (until the records expire) to 10,000"
                } else if let age = settings.maximumRecordAge, age != -1, !(60...604_800).contains(age) {
                    "maximum record age \(age) s is neither -1 (no limit) nor 60 to 604,800"
                } else { nil }
            if let problem {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "\(function.name): the stream \(stream.streamARN): \(problem).",
                    fix: "Set it within Lambda's range (`startingPosition: TRIM_HORIZON` reads from the oldest record, `LATEST` "
                        + "from now on).")
            }
        }
        let architecture = function.architecture ?? "x86_64"
        for case .managed(let layer) in function.layers
        where !layer.compatibleArchitectures.isEmpty && !layer.compatibleArchitectures.contains(architecture) {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "\(function.name) runs on \(architecture), but layer \(layer.name) declares only "
                    + "\(layer.compatibleArchitectures.joined(separator: ", ")).",
                fix: "Build the layer for \(architecture) (native dependencies differ) and declare it, or run the function on "
                    + "\(layer.compatibleArchitectures[0]).")
        }
    }
}
