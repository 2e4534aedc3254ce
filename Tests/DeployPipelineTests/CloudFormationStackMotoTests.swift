import DeployAPIGateway
import DeployAsyncHTTPClient
import DeployCore
import DeployEventBridge
import DeployIAM
import DeployLambda
import DeployLogs
import DeployPipeline
import DeployS3
import DeployTestSupport
import DeployZip
import Foundation
import Testing

/// The exported template created by moto's CloudFormation (`CreateStack`) in one Region and the
/// same configuration deployed directly by the pipeline in another, read back with the library's
/// clients and compared.
///
/// moto 5.2.1's CloudFormation lacks some of what the template uses, so the stack is created
/// from the template with two documented changes, and the kinds moto cannot create are compared
/// on the template alone (`CloudFormationExportTests`, cfn-lint): it implements no
/// `AWS::Lambda::Alias` (a `Ref` to one resolves to nothing, and its `Ref` of an
/// `AWS::Lambda::Version` is not the ARN), so the alias is left out and what points at it points at
/// the function (on the direct side the alias's `:live` qualifier is dropped before comparing); its
/// `AWS::ApiGateway::Method` requires `Uri` and `IntegrationHttpMethod`, which a CORS `MOCK` method
/// has not, so the route here has no CORS. IAM being global, the stack's role has a name of its
/// own. Nor does moto implement `AWS::Lambda::Url` or
/// `AWS::ApiGatewayV2::*`.
@Suite(
    "A CloudFormation export created by moto's CloudFormation, compared with the direct deploy",
    .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct CloudFormationStackMotoTests {
    static let cloudFormation = AWSService(
        serviceID: "CloudFormation", signingName: "cloudformation", endpointPrefix: "cloudformation", apiVersion: "2010-05-15",
        wireProtocol: .query)
    static let stackRegion = "us-west-2"

    func function(_ name: String) -> FunctionDeployment {
        var function = PipelineFixture.hello(name)
        function.routes = [HTTPRoute(method: "GET", path: "/hello")]
        function.memorySize = 256
        function.timeout = 10
        function.environment = ["STAGE": "prod"]
        function.logRetentionInDays = 14
        function.schedules = [ScheduleSettings("rate(5 minutes)", input: #"{"kind":"sweep"}"#)]
        return function
    }

    @Test("function, version, role and policy, log group, REST API route and integration, permissions, schedule: the same state")
    func sameStateAsTheDirectDeploy() async throws {
        let function = function(MotoEnvironment.uniqueName("cfn"))
        var pipeline = DeploymentPipeline(
            configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(50)
        let work = NSTemporaryDirectory() + "cfn-stack-" + UUID().uuidString
        let report = await pipeline.deploy(DeploymentConfiguration(functions: [function], workDirectory: work))
        #expect(report.succeeded, "\(report)")

        // The stack: the same package in a bucket of the stack's Region, the template with moto's gaps filled.
        let west = try PipelineFixture.configuration(AsyncHTTPClientTransport.shared, region: Self.stackRegion)
        guard case .entries(let entries) = function.source else { throw AWSDecodingError("the fixture's source is entries") }
        let zip = work + "/stack.zip"
        _ = try await DeploymentPackage.build(entries: entries, to: zip)
        let s3 = S3Client(configuration: west)
        let bucket = "cfn-\(UUID().uuidString.prefix(8).lowercased())"
        try await s3.createBucket(bucket)
        try await s3.putObject(bucket: bucket, key: "code.zip", bytes: Array(try Data(contentsOf: URL(fileURLWithPath: zip))))
        // IAM is global: the stack's role needs a name of its own.
        var stacked = function
        stacked.role = .managed(function.name + "-stack-role")
        let deployment = DeploymentConfiguration(functions: [stacked])
        let exported = try CloudFormationExport.template(deployment)
        let template = try Self.motoCompatible(exported)
        let cloudFormation = AWSClient(service: Self.cloudFormation, configuration: west)
        let stackName = "stack-" + UUID().uuidString.prefix(8)
        var parameters = QueryParameters()
        parameters.set("StackName", stackName)
        parameters.set("TemplateBody", String(decoding: try JSONSerialization.data(withJSONObject: template), as: UTF8.self))
        parameters.set("Capabilities.member.1", "CAPABILITY_NAMED_IAM")
        let codeParameters = try #require(exported["Parameters"] as? [String: Any]).keys.sorted()
        #expect(codeParameters.count == 2)
        for (index, key) in codeParameters.enumerated() {
            parameters.set("Parameters.member.\(index + 1).ParameterKey", key)
            parameters.set("Parameters.member.\(index + 1).ParameterValue", key.hasSuffix("CodeBucket") ? bucket : "code.zip")
        }
        _ = try await cloudFormation.query("CreateStack", parameters)
        var describe = QueryParameters()
        describe.set("StackName", stackName)
        let described = try await cloudFormation.query("DescribeStacks", describe)
        let status = described.child("Stacks")?.children(named: "member").first?.value(at: "StackStatus")
        #expect(status == "CREATE_COMPLETE")
        let listed = try await cloudFormation.query("ListStackResources", describe)
        let created = listed.child("StackResourceSummaries")?.children(named: "member") ?? []
        let exportedResources = try #require(exported["Resources"] as? [String: [String: Any]])
        #expect(
            created.count == exportedResources.values.filter { $0["Type"] as? String != "AWS::Lambda::Alias" }.count,
            "every resource but the alias created: \(created.compactMap { $0.value(at: "LogicalResourceId") })")

        let direct = try await State.read(
            function, configuration: try PipelineFixture.configuration(AsyncHTTPClientTransport.shared), qualifier: "live")
        let stack = try await State.read(function, configuration: west, qualifier: nil)
        #expect(direct == stack, "direct:\n\(direct)\nstack:\n\(stack)")
        #expect(!direct.permissions.isEmpty && !direct.routes.isEmpty && !direct.rules.isEmpty)
    }

    /// The template with what moto's CloudFormation cannot create filled in (see the suite's comment).
    static func motoCompatible(_ template: [String: Any]) throws -> [String: Any] {
        var resources = try #require(template["Resources"] as? [String: [String: Any]])
        var aliases: [String: String] = [:]
        for (id, resource) in resources where resource["Type"] as? String == "AWS::Lambda::Alias" {
            aliases[id] = ((resource["Properties"] as? [String: Any])?["FunctionName"] as? [String: String])?["Ref"]
            resources[id] = nil
        }
        var result = template
        result["Resources"] = pointingAtFunctions(resources, aliases: aliases)
        result["Outputs"] = nil
        return result
    }

    static func pointingAtFunctions(_ value: Any, aliases: [String: String]) -> Any {
        switch value {
        case let object as [String: Any]:
            if object.count == 1, let target = object["Ref"] as? String, let function = aliases[target] {
                return ["Fn::GetAtt": [function, "Arn"]]
            }
            if object.count == 1, let text = object["Fn::Sub"] as? String {
                return ["Fn::Sub": aliases.reduce(text) { $0.replacingOccurrences(of: "${\($1.key)}", with: "${\($1.value).Arn}") }]
            }
            return object.mapValues { pointingAtFunctions($0, aliases: aliases) }
        case let array as [Any]: return array.map { pointingAtFunctions($0, aliases: aliases) }
        default: return value
        }
    }

    /// What both deploys must agree on, with the Region, account, API id and the alias qualifier
    /// taken out of names.
    struct State: Equatable, CustomStringConvertible {
        var function: [String] = []
        var role: [String] = []
        var logRetention: Int?
        var routes: [String] = []
        var permissions: [String] = []
        var rules: [String] = []

        var description: String {
            (function + role + ["logs \(logRetention.map(String.init) ?? "-")"] + routes + permissions + rules).joined(separator: "\n")
        }

        static func read(_ function: FunctionDeployment, configuration: AWSConfiguration, qualifier: String?) async throws -> State {
            let lambda = LambdaClient(configuration: configuration)
            let region = configuration.region.name
            var apiID: String?
            func normalized(_ text: String) -> String {
                var text = text.replacingOccurrences(of: region, with: "REGION")
                if let apiID { text = text.replacingOccurrences(of: apiID, with: "API") }
                if let qualifier { text = text.replacingOccurrences(of: ":" + qualifier, with: "") }
                return text
            }
            var state = State()
            let live = try await lambda.configuration(function.name)
            let roleName = String(live.role?.split(separator: "/").last ?? "")
            state.function = [
                "runtime \(live.runtime ?? "")", "handler \(live.handler ?? "")", "memory \(live.memorySize ?? 0)",
                "timeout \(live.timeout ?? 0)",
                "environment \(live.environment?.variables.sorted { $0.key < $1.key } ?? [])",
                "code \(live.codeSHA256 ?? "")",
                "published \(try await lambda.versions(function.name).collect().filter { $0.version != "$LATEST" }.count > 0)",
            ]
            let iam = IAMClient(configuration: configuration)
            let trust = try await iam.role(roleName).trustPolicy
            let logs = try await iam.rolePolicy(roleName: roleName, policyName: function.name + "-logs")
            state.role = ["trust \(try trust?.json() ?? "")", "logs \(normalized(try logs.json()))"]
            state.logRetention = try await CloudWatchLogsClient(configuration: configuration).logGroup("/aws/lambda/\(function.name)")?
                .retentionInDays
            let gateway = APIGatewayClient(configuration: configuration)
            if let api = try await gateway.restAPI(named: function.api.name) {
                apiID = api.id
                for resource in try await gateway.resources(apiID: api.id).collect().sorted(by: { $0.path < $1.path }) {
                    for route in function.routes where route.path == resource.path {
                        let integration = try await gateway.integration(apiID: api.id, resourceID: resource.id, method: route.method)
                        state.routes.append(
                            "\(route.method) \(resource.path) \(integration.type) \(integration.httpMethod ?? "-") "
                                + normalized(integration.uri ?? "-"))
                    }
                }
            }
            let policy = try await lambda.policyDocument(function.name, qualifier: qualifier)
            state.permissions = policy.statements.map { statement in
                "\(statement.principal ?? "-") \(statement.actions) \(normalized(statement.sourceARN ?? "-"))"
            }.sorted()
            let events = EventBridgeClient(configuration: configuration)
            for rule in try await events.rules(prefix: function.name + "-schedule-") {
                let targets = try await events.targets(rule: rule.name).map { "\($0.id) \(normalized($0.arn)) \($0.input ?? "-")" }
                state.rules.append("\(rule.name) \(rule.scheduleExpression ?? "") \(rule.state ?? "") \(targets)")
            }
            return state
        }
    }
}
