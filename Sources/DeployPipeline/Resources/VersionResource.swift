import DeployLambda

/// Published versions, as a resource kind: a version is published when the code or the
/// configuration changed, or when the alias does not serve what `$LATEST` holds (drift); old
/// versions beyond the retention are deleted once the new one serves — never one an alias points
/// at, weighted (canary) ones included.
enum VersionResource {
    /// Whether `$LATEST`, after this plan, differs from what the alias serves.
    static func needsPublishing(_ inputs: PlanInputs, codeOrConfigurationChanges: Bool) -> Bool {
        guard !codeOrConfigurationChanges, let served = inputs.live.served, let alias = inputs.live.alias else { return true }
        let (_, changes) = FunctionResource.diff(served, inputs)
        return served.codeSHA256 != inputs.package.codeSHA256 || !changes.isEmpty || !alias.additionalVersionWeights.isEmpty
    }

    static func publishAction(_ inputs: PlanInputs, publishes: Bool, after dependencies: [ActionID]) -> PlannedAction {
        let serving = inputs.live.alias?.functionVersion
        guard publishes || serving == nil else {
            let version = serving ?? "$LATEST"
            return PlannedAction(
                id: inputs.id("publish"), function: inputs.function.name, step: .publish, resource: "version", change: .keep,
                detail: "nothing new to publish: \(inputs.function.alias) serves version \(version)", dependencies: dependencies
            ) { state in
                state.set(FunctionKeys.version, version)
                return "version \(version)"
            }
        }
        return publish(inputs, previous: serving, after: dependencies)
    }

    private static func publish(_ inputs: PlanInputs, previous: String?, after dependencies: [ActionID]) -> PlannedAction {
        let function = inputs.function
        let lambda = inputs.clients.lambda
        let codeSHA256 = inputs.package.codeSHA256
        let next = (inputs.live.versions.last ?? 0) + 1
        let description = InputFingerprint.recording(
            inputs.fingerprint, in: inputs.context.gitLab.commitSHA.map { "commit \($0)" } ?? function.description)
        return PlannedAction(
            id: inputs.id("publish"), function: function.name, step: .publish, resource: "version", change: .create,
            attributes: [AttributeChange("version", previous, "\(next) (expected)")], detail: "a new version", dependencies: dependencies
        ) { state in
            let published = try await lambda.publishVersion(
                function.name, codeSHA256: codeSHA256, revisionID: state[FunctionKeys.revision],
                description: description)
            let number = published.version ?? "$LATEST"
            if published.state == .pending { _ = try await lambda.waitUntilVersionActive(function.name, version: number) }
            state.set(FunctionKeys.version, number)
            return "version \(number)"
        }
    }

    /// Deletes the oldest versions beyond `keeping`, sparing every version an alias points at.
    static func pruneAction(_ inputs: PlanInputs, keeping: Int, publishes: Bool, after dependencies: [ActionID]) -> PlannedAction? {
        guard keeping > 0 else { return nil }
        var protected = Set<Int>()
        if let alias = inputs.live.alias {
            protected.insert(Int(alias.functionVersion) ?? -1)
            for version in alias.additionalVersionWeights.keys { protected.insert(Int(version) ?? -1) }
        }
        let existing = inputs.live.versions
        let room = keeping - (publishes ? 1 : 0)
        let kept = Set(existing.suffix(max(room, 0)))
        let doomed = existing.filter { !kept.contains($0) && !protected.contains($0) }
        guard !doomed.isEmpty else { return nil }
        let function = inputs.function
        let lambda = inputs.clients.lambda
        return PlannedAction(
            id: inputs.id("prune"), function: function.name, step: .prune, resource: "versions", change: .delete,
            attributes: doomed.map { AttributeChange("version \($0)", "published", nil) },
            detail: "keep the newest \(keeping): delete \(doomed.map(String.init).joined(separator: ", "))", dependencies: dependencies
        ) { state in
            // What serves now is never deleted, whatever the plan read.
            let serving = state[FunctionKeys.version]
            for version in doomed where String(version) != serving {
                _ = try await absentIfNotFound { try await lambda.deleteFunction(function.name, qualifier: String(version)) }
            }
            return "deleted version\(doomed.count == 1 ? "" : "s") \(doomed.map(String.init).joined(separator: ", "))"
        }
    }
}
