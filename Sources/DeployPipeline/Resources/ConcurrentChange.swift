import DeployCore
import DeployLambda

/// What to do when Lambda refuses a write because the revision it was planned against is gone
/// (`PreconditionFailedException`): someone else changed the function between plan and apply.
///
/// The run reads the live state again and plans anew. When the new plan leaves everything the
/// other writer changed as they left it (they changed a setting this deployment does not manage,
/// or deployed the very code this run deploys), the change is compatible: the new plan is applied,
/// once. When the new plan would change again what they changed (other code, a managed setting,
/// the alias), the two deployments disagree: the run stops with a `concurrentDeployment`
/// diagnosis that names each change made underneath it, and overwrites nothing.
enum ConcurrentChange {
    /// Whether `error` is Lambda's refusal of a stale `RevisionId`.
    static func isRevisionConflict(_ error: (any Error)?) -> Bool {
        (error as? AWSServiceError)?.code == "PreconditionFailedException"
    }

    /// What differs between two reads of the function and its alias, by the names the plan uses.
    /// Environment values are never shown (they may be secrets): only the names that changed.
    static func changes(from old: LiveFunctionState, to new: LiveFunctionState) -> [AttributeChange] {
        var changes: [AttributeChange] = []
        func compare(_ name: String, _ before: String?, _ after: String?) {
            if before != after { changes.append(AttributeChange(name, before, after)) }
        }
        let (was, now) = (old.latest, new.latest)
        compare("CodeSha256", was?.codeSHA256, now?.codeSHA256)
        compare("handler", was?.handler, now?.handler)
        compare("runtime", was?.runtime, now?.runtime)
        compare("role", was?.role, now?.role)
        compare("memorySize", was?.memorySize.map(String.init), now?.memorySize.map(String.init))
        compare("timeout", was?.timeout.map(String.init), now?.timeout.map(String.init))
        let (before, after) = (was?.environment?.variables ?? [:], now?.environment?.variables ?? [:])
        let names = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        if !names.isEmpty { changes.append(AttributeChange("environment", "changed: \(names.joined(separator: ", "))", nil)) }
        compare("version", old.alias?.functionVersion, new.alias?.functionVersion)
        compare("routing", old.alias.map(routing), new.alias.map(routing))
        return changes
    }

    /// The changes that `actions` would change again.
    static func conflicts(_ changes: [AttributeChange], with actions: [PlannedAction]) -> [AttributeChange] {
        let touched = Set(actions.filter(\.change.isMutating).flatMap { $0.attributes.map(\.name) })
        return changes.filter { touched.contains($0.name) }
    }

    /// The diagnosis when the two deployments disagree.
    static func diagnosis(function: String, conflicts: [AttributeChange], refused: AWSServiceError?) -> DeploymentDiagnosis {
        let what =
            conflicts.isEmpty
            ? "a change Lambda did not show (it refused \(refused?.operation ?? "a write") for a stale revision)"
            : conflicts.map(\.description).joined(separator: "; ")
        return DeploymentDiagnosis(
            kind: .concurrentDeployment,
            summary: "another deploy changed \(function) while this one ran — \(what) — and this one would change it back.",
            fix:
                "Nothing was overwritten. Give the deploy jobs of this function one GitLab `resource_group:` so they run one at a "
                + "time, then run the pipeline again to deploy on top of the other change."
        )
    }

    private static func routing(_ alias: AliasConfiguration) -> String {
        alias.additionalVersionWeights.keys.sorted().map { "\($0): \(alias.additionalVersionWeights[$0]!)" }.joined(separator: ", ")
    }
}
