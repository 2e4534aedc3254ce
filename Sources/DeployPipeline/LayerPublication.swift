/// A managed layer as ``DeploymentPipeline/publishLayers(_:)`` left it: its newest version, and
/// whether this run published it.
public struct LayerPublication: Sendable, Hashable, CustomStringConvertible {
    /// The layer's name.
    public var name: String
    /// Its newest version.
    public var version: Int
    /// That version's ARN.
    public var arn: String
    /// Whether this run published the version (its content changed), or found it holding this content.
    public var wasPublished: Bool

    /// A layer version.
    public init(name: String, version: Int, arn: String, wasPublished: Bool) {
        self.name = name
        self.version = version
        self.arn = arn
        self.wasPublished = wasPublished
    }

    public var description: String {
        "\(name): " + (wasPublished ? "published version \(version)" : "version \(version) holds this content: not published again")
    }
}

extension DeploymentPipeline {
    /// Publishes the managed layers `deployment`'s functions use — each once, and only when its
    /// content changed — and deploys no function: the first job of a sharded monorepo pipeline
    /// (``PipelineManifests/monorepoPipeline(_:distribution:repositoryRoot:product:packagePath:image:stage:)``),
    /// after which every deploy job finds the layers published and the shards need not keep the
    /// functions sharing a layer together
    /// (``DeploymentConfiguration/shardForCurrentJob(layersPublishedEarlier:)`` with `true`).
    ///
    /// ```swift
    /// for layer in try await pipeline.publishLayers(deployment) { print(layer) }
    /// ```
    /// - Throws: a ``DeploymentDiagnosis`` naming the layer that could not be built or published.
    public func publishLayers(_ deployment: DeploymentConfiguration) async throws -> [LayerPublication] {
        let setup = try await prepare(deployment, emit: { _ in })
        let context = runContext(deployment, emit: { _ in })
        var seen: Set<String> = []
        var publications: [LayerPublication] = []
        for function in deployment.functions {
            for case .managed(let layer) in function.layers where seen.insert(layer.name).inserted {
                do {
                    let package = try await PackagePreflight.layer(layer, workDirectory: context.workDirectory)
                    let planned = try await LayerResource.read(
                        layer, package: package, account: setup.account, settings: context.artifacts, clients: setup.clients)
                    if planned.isUnchanged, let newest = planned.newest {
                        publications.append(
                            LayerPublication(name: layer.name, version: newest.version, arn: newest.arn, wasPublished: false))
                        continue
                    }
                    let version = try await LayerResource.publish(
                        planned, clients: setup.clients, shared: setup.shared, settings: context.artifacts, label: layer.name,
                        emit: { _ in })
                    logger.info("layer published", metadata: ["layer": "\(layer.name)", "version": "\(version.version)"])
                    publications.append(LayerPublication(name: layer.name, version: version.version, arn: version.arn, wasPublished: true))
                } catch {
                    throw DeploymentDiagnosis.diagnose(error, function: "layer \(layer.name)", region: configuration.region.name)
                }
            }
        }
        return publications
    }
}
