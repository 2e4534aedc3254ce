// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire names its members.
import DeployCore

extension LambdaClient {
    /// `TagResource`: adds or replaces these tags on the function (by its ARN).
    public func tagResource(_ arn: String, _ tags: [String: String]) async throws {
        struct Input: Encodable { var Tags: [String: String] }
        _ = try await client.restJSON(
            .post, "/2017-03-31/tags/{Resource}", operation: "TagResource", labels: ["Resource": arn], body: Input(Tags: tags),
            output: EmptyBody.self)
    }

    /// `UntagResource`: removes the tags with these keys.
    public func untagResource(_ arn: String, keys: [String]) async throws {
        _ = try await client.restJSON(
            .delete, "/2017-03-31/tags/{Resource}", operation: "UntagResource", labels: ["Resource": arn],
            query: keys.map { ("tagKeys", $0) }, output: EmptyBody.self)
    }
}
