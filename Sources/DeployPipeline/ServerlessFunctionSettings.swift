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
///     onError: arn:aws:sns:us-east-1:123456789012:failed-jobs   # or !Ref FailedJobs, !GetAtt DeadLetters.Arn of resources:
///     reservedConcurrency: 20
///     provisionedConcurrency: 5
/// ```
enum ServerlessFunctionSettings {
    static func apply(
        _ setting: (String) -> YAMLNode?, to deployment: inout FunctionDeployment, function: String, stack: inout CompanionStack?
    ) throws {
        if let vpc = setting("vpc"), vpc.isMapping {
            func ids(_ key: String) throws -> [String] {
                let items = vpc[key]?.sequence ?? []
                let texts = items.compactMap(\.scalarText)
                guard texts.count == items.count else {
                    throw DeploymentDiagnosis(
                        kind: .invalidInput, summary: "function \(function): vpc.\(key) holds a CloudFormation reference.",
                        fix:
                            "Give the ids themselves (subnet-…, sg-…), from an `${env:…}` or `${opt:…}` variable if they differ per stage."
                    )
                }
                return texts
            }
            deployment.vpc = FunctionVPC(subnetIDs: try ids("subnetIds"), securityGroupIDs: try ids("securityGroupIds"))
        }
        deployment.kmsKeyARN = (setting("kmsKeyArn") ?? setting("awsKmsKeyArn"))?.scalarText
        if let node = setting("onError").map(CloudFormationTags.longForm) {
            deployment.deadLetterTargetARN = try node.scalarText ?? deadLetterTarget(node, function: function, stack: &stack)
        }
        func int(_ key: String) -> Int? { setting(key).flatMap { $0.int ?? $0.scalarText.flatMap { Int($0) } } }
        deployment.reservedConcurrency = int("reservedConcurrency")
        deployment.provisionedConcurrency = int("provisionedConcurrency")
        if let lambda = setting("logs")?["lambda"], let format = lambda["logFormat"]?.scalarText {
            deployment.logging = FunctionLogging(
                format: format, applicationLogLevel: lambda["applicationLogLevel"]?.scalarText,
                systemLogLevel: lambda["systemLogLevel"]?.scalarText)
        }
    }

    /// `onError: !GetAtt Queue.Arn` or `!Ref Topic` of a queue or topic under `resources:`: the
    /// companion stack's placeholder.
    private static func deadLetterTarget(_ node: YAMLNode, function: String, stack: inout CompanionStack?) throws -> String {
        if let placeholder = stack?.reference(from: node), let output = stack?.references[placeholder],
            let type = stack?.resourceTypes[output.logicalID],
            (type == "AWS::SQS::Queue" && output.attribute == "Arn") || (type == "AWS::SNS::Topic" && output.attribute == nil)
        {
            return placeholder
        }
        throw DeploymentDiagnosis(
            kind: .invalidInput,
            summary: "function \(function): `onError` is neither an ARN nor a queue's or topic's reference under resources:.",
            fix: "Give the SQS queue's or SNS topic's ARN, or `!GetAtt QUEUE.Arn` / `!Ref TOPIC` of one declared under `resources:`.")
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
