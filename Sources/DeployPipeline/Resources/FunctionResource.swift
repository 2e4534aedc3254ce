import DeployCore
import DeployLambda

/// The function itself, as a resource kind: created with its whole configuration, or its code
/// uploaded when Lambda's `CodeSha256` differs and its configuration updated when a setting
/// differs — each write guarded by the `RevisionId` read with the live state (or returned by the
/// previous write), so a change made by someone else in between fails the write instead of being
/// overwritten.
enum FunctionResource {
    /// The settings that differ between `current` and what is wanted, and their changes (names
    /// only for the environment: its values may be secrets).
    static func diff(_ current: FunctionConfiguration, _ inputs: PlanInputs) -> (FunctionSettings, [AttributeChange]) {
        let function = inputs.function
        var settings = FunctionSettings()
        var changes: [AttributeChange] = []
        if current.handler != function.handler {
            settings.handler = function.handler
            changes.append(AttributeChange("handler", current.handler, function.handler))
        }
        if current.runtime != function.runtime {
            settings.runtime = function.runtime
            changes.append(AttributeChange("runtime", current.runtime, function.runtime))
        }
        if current.role != inputs.roleARN {
            settings.role = inputs.roleARN
            changes.append(AttributeChange("role", current.role, inputs.roleARN))
        }
        if let memory = function.memorySize, current.memorySize != memory {
            settings.memorySize = memory
            changes.append(AttributeChange("memorySize", current.memorySize.map(String.init), String(memory)))
        }
        if let timeout = function.timeout, current.timeout != timeout {
            settings.timeout = timeout
            changes.append(AttributeChange("timeout", current.timeout.map(String.init), String(timeout)))
        }
        if let size = function.ephemeralStorage, (current.ephemeralStorage?.size ?? 512) != size {
            settings.ephemeralStorage = size
            changes.append(AttributeChange("ephemeralStorage", current.ephemeralStorage.map { String($0.size) }, String(size)))
        }
        if let mode = function.tracingMode, (current.tracing?.mode ?? "PassThrough") != mode {
            settings.tracingMode = mode
            changes.append(AttributeChange("tracing", current.tracing?.mode, mode))
        }
        let currentVPC = (current.vpc ?? .none).normalized
        if let vpc = function.vpc, vpc.normalized != currentVPC {
            settings.vpc = vpc
            func describe(_ vpc: FunctionVPC) -> String? {
                vpc.subnetIDs.isEmpty
                    ? nil : "subnets \(vpc.subnetIDs.joined(separator: ",")); groups \(vpc.securityGroupIDs.joined(separator: ","))"
            }
            changes.append(AttributeChange("vpc", describe(currentVPC), describe(vpc.normalized)))
        }
        if let key = function.kmsKeyARN, (current.kmsKeyARN ?? "") != key {
            settings.kmsKeyARN = key
            changes.append(AttributeChange("kmsKeyArn", current.kmsKeyARN, key.isEmpty ? nil : key))
        }
        if let target = function.deadLetterTargetARN, (current.deadLetter?.targetARN ?? "") != target {
            settings.deadLetter = FunctionDeadLetter(targetARN: target)
            changes.append(AttributeChange("deadLetter", current.deadLetter?.targetARN, target.isEmpty ? nil : target))
        }
        // Lambda reports Text with no levels when nothing was set.
        if let logging = function.logging, (current.logging ?? FunctionLogging(format: "Text")) != logging {
            settings.logging = logging
            func describe(_ logging: FunctionLogging?) -> String? {
                logging.map { ([$0.format] + [$0.applicationLogLevel, $0.systemLogLevel].compactMap { $0 }).joined(separator: " ") }
            }
            changes.append(AttributeChange("logging", describe(current.logging), describe(logging)))
        }
        let liveLayers = current.layers?.map(\.arn) ?? []
        let layers = LayerResource.arns(inputs)
        if liveLayers != layers {
            settings.layers = layers
            changes.append(
                AttributeChange(
                    "layers", liveLayers.isEmpty ? nil : liveLayers.joined(separator: ", "),
                    layers.isEmpty ? "none" : layers.joined(separator: ", ")))
        }
        let live = current.environment?.variables ?? [:]
        if live != inputs.environment {
            settings.environment = inputs.environment
            let names = Set(live.keys).union(inputs.environment.keys).filter { live[$0] != inputs.environment[$0] }.sorted()
            changes.append(
                AttributeChange(
                    "environment", "\(live.count) variables",
                    "\(inputs.environment.count) variables (changed: \(names.joined(separator: ", ")))"))
        }
        return (settings, changes)
    }

    /// Create the function, upload its code, or keep it.
    static func codeAction(_ inputs: PlanInputs, after dependencies: [ActionID]) -> PlannedAction {
        let function = inputs.function
        let package = inputs.package
        let lambda = inputs.clients.lambda
        let code = inputs.code
        guard let latest = inputs.live.latest else {
            let roleARN = inputs.roleARN
            let environment = inputs.environment
            return PlannedAction(
                id: inputs.id("function"), function: function.name, step: .function, resource: "function \(function.name)", change: .create,
                attributes: [
                    AttributeChange("CodeSha256", nil, package.codeSHA256), AttributeChange("runtime", nil, function.runtime),
                    AttributeChange("handler", nil, function.handler),
                ],
                detail: "\(function.name) (\(function.runtime), \(function.handler))", dependencies: dependencies
            ) { state in
                var definition = FunctionDefinition(
                    name: function.name, role: roleARN, handler: function.handler, runtime: function.runtime, code: code,
                    memorySize: function.memorySize, timeout: function.timeout, environment: environment.isEmpty ? nil : environment,
                    architectures: function.architecture.map { [$0] },
                    layers: function.layers.isEmpty ? nil : LayerResource.arns(inputs, state: state), description: function.description,
                    tags: (function.tags ?? [:]).merging(Teardown.managedTags) { _, managed in managed },
                    ephemeralStorage: function.ephemeralStorage, tracingMode: function.tracingMode)
                definition.vpc = function.vpc
                definition.kmsKeyARN = function.kmsKeyARN
                definition.deadLetter = function.deadLetterTargetARN.map(FunctionDeadLetter.init)
                definition.logging = function.logging
                _ = try await UnknownOutcome.write {
                    try await lambda.createFunction(definition)
                } observe: {
                    // The answer was lost: the function is this run's if it holds this run's code.
                    try await UnknownOutcome.observing {
                        try await lambda.configuration(function.name)
                    } _: { found in
                        found.codeSHA256 == package.codeSHA256 ? .landed(found) : .different
                    }
                }
                let active = try await lambda.waitUntilActive(function.name)
                state.set(FunctionKeys.revision, active.revisionID)
                state.set(FunctionKeys.functionARN, active.arn)
                return "created"
            }
        }
        // Lambda changes the instruction set only with the code: a new architecture sends the code again.
        let currentArchitecture = latest.architectures?.first ?? "x86_64"
        let architecture = function.architecture.flatMap { $0 == currentArchitecture ? nil : $0 }
        if latest.codeSHA256 == package.codeSHA256, architecture == nil {
            let detail = "code unchanged (CodeSha256 \(package.codeSHA256)): upload skipped"
            return PlannedAction(
                id: inputs.id("function"), function: function.name, step: .function, resource: "function \(function.name)",
                change: .keep, detail: detail, dependencies: dependencies, body: { _ in detail })
        }
        return PlannedAction(
            id: inputs.id("function"), function: function.name, step: .function, resource: "function \(function.name)", change: .update,
            attributes: (latest.codeSHA256 == package.codeSHA256
                ? [] : [AttributeChange("CodeSha256", latest.codeSHA256, package.codeSHA256)])
                + (architecture.map { [AttributeChange("architecture", currentArchitecture, $0)] } ?? []),
            detail: architecture.map { "move to \($0) (the code goes with it)" }
                ?? "upload new code (Lambda has \(latest.codeSHA256 ?? "none"))",
            dependencies: dependencies
        ) { state in
            let updated = try await lambda.updateFunctionCode(
                function.name, code: code, revisionID: state[FunctionKeys.revision], architectures: architecture.map { [$0] })
            let settled = updated.lastUpdateStatus == .inProgress ? try await lambda.waitUntilUpdated(function.name) : updated
            state.set(FunctionKeys.revision, settled.revisionID)
            return inputs.artifact.map { "code updated from s3://\($0.bucket)/\($0.key)" } ?? "code uploaded (\(package.size) bytes)"
        }
    }

    /// Update the settings that differ, or keep them.
    static func configurationAction(_ inputs: PlanInputs, after code: ActionID) -> PlannedAction {
        let function = inputs.function
        let lambda = inputs.clients.lambda
        guard let latest = inputs.live.latest else {
            return PlannedAction(
                id: inputs.id("configuration"), function: function.name, step: .configuration, resource: "configuration",
                change: .keep, detail: "set when the function is created", dependencies: [code],
                body: { _ in "set at creation" })
        }
        let (settings, changes) = diff(latest, inputs)
        guard !changes.isEmpty else {
            return PlannedAction(
                id: inputs.id("configuration"), function: function.name, step: .configuration, resource: "configuration",
                change: .keep, detail: "unchanged", dependencies: [code], body: { _ in "unchanged" })
        }
        let names = changes.map(\.name).joined(separator: ", ")
        return PlannedAction(
            id: inputs.id("configuration"), function: function.name, step: .configuration, resource: "configuration of \(function.name)",
            change: .update, attributes: changes, detail: names, dependencies: [code]
        ) { state in
            var settings = settings
            // A layer version this run published is known only now.
            if settings.layers != nil { settings.layers = LayerResource.arns(inputs, state: state) }
            let updated = try await lambda.updateFunctionConfiguration(function.name, settings, revisionID: state[FunctionKeys.revision])
            let settled = updated.lastUpdateStatus == .inProgress ? try await lambda.waitUntilUpdated(function.name) : updated
            state.set(FunctionKeys.revision, settled.revisionID)
            // Names only: values may be secrets.
            return "updated " + names
        }
    }
}
