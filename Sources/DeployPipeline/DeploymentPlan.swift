import DeployCore

/// What a deployment will do: for each function, the typed actions computed from the desired
/// configuration and the live state read from AWS (with `Get`/`List` calls only), in the order
/// they run. The dry run is this plan, printed; ``DeploymentPipeline/apply(_:)`` carries out
/// exactly this plan.
///
/// ```text
/// plan for account 123456789012:
///   myLambdaFunction:
///     ~ function myLambdaFunction: CodeSha256 Zm9v… → YmFy…
///     ~ configuration of myLambdaFunction: memorySize 128 → 256
///     + version: version 3 → 4 (expected)
///     ? version: invoke the new version with 2 bytes
///     ~ alias live: version 3 → the new version
///     - versions: version 1 published → (none)
/// ```
public struct DeploymentPlan: Sendable, CustomStringConvertible {
    /// One function's plan.
    public struct FunctionPlan: Sendable {
        /// The function.
        public var name: String
        /// Its actions, in the order they start.
        public var actions: [PlannedAction]
        /// The version the alias served when the plan was read.
        public var servingVersion: String?
        /// Why the function could not be planned (a package that does not build, a secret that
        /// cannot be read); it then has no actions.
        public var diagnosis: DeploymentDiagnosis?
        /// The steps that ran while planning (the package build), for the report.
        var planningSteps: [FunctionReport.StepRecord]
        /// Whether this is the plan to the empty state.
        public var isTeardown = false
        /// The step planning failed at, with ``diagnosis``.
        var failedStep: DeploymentStep = .package
        var inputs: PlanInputs?
        /// Whether the run stopped (on a first failure) before this function was built: nothing was done.
        var wasStopped = false

        /// The first action of `step`, if the plan has one.
        public func action(_ step: DeploymentStep) -> PlannedAction? { actions.first { $0.step == step } }

        /// Whether applying the plan would send no mutating call.
        public var isEmpty: Bool { !actions.contains { $0.change.isMutating } }
    }

    /// The account the plan was read from.
    public var account: String
    /// Each function's plan, in the configuration's order.
    public var functions: [FunctionPlan]
    /// The service's `resources:` stack a teardown deletes (it exists, and this library made it).
    public var stackToDelete: String?
    /// The deployment the plan is for.
    var deployment: DeploymentConfiguration
    var clients: ServiceClients?

    init(account: String, functions: [FunctionPlan], deployment: DeploymentConfiguration, clients: ServiceClients?) {
        self.account = account
        self.functions = functions
        self.deployment = deployment
        self.clients = clients
    }

    /// The plan of `name`.
    public subscript(function name: String) -> FunctionPlan? { functions.first { $0.name == name } }

    /// Whether applying the plan would send no mutating call: after a deploy, a plan with unchanged
    /// inputs is empty, and one that is not shows the drift.
    public var isEmpty: Bool { functions.allSatisfy(\.isEmpty) && stackToDelete == nil }

    /// The plan as a diff: `+` create, `~` update, `-` delete, `?` check, and unchanged resources
    /// indented without a marker.
    public var description: String {
        var lines = ["plan for account \(account):"]
        for plan in functions {
            lines.append("  \(plan.name):")
            if let diagnosis = plan.diagnosis { lines.append("    ! \(diagnosis.summary)") }
            for action in plan.actions {
                lines += action.diffLines.map { "    \($0)" }
                if let undo = action.compensationDetail { lines.append("        on failure: \(undo)") }
            }
        }
        if let stackToDelete { lines += ["  resources:", "    - stack \(stackToDelete)"] }
        let mutating = functions.flatMap(\.actions).filter { $0.change.isMutating }.count + (stackToDelete == nil ? 0 : 1)
        lines.append(mutating == 0 ? "no changes" : "\(mutating) change\(mutating == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }
}
