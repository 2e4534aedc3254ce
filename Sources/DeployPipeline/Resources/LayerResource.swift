import DeployCore
import DeployLambda

/// A managed layer, as a resource kind: read with `ListLayerVersions` and `GetLayerVersion` (the
/// newest version's `CodeSha256`); a version is published only when the built zip's SHA-256
/// differs from it (through the S3 deployment bucket above the direct-upload limit); the
/// function's `Layers` name the resulting version ARNs; old versions no function uses are pruned.
///
/// Shared: every function that names the layer plans it, the first (in configuration order)
/// shows the publication, and it runs once per run whichever function gets there first.
enum LayerResource {
    /// One managed layer: built, and what Lambda has of it.
    struct Planned: Sendable {
        var layer: LayerDeployment
        var package: BuiltPackage
        /// The newest published version, with its `CodeSha256`; `nil` when none is.
        var newest: LayerVersion?
        /// How many versions are published.
        var versionCount: Int
        /// The zip's place in the deployment bucket, when it goes through S3.
        var artifact: ArtifactResource.Live?

        /// The newest version holds exactly these bytes.
        var isUnchanged: Bool { newest?.codeSHA256 == package.codeSHA256 }
    }

    /// The state key holding the ARN of the layer version the function gets.
    static func arnKey(_ name: String) -> StateKey<String> { StateKey("layer:\(name)") }

    /// Reads what Lambda (and S3, for a large zip) has of `layer`, built as `package`.
    static func read(
        _ layer: LayerDeployment, package: BuiltPackage, account: String, settings: ArtifactSettings, clients: ServiceClients
    ) async throws -> Planned {
        let lambda = clients.lambda
        async let artifact = ArtifactResource.read(
            "layers/\(layer.name)", package: package, account: account, settings: settings, clients: clients)
        let listed = try await absentIfNotFound { try await lambda.layerVersions(layer.name).collect() } ?? []
        var newest = listed.max { $0.version < $1.version }
        if let version = newest?.version {
            newest = try await absentIfNotFound { try await lambda.layerVersion(layer.name, version: version) }
        }
        return Planned(layer: layer, package: package, newest: newest, versionCount: listed.count, artifact: try await artifact)
    }

    /// The version ARNs the function is to run with, in order; a layer this run publishes is named
    /// by what ``action(_:_:)`` put in `state`, or `NAME:(new version)` in the plan.
    static func arns(_ inputs: PlanInputs, state: ApplyState? = nil) -> [String] {
        inputs.function.layers.map { layer in
            switch layer {
            case .arn(let arn): return arn
            case .managed(let managed):
                if let arn = state?[arnKey(managed.name)] { return arn }
                let planned = inputs.layers.first { $0.layer.name == managed.name }
                if let planned, planned.isUnchanged, let arn = planned.newest?.arn { return arn }
                return "\(managed.name):(new version)"
            }
        }
    }

    /// Keep the newest version, or publish a new one.
    static func action(_ inputs: PlanInputs, _ planned: Planned) -> PlannedAction {
        let name = planned.layer.name
        let function = inputs.function.name
        let id = inputs.id("layer-\(name)")
        let creator = inputs.shared.layerCreators[name] ?? function
        if planned.isUnchanged, let newest = planned.newest {
            let detail = "version \(newest.version) holds this content (CodeSha256 \(planned.package.codeSHA256)): not published again"
            return PlannedAction(
                id: id, function: function, step: .layer, resource: "layer \(name)", change: .keep, detail: detail
            ) { state in
                state.set(arnKey(name), newest.arn)
                return detail
            }
        }
        let clients = inputs.clients
        let shared = inputs.shared
        let settings = inputs.context.artifacts
        let next = (planned.newest?.version ?? 0) + 1
        let upload = planned.artifact.map {
            ArtifactResource.plannedUpload($0, package: planned.package, settings: inputs.context.artifacts)
        }
        let detail =
            creator == function
            ? "publish version \(next) (\(planned.package.size) bytes" + (upload.map { "; \($0)" } ?? "") + ")"
            : "published once for the run (with \(creator)'s plan)"
        return PlannedAction(
            id: id, function: function, step: .layer, resource: "layer \(name)", change: creator == function ? .create : .keep,
            attributes: creator == function
                ? [AttributeChange("version", planned.newest.map { String($0.version) }, "\(next) (expected)")] : [],
            detail: detail
        ) { state in
            let emit = state[FunctionKeys.emit] ?? { _ in }
            let version = try await shared.once("layer:\(name)") {
                try await publish(planned, clients: clients, shared: shared, settings: settings, label: function, emit: emit)
            }
            state.set(arnKey(name), version.arn)
            return "version \(version.version) (\(version.arn))"
        }
    }

    /// The publication: the zip to S3 first when it goes through S3 (its progress reported under
    /// `label`), then `PublishLayerVersion`; a lost answer is settled by reading the newest version.
    static func publish(
        _ planned: Planned, clients: ServiceClients, shared: SharedResources, settings: ArtifactSettings, label: String,
        emit: @escaping @Sendable (DeploymentEvent) -> Void
    ) async throws -> LayerVersion {
        let lambda = clients.lambda
        let layer = planned.layer
        var content = FunctionCode.zipFile(path: planned.package.path)
        if let artifact = planned.artifact {
            _ = try await ArtifactResource.store(
                artifact, package: planned.package, settings: settings, s3: clients.s3, shared: shared,
                progress: { emit(.artifactProgress(function: label, progress: $0)) })
            content = .s3(bucket: artifact.bucket, key: artifact.key)
        }
        let definition = LayerDefinition(
            name: layer.name, content: content, description: layer.description,
            compatibleRuntimes: layer.compatibleRuntimes.isEmpty ? nil : layer.compatibleRuntimes,
            compatibleArchitectures: layer.compatibleArchitectures.isEmpty ? nil : layer.compatibleArchitectures,
            licenseInfo: layer.licenseInfo)
        return try await UnknownOutcome.write {
            try await lambda.publishLayerVersion(definition)
        } observe: {
            // The answer was lost: the version is this run's if the newest one holds this content.
            let listed = try await lambda.layerVersions(layer.name).collect()
            guard let newest = listed.max(by: { $0.version < $1.version }), newest.version > (planned.newest?.version ?? 0) else {
                return .absent
            }
            let found = try await lambda.layerVersion(layer.name, version: newest.version)
            return found.codeSHA256 == planned.package.codeSHA256 ? .landed(found) : .different
        }
    }

    /// Deletes the layer's versions beyond its ``LayerDeployment/keptVersions`` newest that no
    /// function's `$LATEST` names (read at apply, after this function moved to its new version);
    /// once per run per layer.
    static func pruneAction(_ inputs: PlanInputs, _ planned: Planned, after dependencies: [ActionID]) -> PlannedAction? {
        let name = planned.layer.name
        let afterward = planned.versionCount + (planned.isUnchanged ? 0 : 1)
        guard inputs.shared.layerCreators[name] == inputs.function.name, afterward > planned.layer.keptVersions else { return nil }
        let lambda = inputs.clients.lambda
        let kept = planned.layer.keptVersions
        let shared = inputs.shared
        return PlannedAction(
            id: inputs.id("prune-layer-\(name)"), function: inputs.function.name, step: .prune, resource: "layer \(name) versions",
            change: .delete, detail: "keep the newest \(kept) and every version a function uses", dependencies: dependencies
        ) { state in
            try await shared.once("prune-layer:\(name)") {
                let versions = try await lambda.layerVersions(name).collect().sorted { $0.version > $1.version }
                guard versions.count > kept else { return "nothing to delete" }
                var used = Set<String>()
                for try await function in lambda.functions() { used.formUnion((function.layers ?? []).map(\.arn)) }
                if let current = state[arnKey(name)] { used.insert(current) }
                let doomed = versions.dropFirst(kept).filter { !used.contains($0.arn) }.map(\.version)
                for version in doomed { try await lambda.deleteLayerVersion(name, version: version) }
                return doomed.isEmpty
                    ? "every older version is in use"
                    : "deleted version\(doomed.count == 1 ? "" : "s") \(doomed.map(String.init).joined(separator: ", "))"
            }
        }
    }
}
