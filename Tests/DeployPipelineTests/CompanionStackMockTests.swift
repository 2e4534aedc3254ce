import DeployCloudFormation
import DeployCore
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// What moto's CloudFormation does not do — refuse a resource and roll the stack back — on
/// `MockTransport`, answering as CloudFormation does: the run stops with `stackFailed` naming the
/// resource and CloudFormation's reason, before any function is touched.
@Suite("Companion resources stack failures")
struct CompanionStackMockTests {
    static func stacks(_ status: String) -> MockReply {
        .queryResult(
            "DescribeStacks",
            "<Stacks><member><StackName>shop-dev-resources</StackName><StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/"
                + "shop-dev-resources/1</StackId><StackStatus>\(status)</StackStatus></member></Stacks>")
    }

    @Test("a creation rolled back: stackFailed with the resource's reason; no Lambda call is made")
    func rolledBack() async throws {
        let mock = MockTransport()
        mock.on(
            .action("GetCallerIdentity"),
            reply: .queryResult(
                "GetCallerIdentity", "<Arn>arn:aws:iam::123456789012:user/ci</Arn><Account>123456789012</Account><UserId>AID</UserId>"))
        mock.on(
            .action("DescribeStacks"),
            replies: [
                .awsError("ValidationError", message: "Stack with id shop-dev-resources does not exist", protocol: .query),
                Self.stacks("CREATE_IN_PROGRESS"), Self.stacks("ROLLBACK_COMPLETE"),
            ])
        mock.on(
            .action("CreateStack"),
            reply: .queryResult(
                "CreateStack", "<StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/shop-dev-resources/1</StackId>"))
        mock.on(
            .action("DescribeStackEvents"),
            reply: .queryResult(
                "DescribeStackEvents",
                "<StackEvents><member><LogicalResourceId>ordersTable</LogicalResourceId><ResourceType>AWS::DynamoDB::Table</ResourceType>"
                    + "<ResourceStatus>CREATE_FAILED</ResourceStatus><ResourceStatusReason>One or more parameter values were invalid: "
                    + "Missing the key id in the item</ResourceStatusReason></member></StackEvents>"))
        var pipeline = DeploymentPipeline(configuration: try Fixtures.configuration(mock), logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(1)
        var configuration = DeploymentConfiguration(functions: [PipelineFixture.hello("shop-dev-api")])
        configuration.stack = CompanionStack(
            name: "shop-dev-resources",
            resources: .mapping([("Resources", .mapping([("ordersTable", .mapping([("Type", .string("AWS::DynamoDB::Table"))]))]))]))
        let report = await pipeline.deploy(configuration)
        let diagnosis = try #require(report.diagnosis)
        #expect(diagnosis.kind == .stackFailed && report.functions.isEmpty)
        #expect(diagnosis.summary.contains("ROLLBACK_COMPLETE") && diagnosis.summary.contains("ordersTable (AWS::DynamoDB::Table)"))
        #expect(diagnosis.summary.contains("Missing the key id"))
        #expect(!mock.requests.contains { $0.request.path?.hasPrefix("/2015-03-31") == true }, "no Lambda call")
        let created = try #require(mock.requests(matching: .action("CreateStack")).first)
        let form = String(decoding: created.body, as: UTF8.self)
        #expect(form.contains("Capabilities.member.1=CAPABILITY_IAM") && form.contains("Tags.member.1.Key=lambdadeploykit%3Amanaged"))
    }
}
