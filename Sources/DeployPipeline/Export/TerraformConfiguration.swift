import DeployIAM
import Foundation

/// A Terraform JSON configuration being assembled from the desired state: resources and data
/// sources by type and name, variables and outputs; what several functions share (a managed role,
/// a REST or HTTP API, a layer) written once.
struct TerraformConfiguration {
    /// Resource type → name → arguments.
    var resources: [String: [String: [String: Any]]] = [:]
    /// Data source type → name → arguments.
    var data: [String: [String: [String: Any]]] = [:]
    var variables: [String: Any] = [:]
    var outputs: [String: Any] = [:]
    /// Each REST API's name → its stages → the addresses of the methods and integrations its
    /// deployment waits for, and the routes that trigger a new deployment when they change.
    var restDeployments: [String: [String: (dependencies: [String], routes: [String])]] = [:]

    /// The provider version whose documented arguments the export writes (see the tests' schema table).
    static let providerVersion = ">= 6.42.0"

    func finished() -> [String: Any] {
        var resources = resources
        for (api, stages) in restDeployments {
            for (stage, parts) in stages {
                let name = api + "_" + Self.name(stage)
                resources["aws_api_gateway_deployment", default: [:]][name] = [
                    "rest_api_id": "${aws_api_gateway_rest_api.\(api).id}",
                    "triggers": ["redeployment": parts.routes.sorted().joined(separator: ",")],
                    "depends_on": parts.dependencies.sorted(), "lifecycle": ["create_before_destroy": true],
                ]
                resources["aws_api_gateway_stage", default: [:]][name] = [
                    "rest_api_id": "${aws_api_gateway_rest_api.\(api).id}",
                    "deployment_id": "${aws_api_gateway_deployment.\(name).id}", "stage_name": Self.literal(stage),
                ]
            }
        }
        var configuration: [String: Any] = [
            "terraform": ["required_providers": ["aws": ["source": "hashicorp/aws", "version": Self.providerVersion]]],
            "resource": resources,
        ]
        if !data.isEmpty { configuration["data"] = data }
        if !variables.isEmpty { configuration["variable"] = variables }
        if !outputs.isEmpty { configuration["output"] = outputs }
        return configuration
    }

    mutating func add(_ type: String, _ name: String, _ arguments: [String: Any]) {
        resources[type, default: [:]][name] = arguments
    }

    func contains(_ type: String, _ name: String) -> Bool { resources[type]?[name] != nil }

    /// Two variables naming where a zip is in S3 (`<name>_code_bucket`, `<name>_code_key`), and
    /// the `s3_bucket`/`s3_key` arguments reading them.
    mutating func codeVariables(_ name: String, describing what: String) -> [String: Any] {
        variables[name + "_code_bucket"] = ["type": "string", "description": "The S3 bucket holding \(what)'s zip"]
        variables[name + "_code_key"] = ["type": "string", "description": "The key of \(what)'s zip"]
        return ["s3_bucket": "${var.\(name)_code_bucket}", "s3_key": "${var.\(name)_code_key}"]
    }

    /// A policy document as JSON text with the account, Region and partition read from the
    /// provider's data sources, which are declared on first use.
    mutating func policy(_ make: (_ region: String, _ account: String, _ partition: String) -> PolicyDocument) -> String {
        data["aws_region", default: [:]]["current"] = [:]
        data["aws_caller_identity", default: [:]]["current"] = [:]
        data["aws_partition", default: [:]]["current"] = [:]
        let document = make(
            "${data.aws_region.current.region}", "${data.aws_caller_identity.current.account_id}",
            "${data.aws_partition.current.partition}")
        return (try? document.json()) ?? "{}"
    }

    // MARK: - Values

    /// A resource name from a name: letters, digits, `_` and `-`, starting with a letter or `_`.
    static func name(_ text: String) -> String {
        let cleaned = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
        return cleaned.first.map { $0.isLetter || $0 == "_" } == true ? cleaned : "_" + cleaned
    }

    /// `text` as a literal in a Terraform template: `${` and `%{` escaped as `$${` and `%%{`.
    static func literal(_ text: String) -> String {
        text.replacingOccurrences(of: "${", with: "$${").replacingOccurrences(of: "%{", with: "%%{")
    }

    /// The function's tags with the managed tag, literal.
    static func tags(_ tags: [String: String]?) -> [String: String] {
        var all = [Teardown.managedTag: "true"]
        for (key, value) in tags ?? [:] { all[key] = literal(value) }
        return all
    }

    /// The members of a CORS configuration that are set, under the provider's names.
    static func cors(
        origins: [String]?, headers: [String]?, methods: [String]?, credentials: Bool?, exposed: [String]?, maxAge: Int?
    ) -> [String: Any] {
        var cors: [String: Any] = [:]
        cors["allow_origins"] = origins?.map(literal)
        cors["allow_headers"] = headers?.map(literal)
        cors["allow_methods"] = methods
        cors["allow_credentials"] = credentials
        cors["expose_headers"] = exposed?.map(literal)
        cors["max_age"] = maxAge
        return cors
    }
}
