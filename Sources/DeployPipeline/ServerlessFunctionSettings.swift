import DeployLambda
import DeployManifests

/// A function's network, encryption, dead-letter and logging settings in a `serverless.yml`
/// (the function's own, else `provider`'s):
///
/// ```yaml
/// provider:
///   vpc: {securityGroupIds: [sg-0a1b], subnetIds: [subnet-1a, subnet-1b]}
///   kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/abcd
///   logs:
///     lambda: {logFormat: JSON, applicationLogLevel: INFO, systemLogLevel: WARN}
/// functions:
///   worker:
///     onError: arn:aws:sns:us-east-1:123456789012:failed-jobs
///     reservedConcurrency: 20
///     provisionedConcurrency: 5
/// ```
enum ServerlessFunctionSettings {
    static func apply(_ setting: (String) -> YAMLNode?, to deployment: inout FunctionDeployment, function: String) throws {
        if let vpc = setting("vpc"), vpc.isMapping {
            func ids(_ key: String) throws -> [String] {
                let items = vpc[key]?.sequence ?? []
                let texts = items.compactMap(\.scalarText)
                guard texts.count == items.count else {
                    throw DeploymentDiagnosis(
                        kind: .invalidInput, summary: "function \(function): vpc.\(key) holds a CloudFormation reference.",
                        fix:
                            "Give the ids themselves (subnet-…, sg-…), from a `${param:…}` or `${ssm:…}` variable if they differ per stage."
                    )
                }
                return texts
            }
            deployment.vpc = FunctionVPC(subnetIDs: try ids("subnetIds"), securityGroupIDs: try ids("securityGroupIds"))
        }
        deployment.kmsKeyARN = (setting("kmsKeyArn") ?? setting("awsKmsKeyArn"))?.scalarText
        if let target = setting("onError")?.scalarText { deployment.deadLetterTargetARN = target }
        func int(_ key: String) -> Int? { setting(key).flatMap { $0.int ?? $0.scalarText.flatMap { Int($0) } } }
        deployment.reservedConcurrency = int("reservedConcurrency")
        deployment.provisionedConcurrency = int("provisionedConcurrency")
        if let lambda = setting("logs")?["lambda"], let format = lambda["logFormat"]?.scalarText {
            deployment.logging = FunctionLogging(
                format: format, applicationLogLevel: lambda["applicationLogLevel"]?.scalarText,
                systemLogLevel: lambda["systemLogLevel"]?.scalarText)
        }
    }

    /// `provider.tags` and the function's `tags`, merged (the function's win); `nil` when neither has any.
    static func tags(provider: YAMLNode?, function: YAMLNode?) -> [String: String]? {
        let nodes = [provider, function].compactMap { $0 }.filter(\.isMapping)
        guard !nodes.isEmpty else { return nil }
        var tags: [String: String] = [:]
        for node in nodes {
            for entry in node.entries { if let value = entry.value.scalarText { tags[entry.key] = value } }
        }
        return tags
    }
}
