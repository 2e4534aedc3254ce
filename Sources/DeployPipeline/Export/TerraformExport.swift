import Foundation

/// The engine's desired state as Terraform JSON configuration (`main.tf.json`) for the AWS
/// provider (`hashicorp/aws` 6.42 or later), for teams whose infrastructure lives in Terraform.
///
/// The same resources as ``CloudFormationExport``, as provider resources: `aws_iam_role` (with an
/// `aws_iam_role_policy` per function, the pipeline's least-privilege policy), `aws_lambda_function`
/// (published, so the alias points at the version each apply creates), `aws_lambda_alias`,
/// `aws_cloudwatch_log_group`, `aws_lambda_layer_version`, the REST API as `aws_api_gateway_*`
/// resources with a stage, HTTP APIs as `aws_apigatewayv2_*`, `aws_lambda_function_url`,
/// `aws_cloudwatch_event_rule`/`_target`, `aws_lambda_event_source_mapping`,
/// `aws_lambda_provisioned_concurrency_config`, an `aws_lambda_permission` per route, rule,
/// bucket and public URL, and for `s3` events an `aws_s3_bucket_notification` per bucket (with the
/// bucket, private and encrypted, unless it is `existing`; the notification resource owns the whole
/// configuration of the bucket, so an existing bucket's other notifications belong in it too).
/// Code is read from S3 through two variables per function and layer (`<name>_code_bucket`,
/// `<name>_code_key`). A secret becomes an
/// `aws_secretsmanager_secret_version` data source read at apply time: unlike CloudFormation's
/// dynamic references, Terraform then keeps its value in the state, which must be protected as
/// the secret is.
///
/// ```swift
/// let configuration = try TerraformExport.json(deployment)   // write it as main.tf.json
/// ```
public enum TerraformExport {
    /// The configuration as pretty-printed JSON with sorted keys.
    /// - Throws: a ``DeploymentDiagnosis`` for a configuration the export cannot express.
    public static func json(_ deployment: DeploymentConfiguration) throws -> String {
        let data = try JSONSerialization.data(
            withJSONObject: try configuration(deployment), options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The configuration as a JSON object (`terraform`, `variable`, `data`, `resource`, `output`).
    /// - Throws: a ``DeploymentDiagnosis`` for a configuration the export cannot express.
    public static func configuration(_ deployment: DeploymentConfiguration) throws -> [String: Any] {
        var configuration = TerraformConfiguration()
        for function in deployment.functions { try configuration.add(function) }
        guard let stack = deployment.stack else { return configuration.finished() }
        return CompanionStackExport.adding(stack, to: configuration.finished())
    }
}
