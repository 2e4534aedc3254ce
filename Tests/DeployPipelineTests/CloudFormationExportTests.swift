import DeployAPIGateway
import DeployIAM
import DeployLambda
import DeployManifests
import DeployPipeline
import DeploySecrets
import DeployTestSupport
import Foundation
import Testing

@Suite("CloudFormation export of the desired state, checked by cfn-lint")
struct CloudFormationExportTests {
    /// The seed function as the guide shows it.
    static let seed = FunctionDeployment(
        name: "myLambdaFunction", source: .directory("function"), handler: "lambda_function.lambda_handler", runtime: "python3.12",
        memorySize: 128, timeout: 10, role: .managed("myLambdaFunction-role"),
        routes: [HTTPRoute(method: "GET", path: "/hello", cors: true)])

    /// The seed, a function with the whole configuration, and a worker sharing its role, HTTP API and layer.
    static func deployment() -> DeploymentConfiguration {
        let seed = Self.seed
        let deps = LayerDeployment(
            name: "orders-deps", source: .directory("layer"), compatibleRuntimes: ["nodejs22.x"], compatibleArchitectures: ["arm64"])
        var orders = FunctionDeployment(
            name: "orders-api", source: .directory("orders"), handler: "app.handler", runtime: "nodejs22.x", memorySize: 512,
            environment: ["STAGE": "prod", "DB_PASSWORD": .secret(SecretReference(secretID: "prod/db", jsonKey: "password"))],
            role: .managed("orders-role"),
            routes: [HTTPRoute(method: "POST", path: "/orders", cors: true), HTTPRoute(method: "GET", path: "/orders/{id}", cors: true)])
        orders.api = seed.api
        orders.architecture = "arm64"
        orders.logRetentionInDays = 14
        orders.tracingMode = "Active"
        orders.tags = ["team": "orders"]
        orders.layers = [.arn("arn:aws:lambda:us-east-1:123456789012:layer:otel:3"), .managed(deps)]
        orders.httpAPI = HTTPAPISettings(
            name: "prod-orders", routes: ["GET /v2/orders", "ANY /v2/{proxy+}"],
            cors: HTTPAPICORS(allowOrigins: ["https://shop.example.com"], allowMethods: ["GET", "POST"], maxAge: 600))
        let cognito = HTTPAPIJWTAuthorizer(
            name: "cognito", issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool", audience: ["client-1"])
        orders.httpAPI?.authorizers = [cognito]
        orders.httpAPI?.authorization = ["GET /v2/orders": .jwt(name: "cognito", scopes: ["orders/read"])]
        orders.url = FunctionURLSettings(authType: .public, cors: FunctionURLCORS(allowOrigins: ["*"]))
        orders.vpc = FunctionVPC(subnetIDs: ["subnet-0a1b2c3d"], securityGroupIDs: ["sg-0a1b2c3d"])
        orders.logging = FunctionLogging(format: "JSON", applicationLogLevel: "INFO")
        orders.provisionedConcurrency = 2
        orders.reservedConcurrency = 20
        var worker = FunctionDeployment(
            name: "orders-worker", source: .directory("worker"), handler: "worker.handler", runtime: "nodejs22.x",
            role: .managed("orders-role"))
        worker.layers = [.managed(deps)]
        worker.httpAPI = HTTPAPISettings(name: "prod-orders", routes: ["POST /v2/jobs", "GET /v2/jobs"])
        worker.httpAPI?.authorizers = [cognito]
        worker.httpAPI?.authorization = ["POST /v2/jobs": .iam, "GET /v2/jobs": .jwt(name: "cognito", scopes: [])]
        worker.schedules = [
            ScheduleSettings("rate(5 minutes)", input: #"{"kind":"sweep"}"#), ScheduleSettings("cron(0 3 * * ? *)", enabled: false),
        ]
        worker.queues = [
            QueueSubscription(
                queueARN: "arn:aws:sqs:us-east-1:123456789012:orders",
                EventSourceMappingSettings(batchSize: 5, reportsBatchItemFailures: true, maximumConcurrency: 4))
        ]
        worker.url = FunctionURLSettings(authType: .awsIAM, invokeMode: .responseStream)
        worker.alexaSkills = [AlexaSkillSettings(skillID: "amzn1.ask.skill.12345678-1234-1234-1234-123456789012")]
        worker.eventPatterns = [
            EventPatternSettings(pattern: #"{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"]}"#)
        ]
        worker.streams = [
            StreamSubscription(
                streamARN: "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
                EventSourceMappingSettings(batchSize: 200, maximumRetryAttempts: 3, splitsFailedBatches: true))
        ]
        // One bucket of s3 events for both functions: created by the stack, three notifications, two permissions.
        worker.bucketEvents = [
            BucketEventSettings(bucket: "orders-uploads", prefix: "incoming/", suffix: ".csv"),
            BucketEventSettings(bucket: "orders-uploads", events: ["s3:ObjectRemoved:*"], prefix: "incoming/"),
        ]
        orders.bucketEvents = [BucketEventSettings(bucket: "orders-uploads", prefix: "exports/")]
        // The service's resources: a dead-letter-backed queue the worker reads, whose URL the API writes to.
        var stack = CompanionStack(
            name: "orders-prod-resources",
            resources: .mapping([
                (
                    "Resources",
                    .mapping([
                        (
                            "Jobs",
                            .mapping([("Type", .string("AWS::SQS::Queue")), ("Properties", .mapping([("VisibilityTimeout", .int(60))]))])
                        )
                    ])
                )
            ]))
        worker.queues.append(QueueSubscription(queueARN: stack!.reference("Jobs", attribute: "Arn")!))
        orders.environment["JOBS_URL"] = .text(stack!.reference("Jobs", attribute: nil)!)
        // What orders-role grants besides logging, with pseudo-parameters and the stack's queue inside other text.
        let jobs = stack!.reference("Jobs", attribute: "Arn")!
        let statements = [
            PolicyStatement(
                effect: .allow, actions: ["dynamodb:GetItem"],
                resources: ["arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders"]),
            PolicyStatement(sid: "Jobs", effect: .allow, actions: ["sqs:SendMessage"], resources: [jobs, jobs + "-archive"]),
        ]
        orders.roleStatements = statements
        worker.roleStatements = statements
        orders.roleManagedPolicies = ["arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess"]
        worker.roleManagedPolicies = orders.roleManagedPolicies
        var configuration = DeploymentConfiguration(functions: [seed, orders, worker])
        configuration.stack = stack
        return configuration
    }

    /// cfn-lint's findings on `text` written to a file with `suffix`; its exit code is a bit set
    /// (2 errors, 4 warnings, 8 informational): 0 when it found nothing.
    static func lint(_ text: String, suffix: String) async throws -> (status: Int32, output: String) {
        let path = NSTemporaryDirectory() + "export-\(UUID().uuidString).\(suffix)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lint = try await ChildProcess.run(["cfn-lint", "--format", "parseable", path], mergeErrors: true)
        return (lint.status, lint.output)
    }

    static func resources(_ text: String) throws -> [String: [String: Any]] {
        let template = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(template["Resources"] as? [String: [String: Any]])
    }

    @Test("every kind of the desired state: cfn-lint 1.51.0 finds nothing; secrets as dynamic references; the same bytes twice")
    func lintsClean() async throws {
        let text = try CloudFormationExport.json(Self.deployment())
        #expect(text == (try CloudFormationExport.json(Self.deployment())))
        #expect(text.contains("{{resolve:secretsmanager:prod/db:SecretString:password}}"))
        let resources = try Self.resources(text)
        let types = resources.values.compactMap { $0["Type"] as? String }
        func count(_ type: String) -> Int { types.filter { $0 == type }.count }
        #expect(count("AWS::Lambda::Function") == 3 && count("AWS::Lambda::Version") == 3 && count("AWS::Lambda::Alias") == 3)
        #expect(count("AWS::IAM::Role") == 2, "orders-role written once for two functions")
        #expect(count("AWS::ApiGateway::RestApi") == 1 && count("AWS::ApiGateway::Resource") == 3, "one API: /hello, /orders, /orders/{id}")
        #expect(count("AWS::ApiGateway::Method") == 6, "three routes and three OPTIONS")
        #expect(count("AWS::ApiGatewayV2::Api") == 1 && count("AWS::ApiGatewayV2::Stage") == 1, "prod-orders shared")
        #expect(count("AWS::ApiGatewayV2::Integration") == 2 && count("AWS::ApiGatewayV2::Route") == 4)
        #expect(count("AWS::ApiGatewayV2::Authorizer") == 1, "cognito written once for the API")
        let routes = resources.values.filter { $0["Type"] as? String == "AWS::ApiGatewayV2::Route" }.compactMap {
            $0["Properties"] as? [String: Any]
        }
        let byKey = Dictionary(uniqueKeysWithValues: routes.map { ($0["RouteKey"] as? String ?? "", $0) })
        #expect(byKey["GET /v2/orders"]?["AuthorizationType"] as? String == "JWT")
        #expect(byKey["GET /v2/orders"]?["AuthorizationScopes"] as? [String] == ["orders/read"])
        #expect((byKey["GET /v2/jobs"]?["AuthorizerId"] as? [String: String])?["Ref"] == "ProdOrdersHttpApiAuthorizerCognito")
        #expect(byKey["POST /v2/jobs"]?["AuthorizationType"] as? String == "AWS_IAM")
        #expect(byKey["ANY /v2/{proxy+}"]?["AuthorizationType"] as? String == "NONE", "written, so that a removed authorizer goes")
        #expect(count("AWS::Lambda::LayerVersion") == 1, "orders-deps shared")
        #expect(count("AWS::Lambda::Url") == 2 && count("AWS::Events::Rule") == 3 && count("AWS::Lambda::EventSourceMapping") == 3)
        let stream = try #require(resources["OrdersWorkerStream1"]?["Properties"] as? [String: Any])
        #expect(stream["StartingPosition"] as? String == "TRIM_HORIZON" && stream["MaximumRetryAttempts"] as? Int == 3)
        // The resources: stack's queue merged in, the placeholders written as what they stand for.
        #expect(count("AWS::SQS::Queue") == 1 && !text.contains("lambdadeploykit-stack"))
        let mappings = resources.values.filter { $0["Type"] as? String == "AWS::Lambda::EventSourceMapping" }
        #expect(
            mappings.contains {
                (($0["Properties"] as? [String: Any])?["EventSourceArn"] as? [String: [String]])?["Fn::GetAtt"] == ["Jobs", "Arn"]
            })
        let api = try #require(resources["OrdersApi"]?["Properties"] as? [String: Any])
        #expect(
            ((api["Environment"] as? [String: Any])?["Variables"] as? [String: Any])?["JOBS_URL"] as? [String: String] == ["Ref": "Jobs"])
        // 3 REST routes + 4 HTTP routes + 2 public-URL statements + 3 rules + 2 functions on one bucket + 1 Alexa skill; none
        // for the IAM URL.
        #expect(count("AWS::Lambda::Permission") == 15)
        #expect(
            (resources["OrdersWorkerAlexaPermission1"]?["Properties"] as? [String: Any])?["Principal"] as? String
                == "alexa-appkit.amazon.com")
        let pattern = try #require(resources["OrdersWorkerEventRule1"]?["Properties"] as? [String: Any])
        #expect((pattern["EventPattern"] as? [String: [String]])?["source"] == ["aws.ec2"] && pattern["ScheduleExpression"] == nil)
        #expect(count("AWS::S3::Bucket") == 1)
        let bucket = try #require(resources["BucketOrdersUploads"])
        #expect(bucket["DependsOn"] as? [String] == ["OrdersApiS3PermissionOrdersUploads", "OrdersWorkerS3PermissionOrdersUploads"])
        let notifications = (bucket["Properties"] as? [String: Any])?["NotificationConfiguration"] as? [String: Any]
        let configurations = try #require(notifications?["LambdaConfigurations"] as? [[String: Any]])
        #expect(
            configurations.compactMap { $0["Event"] as? String }.sorted() == [
                "s3:ObjectCreated:*", "s3:ObjectCreated:*", "s3:ObjectRemoved:*",
            ])
        let permission = try #require(resources["OrdersWorkerS3PermissionOrdersUploads"]?["Properties"] as? [String: Any])
        #expect(permission["SourceArn"] as? [String: String] == ["Fn::Sub": "arn:${AWS::Partition}:s3:::orders-uploads"])
        #expect(permission["SourceAccount"] as? [String: String] == ["Ref": "AWS::AccountId"])
        let role = try #require(resources["OrdersRole"]?["Properties"] as? [String: Any])
        let policies = try #require(role["Policies"] as? [[String: Any]]).compactMap { $0["PolicyName"] as? String }
        #expect(
            policies == ["orders-api-logs", "iam-role-statements", "orders-worker-logs", "orders-worker-queues", "orders-worker-streams"])
        let granted = try #require(
            (role["Policies"] as? [[String: Any]])?.first { $0["PolicyName"] as? String == "iam-role-statements" }?["PolicyDocument"]
                as? [String: Any])
        let grants = try #require(granted["Statement"] as? [[String: Any]])
        #expect(
            grants.first?["Resource"] as? [String: String] == [
                "Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders"
            ])
        let queueResources = try #require(grants.last?["Resource"] as? [[String: Any]])
        #expect(queueResources.first as? [String: [String]] == ["Fn::GetAtt": ["Jobs", "Arn"]])
        #expect(queueResources.last as? [String: String] == ["Fn::Sub": "${Jobs.Arn}-archive"])
        #expect((role["ManagedPolicyArns"] as? [Any])?.count == 2, "VPC access for orders-api, X-Ray for both, once")
        let lint = try await Self.lint(text, suffix: "json")
        #expect(lint.status == 0, "cfn-lint: \(lint.status)\n\(lint.output)")
    }

    @Test("the YAML form: short intrinsic functions, cfn-lint finds nothing, and it reads back as the JSON template")
    func yamlMatchesJSON() async throws {
        let yaml = try CloudFormationExport.yaml(Self.deployment())
        #expect(yaml.contains("!Ref OrdersApiAlias") && yaml.contains("!GetAtt OrdersApiVersion.Version") && yaml.contains("!Sub arn:"))
        // What a YAML 1.1 reader would take for a date stays a string.
        #expect(yaml.contains(#"AWSTemplateFormatVersion: "2010-09-09""#) && yaml.contains(#"Version: "2012-10-17""#))
        let lint = try await Self.lint(yaml, suffix: "yaml")
        #expect(lint.status == 0, "cfn-lint: \(lint.status)\n\(lint.output)")
        let node = try #require(try YAMLParser.parse(yaml).documents.first)
        let json = try JSONSerialization.jsonObject(with: Data(try CloudFormationExport.json(Self.deployment()).utf8))
        #expect(NSDictionary(dictionary: Self.longForm(node) as? [String: Any] ?? [:]).isEqual(to: json as? [String: Any] ?? [:]))
    }

    /// A YAML node as the JSON value CloudFormation reads it as, short forms expanded.
    static func longForm(_ node: YAMLNode) -> Any {
        switch (node.tag, node.content) {
        case ("!Ref", .scalar(let text, _)): return ["Ref": text]
        case ("!Sub", .scalar(let text, _)): return ["Fn::Sub": text]
        case ("!GetAtt", .scalar(let text, _)):
            return ["Fn::GetAtt": text.split(separator: ".", maxSplits: 1).map(String.init)]
        case (_, .sequence(let items)): return items.map(longForm)
        case (_, .mapping(let pairs)):
            return Dictionary(uniqueKeysWithValues: pairs.map { ($0.key.scalarText ?? "", longForm($0.value)) })
        case (_, .scalar(let text, _)): return node.int ?? node.bool ?? node.string ?? text
        }
    }

    @Test("the guide's seed template is what the export writes for the seed")
    func guideShowsTheExport() throws {
        let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Documentation/InfrastructureAsCode.md")
        let text = try String(contentsOf: guide, encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        #expect(
            String(text[start.upperBound..<end.lowerBound])
                == (try CloudFormationExport.yaml(DeploymentConfiguration(functions: [Self.seed]))))
    }

    @Test("a managed layer used by two functions is one LayerVersion, read from its own code parameters, referenced by both")
    func sharedLayer() throws {
        let text = try CloudFormationExport.json(Self.deployment())
        let resources = try Self.resources(text)
        let layer = try #require(resources["OrdersDepsLayer"]?["Properties"] as? [String: Any])
        #expect(layer["CompatibleArchitectures"] as? [String] == ["arm64"])
        #expect((layer["Content"] as? [String: Any])?["S3Key"] as? [String: String] == ["Ref": "OrdersDepsLayerCodeKey"])
        for function in ["OrdersApi", "OrdersWorker"] {
            let layers = try #require((resources[function]?["Properties"] as? [String: Any])?["Layers"] as? [Any])
            #expect(layers.contains { ($0 as? [String: String]) == ["Ref": "OrdersDepsLayer"] }, "\(function)")
        }
    }
}
