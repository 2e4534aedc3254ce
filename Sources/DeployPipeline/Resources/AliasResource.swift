import DeployCore
import DeployLambda

/// The alias production traffic goes through, as a resource kind: created on the first version,
/// moved to a new version at once or through a rollout's weighted steps (`RolloutActions`), each
/// write guarded by the alias's `RevisionId`; the final move records the version's fingerprint in
/// the alias's description (``AliasRecord``). Every move carries its compensation: the alias back on
/// the version it served (weights cleared, its description restored), or removed when this run
/// created it — but only while it is still where this run left it; if someone else moved it since,
/// it is left alone and the report says so.
enum AliasResource {
    /// What a second compensation of the same alias says: the first already put it back.
    static let alreadyRestored = "already back"
    private static let restored = StateKey<Bool>("aliasRestored")

    /// The alias, once the new version is known; `nil` when nothing moves.
    static func actions(_ inputs: PlanInputs, publishes: Bool, after dependencies: [ActionID]) -> [PlannedAction] {
        let function = inputs.function
        let lambda = inputs.clients.lambda
        let name = function.alias
        guard let live = inputs.live.alias else {
            return [
                undoingOwnFailure(
                    PlannedAction(
                        id: inputs.id("alias"), function: function.name, step: .alias, resource: "alias \(name)", change: .create,
                        attributes: [AttributeChange("version", nil, "the new version")], detail: "\(name) → the new version",
                        dependencies: dependencies,
                        compensation: Compensation(detail: "remove \(name)") { _ in
                            _ = try await absentIfNotFound { try await lambda.deleteAlias(function.name, name: name) }
                            return "alias removed"
                        }
                    ) { state in
                        let version = try state.require(FunctionKeys.version)
                        let record = AliasRecord.of(inputs, version: version)?.text
                        let created = try await UnknownOutcome.write {
                            try await lambda.createAlias(function.name, name: name, version: version, description: record)
                        } observe: {
                            try await UnknownOutcome.observing {
                                try await lambda.alias(function.name, name: name)
                            } _: { alias in
                                alias.functionVersion == version && alias.additionalVersionWeights.isEmpty ? .landed(alias) : .different
                            }
                        }
                        state.set(FunctionKeys.aliasRevision, created.revisionID)
                        return "created \(name) → version \(version)"
                    })
            ]
        }
        guard publishes else {
            return [
                PlannedAction(
                    id: inputs.id("alias"), function: function.name, step: .alias, resource: "alias \(name)", change: .keep,
                    detail: "\(name) on version \(live.functionVersion)", dependencies: dependencies,
                    body: { _ in "\(name) on version \(live.functionVersion)" })
            ]
        }
        let previous = live.functionVersion
        let restore: @Sendable (ApplyState) async throws -> String = { state in
            if state[restored] == true { return "\(alreadyRestored) on version \(previous)" }
            do {
                let back = try await lambda.updateAlias(
                    function.name, name: name, version: previous, weights: [:], revisionID: state[FunctionKeys.aliasRevision],
                    description: live.description ?? "")
                state.set(FunctionKeys.aliasRevision, back.revisionID)
                state.set(restored, true)
                return "alias back on version \(previous)"
            } catch let error as AWSServiceError where error.code == "PreconditionFailedException" {
                // Our own write may have landed without its answer (its revision unknown): the alias
                // is then where this run left it, and is put back; anywhere else, someone moved it.
                let now = try await lambda.alias(function.name, name: name)
                let version = state[FunctionKeys.version]
                let ours =
                    now.functionVersion == version
                    || (now.functionVersion == previous && Set(now.additionalVersionWeights.keys) == Set([version].compactMap { $0 }))
                guard ours || (now.functionVersion == previous && now.additionalVersionWeights.isEmpty) else {
                    throw CompensationRefused(
                        reason:
                            "someone else moved \(name) since this run did (now on version \(now.functionVersion)"
                            + (now.additionalVersionWeights.isEmpty ? "" : " with weights \(now.additionalVersionWeights)")
                            + "); it is left as they set it"
                    )
                }
                state.set(FunctionKeys.aliasRevision, now.revisionID)
                throw error  // retried by the executor, now with the alias's current revision
            }
        }
        func move(_ id: String, weight: Double?, after dependencies: [ActionID]) -> PlannedAction {
            let share = weight.map { "\(Int(($0 * 100).rounded()))% to the new version" } ?? "the new version"
            return undoingOwnFailure(
                PlannedAction(
                    id: inputs.id(id), function: function.name, step: .alias, resource: "alias \(name)", change: .update,
                    attributes: [
                        AttributeChange(weight == nil ? "version" : "routing", weight == nil ? previous : "100% to \(previous)", share)
                    ],
                    detail: "\(name) on version \(previous) → \(share)", dependencies: dependencies,
                    compensation: Compensation(detail: "\(name) back on version \(previous)", run: restore)
                ) { state in
                    let version = try state.require(FunctionKeys.version)
                    let revision = state[FunctionKeys.aliasRevision] ?? live.revisionID
                    if let weight {
                        let moved = try await lambda.updateAlias(
                            function.name, name: name, version: previous, weights: [version: weight], revisionID: revision)
                        state.set(FunctionKeys.aliasRevision, moved.revisionID)
                        return "canary: \(Int((weight * 100).rounded()))% to version \(version)"
                    }
                    let moved = try await lambda.updateAlias(
                        function.name, name: name, version: version, weights: [:], revisionID: revision,
                        description: AliasRecord.of(inputs, version: version)?.text)
                    state.set(FunctionKeys.aliasRevision, moved.revisionID)
                    return "\(name) → version \(version) (was \(previous))"
                })
        }
        func undoingOwnFailure(_ action: PlannedAction) -> PlannedAction {
            var action = action
            action.compensatesOwnFailure = true
            return action
        }
        guard function.rollout.isGradual else {
            return [move("alias", weight: nil, after: dependencies)]
        }
        return RolloutActions.actions(inputs, after: dependencies) { move($0, weight: $1, after: $2) }
    }
}
