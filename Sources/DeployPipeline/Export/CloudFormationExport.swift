import Foundation

/// The engine's desired state as an AWS CloudFormation template, for teams that want the stack
/// under CloudFormation or reviewed as code.
///
/// Per function: its execution role (a managed role with the same least-privilege policy the
/// pipeline gives it, the queue actions for exactly its queues), the function with its whole
/// configuration, its log group (when it sets a retention), a version and the alias on it (with
/// provisioned concurrency), its REST API routes (with CORS) and HTTP API routes with the invoke
/// permission scoped to each, its function URL (with the two statements a public URL needs), its
/// schedules (EventBridge rules), queues (event source mappings) and `s3` events (the bucket,
/// created private and kept when the stack is deleted, with the permission), and its managed layers; the
/// service's `resources:` merged in, what the functions take from them as `Ref`/`Fn::GetAtt`.
/// What functions share — a managed role, a REST or HTTP API, a layer — is written once. Secrets
/// stay out of the template as `{{resolve:secretsmanager:…}}` dynamic references. Each function's
/// and layer's code is read from S3 through two template parameters (`<Function>CodeBucket`,
/// `<Function>CodeKey`: where `aws cloudformation package` or the pipeline's deployment bucket put
/// the zip).
///
/// Not exported: the health check, the rollout (a template moves the alias at once) and pruning,
/// which are the pipeline's.
///
/// ```swift
/// let template = try CloudFormationExport.json(deployment)   // then: cfn-lint, aws cloudformation deploy
/// ```
public enum CloudFormationExport {
    /// The template as pretty-printed JSON with sorted keys (the same configuration, the same bytes).
    /// - Throws: a ``DeploymentDiagnosis`` for a configuration the export cannot express.
    public static func json(_ deployment: DeploymentConfiguration) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: try template(deployment), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The template as YAML with sorted keys and the short forms of the intrinsic functions
    /// (`!Ref`, `!GetAtt`, `!Sub`), as teams write templates by hand.
    /// - Throws: a ``DeploymentDiagnosis`` for a configuration the export cannot express.
    public static func yaml(_ deployment: DeploymentConfiguration) throws -> String {
        TemplateYAML.text(try template(deployment))
    }

    /// The template as a JSON object.
    /// - Throws: a ``DeploymentDiagnosis`` for a configuration the export cannot express.
    public static func template(_ deployment: DeploymentConfiguration) throws -> [String: Any] {
        var template = CloudFormationTemplate()
        for function in deployment.functions { try template.add(function) }
        guard let stack = deployment.stack else { return template.finished() }
        return try CompanionStackExport.merging(stack, into: template.finished())
    }

    /// A logical id from a name: its letters and digits, capitalised (`orders-api` → `OrdersApi`).
    static func logicalID(_ name: String) -> String {
        name.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A logical id from a name without a trailing `suffix` the caller appends (`orders-role` → `Orders`).
    static func logicalID(_ name: String, dropping suffix: String) -> String {
        let id = logicalID(name)
        return id.hasSuffix(suffix) && id != suffix ? String(id.dropLast(suffix.count)) : id
    }
}
