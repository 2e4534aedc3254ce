import DeployBasics
import DeployIAM
import DeployLambda
import DeployManifests
import Foundation
import Testing

@testable import DeployPipeline

/// `provider.iam.role.statements` read into the managed role's policy: every form real files use
/// (text with variables, `!GetAtt`/`!Ref` of `resources:`, `!Join`, `!Sub` with pseudo-parameters,
/// conditions, the older `iamRoleStatements`), what cannot be deployed refused naming where, and
/// the role a file names (`provider.iam.role`, a function's `role:`) used instead of a managed one.
@Suite("serverless.yml IAM statements and roles")
struct RoleStatementsTests {
    func load(_ text: String, role: FunctionDeployment.ExecutionRole? = nil) throws -> DeploymentConfiguration {
        try DeploymentConfiguration(serverless: try ServerlessFile(yaml: text), sourceDirectory: "/tmp", role: role, environment: [:])
    }

    static let resources = """
        resources:
          Resources:
            UsersTable:
              Type: AWS::DynamoDB::Table
              Properties:
                AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
                KeySchema: [{AttributeName: id, KeyType: HASH}]
                BillingMode: PAY_PER_REQUEST
            Uploads:
              Type: AWS::S3::Bucket
        """

    @Test("each form becomes a statement: variables resolved, resources: values as stack outputs, pseudo-parameters kept to fill")
    func forms() throws {
        let configuration = try load(
            """
            service: shop
            provider:
              name: aws
              runtime: python3.12
              region: eu-west-1
              iam:
                role:
                  statements:
                    - Effect: Allow
                      Action: [dynamodb:GetItem, dynamodb:PutItem]
                      Resource: arn:aws:dynamodb:${aws:region}:*:table/orders-${self:provider.stage}
                    - Sid: Users
                      Effect: Allow
                      Action: dynamodb:Query
                      Resource:
                        - !GetAtt UsersTable.Arn
                        - {"Fn::Join": ["/", [{"Fn::GetAtt": [UsersTable, Arn]}, "index", "*"]]}
                    - Effect: Allow
                      Action: s3:PutObject
                      Resource: !Join ['', ['arn:aws:s3:::', !Ref Uploads, '/*']]
                    - Effect: Deny
                      NotAction: sqs:DeleteQueue
                      Resource: !Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs-${!Literal}'
                      Condition:
                        StringEquals: {'aws:RequestedRegion': [eu-west-1, !Ref AWS::Region]}
            functions:
              api: {handler: app.handler}
            """ + "\n" + Self.resources)
        let function = try #require(configuration.functions.first)
        #expect(function.role == .managed("shop-dev-lambda"))
        let statements = function.roleStatements
        try #require(statements.count == 4)
        #expect(
            statements[0]
                == PolicyStatement(
                    effect: .allow, actions: ["dynamodb:GetItem", "dynamodb:PutItem"],
                    resources: ["arn:aws:dynamodb:eu-west-1:*:table/orders-dev"]))
        #expect(statements[1].sid == "Users")
        #expect(statements[1].resources == ["${lambdadeploykit-stack:UsersTable.Arn}", "${lambdadeploykit-stack:UsersTable.Arn}/index/*"])
        #expect(statements[2].resources == ["arn:aws:s3:::${lambdadeploykit-stack:Uploads}/*"])
        #expect(statements[3].effect == .deny && statements[3].notActions == ["sqs:DeleteQueue"] && statements[3].actions.isEmpty)
        #expect(statements[3].resources == ["arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs-${Literal}"])
        #expect(statements[3].conditions == ["StringEquals": ["aws:RequestedRegion": ["eu-west-1", "${AWS::Region}"]]])
        // The stack outputs what the statements refer to.
        let stack = try #require(configuration.stack)
        #expect(stack.template.contains("\"Fn::GetAtt\":[\"UsersTable\",\"Arn\"]") || stack.template.contains("UsersTable"))
        #expect(stack.references.keys.contains("${lambdadeploykit-stack:Uploads}"))

        // Filled in at deploy time, and resolved from the stack's outputs.
        let outputs = stack.references.values.reduce(into: [String: String]()) { outputs, output in
            outputs[output.key] = output.attribute == nil ? "uploads-bucket" : "arn:aws:dynamodb:eu-west-1:123456789012:table/users"
        }
        let deployed = try #require(try configuration.resolvingStack(outputs).functions.first)
        let document = RoleResource.statements(deployed, account: "123456789012", region: try Region("cn-north-1"))
        #expect(
            document.statements[1].resources == [
                "arn:aws:dynamodb:eu-west-1:123456789012:table/users",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/users/index/*",
            ])
        #expect(document.statements[2].resources == ["arn:aws:s3:::uploads-bucket/*"])
        #expect(document.statements[3].resources == ["arn:aws-cn:sqs:cn-north-1:123456789012:jobs-${Literal}"])
        #expect(document.statements[3].conditions?["StringEquals"]?["aws:RequestedRegion"] == ["eu-west-1", "cn-north-1"])
    }

    @Test("managed policies: ARNs, pseudo-parameters to fill, a policy under resources:; attached besides VPC access")
    func managedPolicies() throws {
        let configuration = try load(
            """
            service: shop
            provider:
              name: aws
              runtime: python3.12
              iam:
                role:
                  managedPolicies:
                    - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
                    - !Sub 'arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess'
                    - !Ref ReportsPolicy
            functions:
              api: {handler: app.handler}
            resources:
              Resources:
                ReportsPolicy:
                  Type: AWS::IAM::ManagedPolicy
                  Properties:
                    PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 's3:GetObject', Resource: '*'}]}
            """)
        var function = try #require(configuration.functions.first)
        #expect(
            function.roleManagedPolicies == [
                "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:${AWS::Partition}:iam::aws:policy/AWSXrayWriteOnlyAccess",
                "${lambdadeploykit-stack:ReportsPolicy}",
            ])
        function = try #require(
            try configuration.resolvingStack(["LambdaDeployKitReportsPolicyRef": "arn:aws:iam::123456789012:policy/reports"]).functions
                .first)
        function.vpc = FunctionVPC(subnetIDs: ["subnet-1"], securityGroupIDs: ["sg-1"])
        #expect(
            RoleResource.managedPolicies(function, account: "123456789012", region: try Region("us-east-1")) == [
                "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
                "arn:aws:iam::123456789012:policy/reports", "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
            ])
    }

    @Test("a function's own iamRoleStatements: a managed role of its own granting them (and the provider's, when it inherits)")
    func perFunctionRoles() throws {
        let configuration = try load(
            """
            service: shop
            provider:
              name: aws
              runtime: python3.12
              iam:
                role:
                  statements:
                    - {Effect: Allow, Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:123456789012:alerts'}
            functions:
              api: {handler: app.handler}
              resize:
                handler: resize.handler
                iamRoleStatements:
                  - {Effect: Allow, Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::images/*'}
              thumbs:
                handler: thumbs.handler
                iamRoleStatementsName: shop-thumbnails
                iamRoleStatementsInherit: true
                iamRoleStatements:
                  - {Effect: Allow, Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::thumbs/*'}
            """)
        let functions = Dictionary(uniqueKeysWithValues: configuration.functions.map { ($0.name, $0) })
        let api = try #require(functions["shop-dev-api"])
        let resize = try #require(functions["shop-dev-resize"])
        let thumbs = try #require(functions["shop-dev-thumbs"])
        #expect(api.role == .managed("shop-dev-lambda") && api.roleStatements.map(\.actions) == [["sns:Publish"]])
        #expect(resize.role == .managed("shop-dev-resize-lambda") && resize.roleStatements.map(\.actions) == [["s3:GetObject"]])
        #expect(thumbs.role == .managed("shop-thumbnails") && thumbs.roleStatements.map(\.actions) == [["sns:Publish"], ["s3:PutObject"]])
    }

    @Test("the older iamRoleStatements reads the same")
    func legacyForm() throws {
        let function = try #require(
            try load(
                """
                service: shop
                provider:
                  name: aws
                  runtime: python3.12
                  iamRoleStatements:
                    - {Effect: Allow, Action: ['sns:Publish'], Resource: 'arn:aws:sns:us-east-1:123456789012:alerts'}
                functions:
                  api: {handler: app.handler}
                """
            ).functions.first)
        #expect(
            function.roleStatements == [
                PolicyStatement(
                    effect: .allow, actions: ["sns:Publish"],
                    resources: ["arn:aws:sns:us-east-1:123456789012:alerts"])
            ])
    }

    @Test("what cannot be deployed is refused, naming the statement and key")
    func refusals() throws {
        func refusal(_ statement: String, resources: Bool = false) throws -> DeploymentDiagnosis {
            let text = """
                service: shop
                provider:
                  name: aws
                  runtime: python3.12
                  iam:
                    role:
                      statements:
                        - {Effect: Allow, Action: 'sqs:SendMessage', Resource: '*'}
                        - \(statement)
                functions:
                  api: {handler: app.handler}
                """ + (resources ? "\n" + Self.resources : "")
            return try #require(throws: DeploymentDiagnosis.self) { try load(text) }
        }
        let principal = try refusal("{Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: '*'}")
        #expect(principal.summary.contains("provider.iam.role.statements[1].Principal"), "\(principal.summary)")
        let imported = try refusal("{Effect: Allow, Action: 's3:GetObject', Resource: {'Fn::ImportValue': shared-bucket}}")
        #expect(imported.summary.contains("statements[1].Resource") && imported.summary.contains("Fn::ImportValue"))
        let undeclared = try refusal("{Effect: Allow, Action: 's3:GetObject', Resource: !GetAtt Missing.Arn}", resources: true)
        #expect(undeclared.summary.contains("`Missing` is not a resource under `resources:`"))
        let noResource = try refusal("{Effect: Allow, Action: 's3:GetObject'}")
        #expect(noResource.summary.contains("statements[1].Resource: the statement has no Resource"))
        let effect = try refusal("{Effect: allow, Action: 's3:GetObject', Resource: '*'}")
        #expect(effect.summary.contains("Effect must be Allow or Deny"))
        #expect(effect.fix.contains("Effect, Action and Resource"))
    }

    @Test("the role a file names is used instead of a managed one: an ARN, or a role under resources:")
    func namedRoles() throws {
        let configuration = try load(
            """
            service: shop
            provider:
              name: aws
              runtime: python3.12
              iam: {role: 'arn:aws:iam::123456789012:role/shop-runtime'}
            functions:
              api: {handler: app.handler}
              worker: {handler: worker.handler, role: WorkerRole}
              jobs: {handler: jobs.handler, role: !GetAtt WorkerRole.Arn}
            resources:
              Resources:
                WorkerRole:
                  Type: AWS::IAM::Role
                  Properties:
                    AssumeRolePolicyDocument:
                      Version: '2012-10-17'
                      Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]
            """)
        let roles = configuration.functions.map(\.role)
        #expect(
            roles == [
                .arn("arn:aws:iam::123456789012:role/shop-runtime"), .arn("${lambdadeploykit-stack:WorkerRole.Arn}"),
                .arn("${lambdadeploykit-stack:WorkerRole.Arn}"),
            ])
        let resolved = try configuration.resolvingStack(["LambdaDeployKitWorkerRoleArn": "arn:aws:iam::123456789012:role/worker"])
        #expect(resolved.functions[1].role == .arn("arn:aws:iam::123456789012:role/worker"))
        // A role the caller gives wins, as before.
        #expect(
            try load(
                "service: s\nprovider: {name: aws, runtime: python3.12, iam: {role: 'arn:aws:iam::1:role/x'}}\n"
                    + "functions: {api: {handler: a.h}}", role: .managed("mine")
            ).functions.first?.role == .managed("mine"))
        // `iam.role.name`: the managed role under that name.
        #expect(
            try load(
                "service: s\nprovider: {name: aws, runtime: python3.12, iam: {role: {name: shop-runtime, statements: []}}}\n"
                    + "functions: {api: {handler: a.h}}"
            ).functions.first?.role == .managed("shop-runtime"))
        let bad = try #require(throws: DeploymentDiagnosis.self) {
            try load("service: s\nprovider: {name: aws, runtime: python3.12}\nfunctions: {api: {handler: a.h, role: NoSuchRole}}")
        }
        #expect(bad.summary.contains("functions.api.role is neither a role ARN nor a role under `resources:`"))
    }
}
