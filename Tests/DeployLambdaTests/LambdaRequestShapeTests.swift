import DeployCore
import DeployLambda
import DeployTestSupport
import Foundation
import Testing

/// Every operation of the Lambda client: our request (method, canonical URI and query, member
/// headers, body) against botocore's for the same input.
@Suite("Lambda requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct LambdaRequestShapeTests {
    static let role = "arn:aws:iam::123456789012:role/hello-lambda"
    static let zip = "PK\u{3}\u{4}lambda"
    /// The same bytes in a file, for the streamed `ZipFile`.
    static let zipPath: String = {
        let path = NSTemporaryDirectory() + "shape-\(UUID().uuidString).zip"
        FileManager.default.createFile(atPath: path, contents: Data(zip.utf8))
        return path
    }()

    static let cases: [OperationCase] = [
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateAlias",
            note: "addressed by ARN: the path encoded twice in the canonical URI",
            parameters:
                #"{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:fn","Name":"live","FunctionVersion":"2","#
                + #""RoutingConfig":{"AdditionalVersionWeights":{"1":0.1}}}"#
        ) {
            _ = try await LambdaClient(configuration: $0).updateAlias(
                "arn:aws:lambda:us-east-1:123456789012:function:fn", name: "live", version: "2", weights: ["1": 0.1])
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateAlias",
            note: "the final move: the canary cleared, the record in the description, guarded by the revision",
            parameters:
                #"{"FunctionName":"fn","Name":"live","FunctionVersion":"3","RevisionId":"r-1","#
                + #""Description":"[lambdadeploykit:serves=3 input-sha256=ab code-sha256=Zm9v]","#
                + #""RoutingConfig":{"AdditionalVersionWeights":{}}}"#
        ) {
            _ = try await LambdaClient(configuration: $0).updateAlias(
                "fn", name: "live", version: "3", weights: [:], revisionID: "r-1",
                description: "[lambdadeploykit:serves=3 input-sha256=ab code-sha256=Zm9v]")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "Invoke", note: "with a qualifier and a log tail",
            parameters: #"{"FunctionName":"fn","Qualifier":"live","LogType":"Tail","Payload":"{}"}"#
        ) { _ = try await LambdaClient(configuration: $0).invoke("fn", payload: Array("{}".utf8), qualifier: "live", logTail: true) },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "AddPermission", note: "with a source ARN",
            parameters:
                #"{"FunctionName":"fn","StatementId":"s1","Action":"lambda:InvokeFunction","Principal":"apigateway.amazonaws.com","#
                + #""SourceArn":"arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/hello"}"#
        ) {
            try await LambdaClient(configuration: $0).addPermission(
                "fn", statementID: "s1", principal: "apigateway.amazonaws.com",
                sourceARN: "arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/hello")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "CreateFunction",
            parameters: Botocore.json([
                "FunctionName": "fn", "Role": role, "Handler": "lambda_function.lambda_handler", "Runtime": "python3.12",
                "Code": ["ZipFile": zip],
                "MemorySize": 256, "Timeout": 10, "Environment": ["Variables": ["STAGE": "production"]], "Architectures": ["arm64"],
                "Layers": ["arn:aws:lambda:us-east-1:123456789012:layer:deps:1"], "Description": "seed", "Tags": ["team": "ci"],
                "Publish": true, "EphemeralStorage": ["Size": 1024], "TracingConfig": ["Mode": "Active"],
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).createFunction(
                FunctionDefinition(
                    name: "fn", role: role, handler: "lambda_function.lambda_handler", runtime: "python3.12", code: .zip(Array(zip.utf8)),
                    memorySize: 256,
                    timeout: 10, environment: ["STAGE": "production"], architectures: ["arm64"],
                    layers: ["arn:aws:lambda:us-east-1:123456789012:layer:deps:1"], description: "seed", tags: ["team": "ci"],
                    publish: true, ephemeralStorage: 1024, tracingMode: "Active"
                ))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "GetFunction",
            parameters: Botocore.json(["FunctionName": "fn", "Qualifier": "live"])
        ) {
            _ = try await LambdaClient(configuration: $0).function("fn", qualifier: "live")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "GetFunctionConfiguration",
            parameters: Botocore.json(["FunctionName": "fn"])
        ) {
            _ = try await LambdaClient(configuration: $0).configuration("fn")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateFunctionCode", note: "the zip streamed from its file",
            parameters: Botocore.json(["FunctionName": "fn", "ZipFile": zip, "Publish": false, "DryRun": false, "RevisionId": "r1"])
        ) {
            _ = try await LambdaClient(configuration: $0).updateFunctionCode("fn", code: .zipFile(path: zipPath), revisionID: "r1")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "CreateFunction", note: "the zip streamed from its file",
            parameters: Botocore.json([
                "FunctionName": "fn", "Role": role, "Handler": "h.h", "Runtime": "python3.12", "Code": ["ZipFile": zip], "Publish": false,
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).createFunction(
                FunctionDefinition(name: "fn", role: role, handler: "h.h", runtime: "python3.12", code: .zipFile(path: zipPath)))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateFunctionCode",
            parameters: Botocore.json([
                "FunctionName": "fn", "S3Bucket": "artifacts", "S3Key": "builds/function.zip", "Publish": true, "DryRun": false,
                "RevisionId": "r1",
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).updateFunctionCode(
                "fn", code: .s3(bucket: "artifacts", key: "builds/function.zip"), publish: true, revisionID: "r1")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateFunctionConfiguration",
            parameters: Botocore.json([
                "FunctionName": "fn", "MemorySize": 512, "Timeout": 30, "Environment": ["Variables": ["A": "1"]], "Description": "d",
                "Handler": "h.h",
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).updateFunctionConfiguration(
                "fn", FunctionSettings(memorySize: 512, timeout: 30, environment: ["A": "1"], description: "d", handler: "h.h"))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "PublishVersion",
            parameters: Botocore.json(["FunctionName": "fn", "CodeSha256": "abc=", "Description": "commit 1"])
        ) {
            _ = try await LambdaClient(configuration: $0).publishVersion("fn", codeSHA256: "abc=", description: "commit 1")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "ListVersionsByFunction", parameters: Botocore.json(["FunctionName": "fn"])
        ) {
            _ = try await LambdaClient(configuration: $0).versions("fn").collect()
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "PublishLayerVersion", note: "the zip streamed from a file",
            parameters: Botocore.json([
                "LayerName": "deps", "Content": ["ZipFile": zip], "Description": "dependencies", "CompatibleRuntimes": ["python3.12"],
                "CompatibleArchitectures": ["arm64"], "LicenseInfo": "MIT",
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).publishLayerVersion(
                LayerDefinition(
                    name: "deps", content: .zipFile(path: zipPath), description: "dependencies", compatibleRuntimes: ["python3.12"],
                    compatibleArchitectures: ["arm64"], licenseInfo: "MIT"))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "PublishLayerVersion", note: "from S3",
            parameters: Botocore.json(["LayerName": "deps", "Content": ["S3Bucket": "artifacts", "S3Key": "layers/deps/abc.zip"]])
        ) {
            _ = try await LambdaClient(configuration: $0).publishLayerVersion(
                LayerDefinition(name: "deps", content: .s3(bucket: "artifacts", key: "layers/deps/abc.zip")))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "ListLayerVersions", parameters: Botocore.json(["LayerName": "deps"])
        ) {
            _ = try await LambdaClient(configuration: $0).layerVersions("deps").collect()
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "GetLayerVersion",
            parameters: Botocore.json(["LayerName": "deps", "VersionNumber": 3])
        ) {
            _ = try await LambdaClient(configuration: $0).layerVersion("deps", version: 3)
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "DeleteLayerVersion",
            parameters: Botocore.json(["LayerName": "deps", "VersionNumber": 3])
        ) {
            try await LambdaClient(configuration: $0).deleteLayerVersion("deps", version: 3)
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateFunctionConfiguration", note: "/tmp and tracing",
            parameters: Botocore.json(["FunctionName": "fn", "EphemeralStorage": ["Size": 2048], "TracingConfig": ["Mode": "PassThrough"]])
        ) {
            _ = try await LambdaClient(configuration: $0).updateFunctionConfiguration(
                "fn", FunctionSettings(ephemeralStorage: 2048, tracingMode: "PassThrough"))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateFunctionConfiguration", note: "VPC, KMS, dead letter, logging",
            parameters: Botocore.json([
                "FunctionName": "fn", "VpcConfig": ["SubnetIds": ["subnet-a"], "SecurityGroupIds": ["sg-1"]],
                "KMSKeyArn": "arn:aws:kms:us-east-1:123456789012:key/k", "DeadLetterConfig": ["TargetArn": "arn:aws:sns:us-east-1:1:t"],
                "LoggingConfig": ["LogFormat": "JSON", "ApplicationLogLevel": "INFO", "SystemLogLevel": "WARN"],
            ])
        ) {
            var settings = FunctionSettings()
            settings.vpc = FunctionVPC(subnetIDs: ["subnet-a"], securityGroupIDs: ["sg-1"])
            settings.kmsKeyARN = "arn:aws:kms:us-east-1:123456789012:key/k"
            settings.deadLetter = FunctionDeadLetter(targetARN: "arn:aws:sns:us-east-1:1:t")
            settings.logging = FunctionLogging(format: "JSON", applicationLogLevel: "INFO", systemLogLevel: "WARN")
            _ = try await LambdaClient(configuration: $0).updateFunctionConfiguration("fn", settings)
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateFunctionCode", note: "a new architecture with the code",
            parameters: Botocore.json([
                "FunctionName": "fn", "S3Bucket": "artifacts", "S3Key": "k.zip", "Architectures": ["arm64"], "Publish": false,
                "DryRun": false,
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).updateFunctionCode(
                "fn", code: .s3(bucket: "artifacts", key: "k.zip"), architectures: ["arm64"])
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateFunctionConfiguration", note: "layers",
            parameters: Botocore.json(["FunctionName": "fn", "Layers": ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]])
        ) {
            _ = try await LambdaClient(configuration: $0).updateFunctionConfiguration(
                "fn", FunctionSettings(layers: ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "CreateFunctionUrlConfig", note: "public, on the alias, with CORS",
            parameters: Botocore.json([
                "FunctionName": "fn", "Qualifier": "live", "AuthType": "NONE", "InvokeMode": "RESPONSE_STREAM",
                "Cors": ["AllowOrigins": ["*"], "AllowMethods": ["GET"], "MaxAge": 300],
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).createFunctionURL(
                "fn", qualifier: "live",
                FunctionURLSettings(
                    cors: FunctionURLCORS(allowMethods: ["GET"], allowOrigins: ["*"], maxAge: 300), invokeMode: .responseStream))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "GetFunctionUrlConfig",
            parameters: Botocore.json(["FunctionName": "fn", "Qualifier": "live"])
        ) { _ = try await LambdaClient(configuration: $0).functionURL("fn", qualifier: "live") },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateFunctionUrlConfig",
            parameters: Botocore.json([
                "FunctionName": "fn", "Qualifier": "live", "AuthType": "AWS_IAM", "InvokeMode": "BUFFERED", "Cors": [String: Any](),
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).updateFunctionURL("fn", qualifier: "live", FunctionURLSettings(authType: .awsIAM))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "DeleteFunctionUrlConfig",
            parameters: Botocore.json(["FunctionName": "fn", "Qualifier": "live"])
        ) { try await LambdaClient(configuration: $0).deleteFunctionURL("fn", qualifier: "live") },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "AddPermission", note: "a public function URL's two statements (1)",
            parameters: Botocore.json([
                "FunctionName": "fn", "Qualifier": "live", "StatementId": "url", "Action": "lambda:InvokeFunctionUrl", "Principal": "*",
                "FunctionUrlAuthType": "NONE",
            ])
        ) {
            try await LambdaClient(configuration: $0).addPermission(
                "fn", statementID: "url", principal: "*", action: "lambda:InvokeFunctionUrl", qualifier: "live",
                functionURLAuthType: .public)
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "AddPermission", note: "a public function URL's two statements (2)",
            parameters: Botocore.json([
                "FunctionName": "fn", "Qualifier": "live", "StatementId": "invoke", "Action": "lambda:InvokeFunction", "Principal": "*",
                "InvokedViaFunctionUrl": true,
            ])
        ) {
            try await LambdaClient(configuration: $0).addPermission(
                "fn", statementID: "invoke", principal: "*", qualifier: "live", invokedViaFunctionURL: true)
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "AddPermission", note: "an Alexa skill's, by its event source token",
            parameters: Botocore.json([
                "FunctionName": "fn", "Qualifier": "live", "StatementId": "lambdadeploykit-alexa-amzn1_ask_skill_1",
                "Action": "lambda:InvokeFunction", "Principal": "alexa-appkit.amazon.com", "EventSourceToken": "amzn1.ask.skill.1",
            ])
        ) {
            try await LambdaClient(configuration: $0).addPermission(
                "fn", statementID: "lambdadeploykit-alexa-amzn1_ask_skill_1", principal: "alexa-appkit.amazon.com",
                eventSourceToken: "amzn1.ask.skill.1", qualifier: "live")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "AddPermission", note: "an S3 bucket's, with its account",
            parameters: Botocore.json([
                "FunctionName": "fn", "Qualifier": "live", "StatementId": "lambdadeploykit-s3-uploads_example",
                "Action": "lambda:InvokeFunction",
                "Principal": "s3.amazonaws.com", "SourceArn": "arn:aws:s3:::uploads.example", "SourceAccount": "123456789012",
            ])
        ) {
            try await LambdaClient(configuration: $0).addPermission(
                "fn", statementID: "lambdadeploykit-s3-uploads_example", principal: "s3.amazonaws.com",
                sourceARN: "arn:aws:s3:::uploads.example", sourceAccount: "123456789012", qualifier: "live")
        },
        OperationCase(service: "lambda", signingName: "lambda", operation: "ListFunctions", parameters: Botocore.json([:])) {
            _ = try await LambdaClient(configuration: $0).functions().collect()
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "CreateAlias",
            parameters: Botocore.json(["FunctionName": "fn", "Name": "live", "FunctionVersion": "1", "Description": "prod"])
        ) {
            _ = try await LambdaClient(configuration: $0).createAlias("fn", name: "live", version: "1", description: "prod")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "GetAlias",
            parameters: Botocore.json(["FunctionName": "fn", "Name": "live"])
        ) {
            _ = try await LambdaClient(configuration: $0).alias("fn", name: "live")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "DeleteAlias",
            parameters: Botocore.json(["FunctionName": "fn", "Name": "live"])
        ) {
            try await LambdaClient(configuration: $0).deleteAlias("fn", name: "live")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "RemovePermission",
            parameters: Botocore.json(["FunctionName": "fn", "StatementId": "s1", "Qualifier": "live"])
        ) {
            try await LambdaClient(configuration: $0).removePermission("fn", statementID: "s1", qualifier: "live")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "RemovePermission", note: "guarded by the policy's revision",
            parameters: Botocore.json(["FunctionName": "fn", "StatementId": "s1", "Qualifier": "live", "RevisionId": "r-7"])
        ) {
            try await LambdaClient(configuration: $0).removePermission("fn", statementID: "s1", qualifier: "live", revisionID: "r-7")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "AddPermission", note: "guarded by the policy's revision",
            parameters:
                #"{"FunctionName":"fn","StatementId":"s1","Action":"lambda:InvokeFunction","Principal":"apigateway.amazonaws.com","#
                + #""RevisionId":"r-7"}"#
        ) {
            try await LambdaClient(configuration: $0).addPermission(
                "fn", statementID: "s1", principal: "apigateway.amazonaws.com", revisionID: "r-7")
        },
        OperationCase(service: "lambda", signingName: "lambda", operation: "GetPolicy", parameters: Botocore.json(["FunctionName": "fn"])) {
            _ = try await LambdaClient(configuration: $0).policy("fn")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "Invoke",
            parameters: Botocore.json(["FunctionName": "fn", "InvocationType": "Event", "Payload": "{\"a\":1}"])
        ) {
            _ = try await LambdaClient(configuration: $0).invoke("fn", payload: Array("{\"a\":1}".utf8), type: .event)
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "DeleteFunction",
            parameters: Botocore.json(["FunctionName": "fn", "Qualifier": "1"])
        ) {
            try await LambdaClient(configuration: $0).deleteFunction("fn", qualifier: "1")
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "CreateEventSourceMapping",
            parameters: Botocore.json([
                "EventSourceArn": "arn:aws:sqs:us-east-1:123456789012:q",
                "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:fn:live",
                "Enabled": true, "BatchSize": 50, "MaximumBatchingWindowInSeconds": 10,
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "ScalingConfig": ["MaximumConcurrency": 5],
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).createEventSourceMapping(
                function: "arn:aws:lambda:us-east-1:123456789012:function:fn:live", source: "arn:aws:sqs:us-east-1:123456789012:q",
                EventSourceMappingSettings(batchSize: 50, maximumBatchingWindow: 10, reportsBatchItemFailures: true, maximumConcurrency: 5))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "CreateEventSourceMapping", note: "a Kinesis stream's settings",
            parameters: Botocore.json([
                "EventSourceArn": "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
                "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:fn:live",
                "Enabled": true, "BatchSize": 500, "FunctionResponseTypes": [String](), "StartingPosition": "LATEST",
                "MaximumRetryAttempts": 3, "BisectBatchOnFunctionError": true, "ParallelizationFactor": 2,
                "MaximumRecordAgeInSeconds": 3600,
            ])
        ) {
            _ = try await LambdaClient(configuration: $0).createEventSourceMapping(
                function: "arn:aws:lambda:us-east-1:123456789012:function:fn:live",
                source: "arn:aws:kinesis:us-east-1:123456789012:stream/clicks",
                EventSourceMappingSettings(
                    batchSize: 500, startingPosition: "LATEST", maximumRetryAttempts: 3, splitsFailedBatches: true,
                    parallelizationFactor: 2,
                    maximumRecordAge: 3600))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UpdateEventSourceMapping",
            parameters: Botocore.json(["UUID": "u-1", "Enabled": false, "FunctionResponseTypes": [String]()])
        ) {
            _ = try await LambdaClient(configuration: $0).updateEventSourceMapping("u-1", EventSourceMappingSettings(enabled: false))
        },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "DeleteEventSourceMapping", parameters: Botocore.json(["UUID": "u-1"])
        ) { try await LambdaClient(configuration: $0).deleteEventSourceMapping("u-1") },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "GetEventSourceMapping", parameters: Botocore.json(["UUID": "u-1"])
        ) { _ = try await LambdaClient(configuration: $0).eventSourceMapping("u-1") },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "PutFunctionConcurrency",
            parameters: Botocore.json(["FunctionName": "fn", "ReservedConcurrentExecutions": 20])
        ) { try await LambdaClient(configuration: $0).putReservedConcurrency("fn", 20) },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "GetFunctionConcurrency", parameters: Botocore.json(["FunctionName": "fn"])
        ) { _ = try await LambdaClient(configuration: $0).reservedConcurrency("fn") },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "DeleteFunctionConcurrency",
            parameters: Botocore.json(["FunctionName": "fn"])
        ) { try await LambdaClient(configuration: $0).deleteReservedConcurrency("fn") },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "PutProvisionedConcurrencyConfig",
            parameters: Botocore.json(["FunctionName": "fn", "Qualifier": "live", "ProvisionedConcurrentExecutions": 10])
        ) { _ = try await LambdaClient(configuration: $0).putProvisionedConcurrency("fn", qualifier: "live", 10) },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "GetProvisionedConcurrencyConfig",
            parameters: Botocore.json(["FunctionName": "fn", "Qualifier": "live"])
        ) { _ = try await LambdaClient(configuration: $0).provisionedConcurrency("fn", qualifier: "live") },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "DeleteProvisionedConcurrencyConfig",
            parameters: Botocore.json(["FunctionName": "fn", "Qualifier": "live"])
        ) { try await LambdaClient(configuration: $0).deleteProvisionedConcurrency("fn", qualifier: "live") },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "TagResource",
            parameters: Botocore.json(["Resource": "arn:aws:lambda:us-east-1:123456789012:function:fn", "Tags": ["team": "a"]])
        ) { try await LambdaClient(configuration: $0).tagResource("arn:aws:lambda:us-east-1:123456789012:function:fn", ["team": "a"]) },
        OperationCase(
            service: "lambda", signingName: "lambda", operation: "UntagResource",
            parameters: Botocore.json(["Resource": "arn:aws:lambda:us-east-1:123456789012:function:fn", "TagKeys": ["a", "b"]])
        ) {
            try await LambdaClient(configuration: $0).untagResource("arn:aws:lambda:us-east-1:123456789012:function:fn", keys: ["a", "b"])
        },
        OperationCase(service: "lambda", signingName: "lambda", operation: "ListEventSourceMappings", parameters: Botocore.json([:])) {
            _ = try await LambdaClient(configuration: $0).eventSourceMappings()
        },
    ]

    /// The cases with botocore's requests for them, from one Python process.
    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
