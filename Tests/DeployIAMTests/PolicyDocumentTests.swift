import DeployCore
import DeployIAM
import DeploySigV4
import DeployTesting
import Foundation
import Testing

@Suite("Policy documents and least privilege")
struct PolicyDocumentTests {
    @Test("decodes one-or-many forms, principals and conditions, and percent-encoded documents as IAM returns them")
    func decoding() throws {
        let json =
            #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","#
            + #""Principal":{"Service":"lambda.amazonaws.com"},"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}}"#
        let encoded = json.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        for text in [json, encoded] {
            let document = try PolicyDocument.parse(text)
            #expect(document.statements.count == 1)
            #expect(document.statements[0].actions == ["sts:AssumeRole"])
            #expect(document.statements[0].principals == ["Service": ["lambda.amazonaws.com"]])
            #expect(document.statements[0].conditions == ["StringEquals": ["aws:SourceAccount": ["123456789012"]]])
        }
        let everyone = try PolicyDocument.parse(
            #"{"Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Resource":"*","Principal":"*"}]}"#)
        #expect(everyone.version == "2008-10-17", "IAM's default when Version is absent")
        #expect(everyone.statements[0].notActions == ["iam:*", "sts:*"])
        #expect(everyone.statements[0].principals == ["*": ["*"]])
        #expect(throws: AWSDecodingError.self) { try PolicyDocument.parse(#"{"Statement":[{"Action":"x"}]}"#) }
    }

    @Test("encodes single values as strings and round-trips")
    func encoding() throws {
        let json = try LeastPrivilege.lambdaTrustPolicy.json()
        #expect(
            json
                == #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"}}],"#
                + #""Version":"2012-10-17"}"#
        )
        let policy = LeastPrivilege.deployPolicy(
            functions: ["myLambdaFunction"], region: "us-east-1", account: "123456789012",
            executionRoleARN: "arn:aws:iam::123456789012:role/hello")
        let scheduled = LeastPrivilege.deployPolicy(
            functions: ["f"], region: "eu-west-1", account: "123456789012", executionRoleARN: "arn:aws:iam::123456789012:role/r",
            managesSchedules: true)
        #expect(
            scheduled.statements.first { $0.sid == "ManageSchedules" }?.resources == [
                "arn:aws:events:eu-west-1:123456789012:rule/f-schedule-*", "arn:aws:events:eu-west-1:123456789012:rule/f-event-*",
            ])
        #expect(scheduled.allows("events:PutTargets") && scheduled.allows("events:ListRules") && !policy.allows("events:PutRule"))
        #expect(try PolicyDocument.parse(try policy.json()) == policy)
        let importing = LeastPrivilege.deployPolicy(
            functions: ["f"], region: "eu-west-1", account: "123456789012", executionRoleARN: "arn:aws:iam::123456789012:role/r",
            restAPIID: "abc123", eventBuckets: ["uploads"], readsExports: true)
        #expect(importing.allows("cloudformation:ListExports") && !policy.allows("cloudformation:ListExports"))
        #expect(importing.statements.first { $0.sid == "WireBucketEvents" }?.resources == ["arn:aws:s3:::uploads"])
        #expect(importing.allows("s3:PutBucketNotification") && !policy.allows("s3:PutBucketNotification"))
    }

    @Test("layers and an artifact bucket add their statements, scoped to those layers and that bucket; none without them")
    func layersAndArtifacts() throws {
        let role = "arn:aws:iam::123456789012:role/hello-lambda"
        let plain = LeastPrivilege.deployPolicy(functions: ["f"], region: "eu-west-1", account: "123456789012", executionRoleARN: role)
        #expect(!plain.allows("lambda:PublishLayerVersion") && !plain.allows("s3:PutObject"))
        #expect(plain.allows("lambda:CreateFunctionUrlConfig"))
        let policy = LeastPrivilege.deployPolicy(
            functions: ["f"], region: "eu-west-1", account: "123456789012", executionRoleARN: role, layers: ["deps"],
            artifactBucket: "lambdadeploykit-123456789012-eu-west-1")
        let statements = Dictionary(uniqueKeysWithValues: policy.statements.map { ($0.sid ?? "", $0) })
        #expect(
            statements["PublishLayers"]?.resources == [
                "arn:aws:lambda:eu-west-1:123456789012:layer:deps", "arn:aws:lambda:eu-west-1:123456789012:layer:deps:*",
            ])
        #expect(statements["PublishLayers"]?.actions.contains("lambda:DeleteLayerVersion") == true)
        #expect(statements["SeeLayerUse"]?.actions == ["lambda:ListFunctions"])
        #expect(
            statements["StoreArtifacts"]?.resources == [
                "arn:aws:s3:::lambdadeploykit-123456789012-eu-west-1", "arn:aws:s3:::lambdadeploykit-123456789012-eu-west-1/*",
            ])
        #expect(statements["StoreArtifacts"]?.actions.contains("s3:AbortMultipartUpload") == true)
        #expect(statements["ManageLogGroups"] == nil)
        let logs = LeastPrivilege.deployPolicy(
            functions: ["f"], region: "eu-west-1", account: "123456789012", executionRoleARN: role, managesLogGroups: true)
        #expect(
            logs.statements.first { $0.sid == "ManageLogGroups" }?.resources.first
                == "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/f")
        #expect(!logs.allows("cloudwatch:PutMetricAlarm"), "rollout alarms only when asked")
        let gated = LeastPrivilege.deployPolicy(
            functions: ["f"], region: "eu-west-1", account: "123456789012", executionRoleARN: role, gatesRollouts: true)
        #expect(
            gated.statements.first { $0.sid == "RolloutAlarms" }?.resources == ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:f-*"])
        #expect(
            gated.allows("cloudwatch:DeleteAlarms") && gated.allows("cloudwatch:DescribeAlarms") && gated.allows("logs:FilterLogEvents"))
        #expect(try PolicyDocument.parse(try policy.json()) == policy)
    }

    @Test("the deploy policy grants the deploy actions on the named functions only, and PassRole on one role")
    func deployPolicy() throws {
        let role = "arn:aws:iam::123456789012:role/hello-lambda"
        let policy = LeastPrivilege.deployPolicy(
            functions: ["myLambdaFunction", "other"], region: "eu-west-1", account: "123456789012", executionRoleARN: role,
            restAPIID: "abc123")
        #expect(policy.allows("lambda:UpdateFunctionCode"))
        #expect(policy.allows("lambda:PublishVersion"))
        #expect(policy.allows("iam:PassRole"))
        #expect(!policy.allows("lambda:DeleteFunction"))
        #expect(!policy.allows("iam:CreateUser"))
        #expect(!policy.allows("secretsmanager:GetSecretValue"))
        let statements = Dictionary(uniqueKeysWithValues: policy.statements.map { ($0.sid ?? "", $0) })
        #expect(
            statements["DeployFunctions"]?.resources == [
                "arn:aws:lambda:eu-west-1:123456789012:function:myLambdaFunction",
                "arn:aws:lambda:eu-west-1:123456789012:function:myLambdaFunction:*",
                "arn:aws:lambda:eu-west-1:123456789012:function:other", "arn:aws:lambda:eu-west-1:123456789012:function:other:*",
            ])
        #expect(statements["PassExecutionRole"]?.resources == [role])
        #expect(statements["SeeEventSources"]?.resources == ["*"])
        #expect(
            statements["WireEventSources"]?.conditions?["ArnLike"]?["lambda:FunctionArn"]
                == statements["DeployFunctions"]?.resources, "mappings written for these functions only")
        #expect(statements["PassExecutionRole"]?.conditions?["StringEquals"]?["iam:PassedToService"] == ["lambda.amazonaws.com"])
        #expect(statements["WireAPIGateway"]?.resources.allSatisfy { $0.contains("/restapis/abc123") } == true)
        #expect(
            policy.statements.allSatisfy { statement in statement.actions.allSatisfy { !$0.hasSuffix(":*") && $0 != "*" } },
            "no wildcard actions")
    }

    @Test(
        "action wildcards match as IAM does",
        arguments: [
            ("lambda:*", "lambda:UpdateFunctionCode", true), ("lambda:Get*", "lambda:GetFunction", true),
            ("lambda:Get*", "lambda:UpdateAlias", false), ("*", "iam:PassRole", true), ("s3:?etObject", "s3:GetObject", true),
            ("LAMBDA:invokefunction", "lambda:InvokeFunction", true),
        ])
    func wildcards(_ pattern: String, _ action: String, _ expected: Bool) {
        let document = PolicyDocument(statements: [.init(effect: .allow, actions: [pattern], resources: ["*"])])
        #expect(document.allows(action) == expected)
    }
}

@Suite("IAM on MockTransport")
struct IAMMockTests {
    @Test("requests go to the global endpoint signed for us-east-1, as query POSTs")
    func globalEndpoint() async throws {
        let mock = MockTransport()
        mock.on(
            .action("GetRole"),
            reply: .xml(
                """
                <GetRoleResponse><GetRoleResult><Role><RoleName>hello</RoleName><RoleId>AROA1</RoleId>\
                <Arn>arn:aws:iam::1:role/hello</Arn><Path>/</Path><AssumeRolePolicyDocument>\
                %7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D\
                </AssumeRolePolicyDocument></Role></GetRoleResult></GetRoleResponse>
                """))
        let configuration = try AWSConfiguration(
            region: "eu-west-1",
            credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "x")),
            transport: mock, environment: [:]
        )
        let role = try await IAMClient(configuration: configuration).role("hello")
        #expect(role.arn == "arn:aws:iam::1:role/hello")
        #expect(role.trustPolicy?.allows("sts:AssumeRole") == true)
        let sent = try #require(mock.requests.first)
        #expect(sent.request.authority == "iam.amazonaws.com")
        #expect(sent.request.headerFields[.authorization]?.contains("/us-east-1/iam/aws4_request") == true)
        #expect(sent.parameter("RoleName") == "hello")
        #expect(sent.parameter("Version") == "2010-05-08")
    }
}
