import DeployCloudFormation
import DeployCore
import DeployTestSupport
import Testing

/// Every operation of the CloudFormation client: our request against botocore's for the same input.
@Suite("CloudFormation requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct CloudFormationRequestShapeTests {
    static let template = #"{"Resources":{"q":{"Type":"AWS::SQS::Queue"}}}"#

    static let cases: [OperationCase] = [
        OperationCase(
            service: "cloudformation", signingName: "cloudformation", operation: "CreateStack", note: "IAM capabilities, tags",
            parameters: Botocore.json([
                "StackName": "shop-dev-resources", "TemplateBody": template, "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
                "Tags": [["Key": "lambdadeploykit:managed", "Value": "true"]],
            ])
        ) {
            try await CloudFormationClient(configuration: $0).createStack(
                "shop-dev-resources", template: template, tags: ["lambdadeploykit:managed": "true"])
        },
        OperationCase(
            service: "cloudformation", signingName: "cloudformation", operation: "UpdateStack",
            parameters: Botocore.json([
                "StackName": "shop-dev-resources", "TemplateBody": template, "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
            ])
        ) { _ = try await CloudFormationClient(configuration: $0).updateStack("shop-dev-resources", template: template) },
        OperationCase(
            service: "cloudformation", signingName: "cloudformation", operation: "DescribeStacks",
            parameters: Botocore.json(["StackName": "shop-dev-resources"])
        ) { _ = try await CloudFormationClient(configuration: $0).stack("shop-dev-resources") },
        OperationCase(service: "cloudformation", signingName: "cloudformation", operation: "ListExports", parameters: Botocore.json([:])) {
            _ = try await CloudFormationClient(configuration: $0).exports()
        },
        OperationCase(
            service: "cloudformation", signingName: "cloudformation", operation: "GetTemplate",
            parameters: Botocore.json(["StackName": "shop-dev-resources"])
        ) { _ = try await CloudFormationClient(configuration: $0).template("shop-dev-resources") },
        OperationCase(
            service: "cloudformation", signingName: "cloudformation", operation: "DescribeStackEvents",
            parameters: Botocore.json(["StackName": "shop-dev-resources"])
        ) { _ = try await CloudFormationClient(configuration: $0).events("shop-dev-resources") },
        OperationCase(
            service: "cloudformation", signingName: "cloudformation", operation: "DeleteStack",
            parameters: Botocore.json(["StackName": "shop-dev-resources"])
        ) { try await CloudFormationClient(configuration: $0).deleteStack("shop-dev-resources") },
    ]

    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
