import DeployIAM
import Foundation

/// A CloudFormation template being assembled from the desired state: resources, parameters and
/// outputs by logical id; what several functions share (a managed role, a REST or HTTP API, a
/// managed layer, a bucket of `s3` events) written once, the managed roles' policies gathered from every function naming them.
struct CloudFormationTemplate {
    var resources: [String: Any] = [:]
    var parameters: [String: Any] = [:]
    var outputs: [String: Any] = [:]
    /// Managed roles by logical id.
    var roles: [String: ManagedRole] = [:]
    /// Each REST API's logical id → its deployments' stages → the methods they wait for.
    var restDeployments: [String: [String: [String]]] = [:]
    /// The buckets `s3` events create, by name.
    var eventBuckets: [String: EventBucket] = [:]

    /// A role the stack creates: its name, the inline policies of the functions that use it, the
    /// AWS managed policies attached to it.
    struct ManagedRole {
        var name: String
        var policies: [[String: Any]] = []
        var managedPolicyARNs: Set<String> = []
    }

    /// The template as a JSON object: the roles and REST API deployments gathered along the way
    /// added to the resources.
    func finished() -> [String: Any] {
        var resources = resources.merging(bucketResources()) { first, _ in first }
        for (id, role) in roles {
            var properties: [String: Any] = [
                "RoleName": role.name, "AssumeRolePolicyDocument": Self.object(LeastPrivilege.lambdaTrustPolicy),
                "Policies": role.policies, "Tags": Self.tags(nil),
            ]
            if !role.managedPolicyARNs.isEmpty { properties["ManagedPolicyArns"] = role.managedPolicyARNs.sorted().map(Self.substituted) }
            resources[id] = ["Type": "AWS::IAM::Role", "Properties": properties]
        }
        for (api, stages) in restDeployments {
            for (stage, methods) in stages {
                resources[api + "Deployment" + CloudFormationExport.logicalID(stage)] = [
                    "Type": "AWS::ApiGateway::Deployment", "DependsOn": methods.sorted(),
                    "Properties": ["RestApiId": Self.ref(api), "StageName": stage],
                ]
            }
        }
        var template: [String: Any] = [
            "AWSTemplateFormatVersion": "2010-09-09", "Description": "Exported by LambdaDeployKit from the deploy engine's desired state",
            "Resources": resources,
        ]
        if !parameters.isEmpty { template["Parameters"] = parameters }
        if !outputs.isEmpty { template["Outputs"] = outputs }
        return template
    }

    /// Two string parameters naming where a zip is in S3 (`<id>CodeBucket`, `<id>CodeKey`), and the
    /// `Code`/`Content` value reading them.
    mutating func codeParameters(_ id: String, describing what: String) -> [String: Any] {
        parameters[id + "CodeBucket"] = ["Type": "String", "Description": "The S3 bucket holding \(what)'s zip"]
        parameters[id + "CodeKey"] = ["Type": "String", "Description": "The key of \(what)'s zip"]
        return ["S3Bucket": Self.ref(id + "CodeBucket"), "S3Key": Self.ref(id + "CodeKey")]
    }

    // MARK: - Values

    static func ref(_ id: String) -> [String: Any] { ["Ref": id] }
    static func getAtt(_ id: String, _ attribute: String) -> [String: Any] { ["Fn::GetAtt": [id, attribute]] }
    static func sub(_ text: String) -> [String: Any] { ["Fn::Sub": text] }

    /// The managed tag first, then the function's tags by key, as a CloudFormation tag list.
    static func tags(_ tags: [String: String]?) -> [[String: String]] {
        [["Key": Teardown.managedTag, "Value": "true"]]
            + (tags ?? [:]).sorted { $0.key < $1.key }.map { ["Key": $0.key, "Value": $0.value] }
    }

    /// A policy document as a JSON object, `${AWS::…}` pseudo parameters wrapped in `Fn::Sub`.
    static func object(_ document: PolicyDocument) -> Any {
        let object = (try? document.json()).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
        return substituted(object ?? [:])
    }

    /// Strings naming `${AWS::…}` pseudo parameters wrapped in `Fn::Sub`, at any depth; so are
    /// strings holding a `resources:` value within other text (`${lambdadeploykit-stack:Table.Arn}/index/*`
    /// → `${Table.Arn}/index/*`). A string that is one such value is left to the stack's merge.
    static func substituted(_ value: Any) -> Any {
        switch value {
        case let text as String where text.contains(CompanionStack.placeholderPrefix) && !CompanionStack.isPlaceholder(text):
            return sub(text.replacingOccurrences(of: CompanionStack.placeholderPrefix, with: "${"))
        case let text as String where text.contains("${AWS::"): return sub(text)
        case let array as [Any]: return array.map(substituted)
        case let object as [String: Any]: return object.mapValues(substituted)
        default: return value
        }
    }

    /// The members of a CORS configuration that are set, under CloudFormation's names.
    static func cors(
        origins: [String]?, headers: [String]?, methods: [String]?, credentials: Bool?, exposed: [String]?, maxAge: Int?
    ) -> [String: Any] {
        var cors: [String: Any] = [:]
        cors["AllowOrigins"] = origins
        cors["AllowHeaders"] = headers
        cors["AllowMethods"] = methods
        cors["AllowCredentials"] = credentials
        cors["ExposeHeaders"] = exposed
        cors["MaxAge"] = maxAge
        return cors
    }
}
