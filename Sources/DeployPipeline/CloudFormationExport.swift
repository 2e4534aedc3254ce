import DeployIAM
import Foundation

/// The engine's desired state as an AWS CloudFormation template, for teams that want the stack
/// under CloudFormation or reviewed as code: per function its execution role (a managed role with
/// the same least-privilege policy the pipeline gives it), the function, its log group (when it
/// sets a retention), a version and the alias on it, and its REST API routes with the invoke
/// permission scoped to them; secrets stay out of the template as `{{resolve:secretsmanager:…}}`
/// dynamic references. Each function's code is read from S3 through two template parameters
/// (`<Function>CodeBucket`, `<Function>CodeKey`: where `aws cloudformation package` or the
/// pipeline's deployment bucket put the zip).
///
/// Not exported yet: HTTP APIs, function URLs, schedules, queues, managed layers (ARN layers are).
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

    /// The template as a JSON object.
    public static func template(_ deployment: DeploymentConfiguration) throws -> [String: Any] {
        var resources: [String: Any] = [:]
        var parameters: [String: Any] = [:]
        var outputs: [String: Any] = [:]
        for function in deployment.functions {
            let id = logicalID(function.name)
            parameters[id + "CodeBucket"] = ["Type": "String", "Description": "The S3 bucket holding \(function.name)'s zip"]
            parameters[id + "CodeKey"] = ["Type": "String", "Description": "The key of \(function.name)'s zip"]
            var properties: [String: Any] = [
                "FunctionName": function.name, "Handler": function.handler, "Runtime": function.runtime,
                "Code": ["S3Bucket": ["Ref": id + "CodeBucket"], "S3Key": ["Ref": id + "CodeKey"]],
                "Tags": [["Key": Teardown.managedTag, "Value": "true"]]
                    + (function.tags ?? [:]).sorted { $0.key < $1.key }.map {
                        ["Key": $0.key, "Value": $0.value]
                    },
            ]
            switch function.role {
            case .arn(let arn):
                properties["Role"] = arn
            case .managed(let name):
                resources[id + "Role"] = role(name, function: function)
                properties["Role"] = ["Fn::GetAtt": [id + "Role", "Arn"]]
            }
            properties["MemorySize"] = function.memorySize
            properties["Timeout"] = function.timeout
            properties["Description"] = function.description
            if let architecture = function.architecture { properties["Architectures"] = [architecture] }
            if let size = function.ephemeralStorage { properties["EphemeralStorage"] = ["Size": size] }
            if let mode = function.tracingMode { properties["TracingConfig"] = ["Mode": mode] }
            if let concurrency = function.reservedConcurrency { properties["ReservedConcurrentExecutions"] = concurrency }
            var layers: [String] = []
            for layer in function.layers {
                guard case .arn(let arn) = layer else {
                    throw DeploymentDiagnosis(
                        kind: .invalidInput,
                        summary: "\(function.name) builds a managed layer, which the CloudFormation export does not write yet.",
                        fix: "Publish the layer first and name it by ARN (`.arn(…)`), or deploy with the pipeline.")
                }
                layers.append(arn)
            }
            if !layers.isEmpty { properties["Layers"] = layers }
            if !function.environment.isEmpty {
                var variables: [String: String] = [:]
                for (name, value) in function.environment {
                    switch value {
                    case .text(let text): variables[name] = text
                    case .secret(let reference):
                        variables[name] =
                            "{{resolve:secretsmanager:\(reference.secretID):SecretString"
                            + (reference.jsonKey.map { ":\($0)" } ?? "") + "}}"
                    }
                }
                properties["Environment"] = ["Variables": variables]
            }
            var resource: [String: Any] = ["Type": "AWS::Lambda::Function", "Properties": properties]
            if let days = function.logRetentionInDays {
                resources[id + "LogGroup"] = [
                    "Type": "AWS::Logs::LogGroup",
                    "Properties": ["LogGroupName": "/aws/lambda/\(function.name)", "RetentionInDays": days],
                ]
                resource["DependsOn"] = [id + "LogGroup"]
            }
            resources[id] = resource
            resources[id + "Version"] = [
                "Type": "AWS::Lambda::Version", "Properties": ["FunctionName": ["Ref": id], "Description": "exported by LambdaDeployKit"],
            ]
            resources[id + "Alias"] = [
                "Type": "AWS::Lambda::Alias",
                "Properties": [
                    "FunctionName": ["Ref": id], "FunctionVersion": ["Fn::GetAtt": [id + "Version", "Version"]], "Name": function.alias,
                ],
            ]
            if !function.routes.isEmpty {
                resources.merge(restAPI(function, id: id)) { first, _ in first }
                outputs[id + "Endpoint"] = [
                    "Description": "\(function.name)'s first route",
                    "Value": [
                        "Fn::Sub": "https://${\(id)Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/\(function.api.stage)"
                            + function.routes[0].path
                    ],
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

    /// A logical id from a function name: its letters and digits, capitalised (`orders-api` → `OrdersApi`).
    static func logicalID(_ name: String) -> String {
        name.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The managed execution role, with the policy the pipeline gives it, in the stack's account and Region.
    private static func role(_ name: String, function: FunctionDeployment) -> [String: Any] {
        let policy = LeastPrivilege.executionRolePolicy(
            functionName: function.name, region: "${AWS::Region}", account: "${AWS::AccountId}", partition: "${AWS::Partition}")
        let trust = (try? LeastPrivilege.lambdaTrustPolicy.json()).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
        let document = (try? policy.json()).flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
        return [
            "Type": "AWS::IAM::Role",
            "Properties": [
                "RoleName": name, "AssumeRolePolicyDocument": trust ?? [:],
                "Policies": [["PolicyName": "\(function.name)-logs", "PolicyDocument": substituted(document ?? [:])]],
                "Tags": [["Key": Teardown.managedTag, "Value": "true"]],
            ] as [String: Any],
        ]
    }

    /// Strings naming `${AWS::…}` pseudo parameters wrapped in `Fn::Sub`, at any depth.
    private static func substituted(_ value: Any) -> Any {
        switch value {
        case let text as String where text.contains("${AWS::"): return ["Fn::Sub": text]
        case let array as [Any]: return array.map(substituted)
        case let object as [String: Any]: return object.mapValues(substituted)
        default: return value
        }
    }

    /// The REST API: a resource per path segment, a method per route (Lambda proxy to the alias, and
    /// a MOCK `OPTIONS` for CORS), a deployment on the stage, the invoke permission per route.
    private static func restAPI(_ function: FunctionDeployment, id: String) -> [String: Any] {
        var resources: [String: Any] = [
            id + "Api": ["Type": "AWS::ApiGateway::RestApi", "Properties": ["Name": function.api.name]]
        ]
        var pathIDs: [String: String] = [:]
        var methods: [String] = []
        for (index, route) in function.routes.enumerated() {
            var parent: Any = ["Fn::GetAtt": [id + "Api", "RootResourceId"]]
            var path = ""
            for segment in route.path.split(separator: "/") {
                path += "/" + segment
                let resourceID = pathIDs[path] ?? "\(id)Path\(pathIDs.count + 1)"
                if pathIDs[path] == nil {
                    pathIDs[path] = resourceID
                    resources[resourceID] = [
                        "Type": "AWS::ApiGateway::Resource",
                        "Properties": ["RestApiId": ["Ref": id + "Api"], "ParentId": parent, "PathPart": String(segment)],
                    ]
                }
                parent = ["Ref": resourceID]
            }
            let method = "\(id)Method\(index + 1)"
            methods.append(method)
            resources[method] = [
                "Type": "AWS::ApiGateway::Method",
                "Properties": [
                    "RestApiId": ["Ref": id + "Api"], "ResourceId": parent, "HttpMethod": route.method, "AuthorizationType": "NONE",
                    "Integration": [
                        "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                        "Uri": [
                            "Fn::Sub":
                                "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${\(id)Alias}/invocations"
                        ],
                    ],
                ] as [String: Any],
            ]
            if route.cors {
                let options = "\(id)Options\(index + 1)"
                methods.append(options)
                resources[options] = [
                    "Type": "AWS::ApiGateway::Method",
                    "Properties": [
                        "RestApiId": ["Ref": id + "Api"], "ResourceId": parent, "HttpMethod": "OPTIONS", "AuthorizationType": "NONE",
                        "Integration": [
                            "Type": "MOCK", "RequestTemplates": ["application/json": "{\"statusCode\": 200}"],
                            "IntegrationResponses": [
                                [
                                    "StatusCode": "200",
                                    "ResponseParameters": [
                                        "method.response.header.Access-Control-Allow-Origin": "'*'",
                                        "method.response.header.Access-Control-Allow-Methods": "'\(route.method),OPTIONS'",
                                        "method.response.header.Access-Control-Allow-Headers":
                                            "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
                                    ],
                                ]
                            ],
                        ] as [String: Any],
                        "MethodResponses": [
                            [
                                "StatusCode": "200",
                                "ResponseParameters": [
                                    "method.response.header.Access-Control-Allow-Origin": true,
                                    "method.response.header.Access-Control-Allow-Methods": true,
                                    "method.response.header.Access-Control-Allow-Headers": true,
                                ],
                            ]
                        ],
                    ] as [String: Any],
                ]
            }
            resources["\(id)Permission\(index + 1)"] = [
                "Type": "AWS::Lambda::Permission",
                "Properties": [
                    "FunctionName": ["Ref": id + "Alias"], "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com",
                    "SourceArn": [
                        "Fn::Sub":
                            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${\(id)Api}/*/\(route.method)\(route.path)"
                    ],
                ] as [String: Any],
            ]
        }
        resources[id + "Deployment"] = [
            "Type": "AWS::ApiGateway::Deployment", "DependsOn": methods,
            "Properties": ["RestApiId": ["Ref": id + "Api"], "StageName": function.api.stage],
        ]
        return resources
    }
}
