// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire names its members.
import DeployCore

extension LambdaClient {
    /// `PublishLayerVersion`: a new version of `definition.name` from a zip on disk (streamed into
    /// the request, at most 50 MB) or in S3.
    ///
    /// Publishing is not idempotent (each call makes a new version): a lost answer is not sent
    /// again (`TransportError.mayHaveTakenEffect`).
    public func publishLayerVersion(_ definition: LayerDefinition) async throws -> LayerVersion {
        try LambdaInput.checkLayerName(definition.name)
        struct Input: Encodable {
            var Content: CodeInput
            var Description: String?
            var CompatibleRuntimes: [String]?
            var CompatibleArchitectures: [String]?
            var LicenseInfo: String?
        }
        let input = Input(
            Content: try CodeInput(definition.content), Description: definition.description,
            CompatibleRuntimes: definition.compatibleRuntimes, CompatibleArchitectures: definition.compatibleArchitectures,
            LicenseInfo: definition.licenseInfo)
        return try await sendJSON(
            .post, "/2018-10-31/layers/{LayerName}/versions", "PublishLayerVersion", labels: ["LayerName": definition.name],
            body: input, code: definition.content, output: LayerVersion.self)
    }

    /// `ListLayerVersions`, every page, newest first (as Lambda lists them); none for a layer
    /// that does not exist.
    public func layerVersions(_ layer: String) -> AWSPaginator<LayerVersion> {
        struct Output: Decodable {
            var LayerVersions: [LayerVersion]?
            var NextMarker: String?
        }
        let lambda = self
        return AWSPaginator { marker in
            try LambdaInput.checkLayerName(layer)
            let page = try await lambda.sendJSON(
                .get, "/2018-10-31/layers/{LayerName}/versions", "ListLayerVersions", labels: ["LayerName": layer],
                query: [("Marker", marker)], output: Output.self)
            return (page.LayerVersions ?? [], page.NextMarker)
        }
    }

    /// `GetLayerVersion`: one version, with its zip's SHA-256 and size.
    public func layerVersion(_ layer: String, version: Int) async throws -> LayerVersion {
        try LambdaInput.checkLayerName(layer)
        return try await sendJSON(
            .get, "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}", "GetLayerVersion",
            labels: ["LayerName": layer, "VersionNumber": String(version)], output: LayerVersion.self)
    }

    /// `DeleteLayerVersion`. Functions that use the version keep working: Lambda keeps a copy
    /// until none refers to it, but no function can add it any more.
    public func deleteLayerVersion(_ layer: String, version: Int) async throws {
        try LambdaInput.checkLayerName(layer)
        _ = try await sendJSON(
            .delete, "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}", "DeleteLayerVersion",
            labels: ["LayerName": layer, "VersionNumber": String(version)], output: EmptyBody.self)
    }
}
