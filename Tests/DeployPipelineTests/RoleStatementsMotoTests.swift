import DeployAsyncHTTPClient
import DeployCore
import DeployIAM
import DeployManifests
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// `provider.iam.role.statements` end to end against moto: the managed role's policy
/// `iam-role-statements` holds the statements with the pseudo-parameters filled in, and the managed
/// policy named is attached; a deploy that changes nothing writes nothing; a changed statement is
/// put again; removed statements remove the policy.
@Suite(
    "IAM statements on the managed role, on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct RoleStatementsMotoTests {
    func configuration(
        service: String, function: String, role: String, actions: [String]?, folder: String
    ) throws -> DeploymentConfiguration {
        let statements =
            actions.map { actions in
                """
                  iam:
                    role:
                      managedPolicies: ['arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess']
                      statements:
                        - Effect: Allow
                          Action: [\(actions.joined(separator: ", "))]
                          Resource: !Sub 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-${sls:stage}'
                """
            } ?? ""
        let text = """
            service: \(service)
            provider:
              name: aws
              runtime: python3.12
            \(statements)
            functions:
              api: {name: \(function), handler: lambda_function.lambda_handler}
            """
        var configuration = try PipelineFixture.serverless(text, folder: folder, role: role, work: "role-statements-tests")
        // Every deploy plans the role, so that "nothing changed" is the plan's judgement, not the skip's.
        configuration.skipsUnchangedFunctions = false
        return configuration
    }

    /// The `PutRolePolicy` / `DeleteRolePolicy` calls on the statements policy, and `AttachRolePolicy` calls, among `requests`.
    func writes(_ recorder: RecordingTransport, after count: Int) -> [String] {
        recorder.requests.dropFirst(count).compactMap { exchange in
            let body = String(decoding: exchange.body, as: UTF8.self)
            if body.contains("Action=AttachRolePolicy") { return "attach" }
            guard body.contains("PolicyName=iam-role-statements") else { return nil }
            return body.contains("Action=PutRolePolicy") ? "put" : body.contains("Action=DeleteRolePolicy") ? "delete" : nil
        }
    }

    @Test("put with the pseudo-parameters filled in; unchanged: nothing written; changed: put again; removed: deleted")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("statements-src")
        let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)
        let (pipeline, aws) = try PipelineFixture.motoPipeline(recorder)
        let service = MotoEnvironment.uniqueName("orders")
        let function = MotoEnvironment.uniqueName("api")
        let role = MotoEnvironment.uniqueName("orders-role")
        let iam = IAMClient(configuration: aws)

        let first = await pipeline.deploy(
            try configuration(service: service, function: function, role: role, actions: ["dynamodb:GetItem"], folder: folder))
        #expect(first.succeeded, "\(first) \(first.diagnosis.map { "\($0)" } ?? "") \(first.functions.compactMap(\.diagnosis))")
        #expect(writes(recorder, after: 0).sorted() == ["attach", "put"])
        let attached = try await iam.attachedRolePolicies(roleName: role).collect().map(\.arn)
        #expect(attached == ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"])
        let granted = try await iam.rolePolicy(roleName: role, policyName: "iam-role-statements")
        #expect(
            granted.statements == [
                PolicyStatement(
                    effect: .allow, actions: ["dynamodb:GetItem"],
                    resources: ["arn:aws:dynamodb:us-east-1:123456789012:table/orders-dev"])
            ])
        // The logging policy is still the function's own.
        #expect(Set(try await iam.rolePolicyNames(roleName: role).collect()) == ["iam-role-statements", "\(function)-logs"])

        var mark = recorder.requests.count
        let again = await pipeline.deploy(
            try configuration(service: service, function: function, role: role, actions: ["dynamodb:GetItem"], folder: folder))
        #expect(again.succeeded)
        #expect(writes(recorder, after: mark).isEmpty, "the policy IAM holds is the one wanted")

        mark = recorder.requests.count
        let changed = await pipeline.deploy(
            try configuration(
                service: service, function: function, role: role, actions: ["dynamodb:GetItem", "dynamodb:Query"], folder: folder))
        #expect(changed.succeeded)
        #expect(writes(recorder, after: mark) == ["put"])
        #expect(
            try await iam.rolePolicy(roleName: role, policyName: "iam-role-statements").statements.first?.actions
                == ["dynamodb:GetItem", "dynamodb:Query"])

        mark = recorder.requests.count
        let removed = await pipeline.deploy(
            try configuration(service: service, function: function, role: role, actions: nil, folder: folder))
        #expect(removed.succeeded)
        #expect(writes(recorder, after: mark) == ["delete"])
        #expect(try await iam.rolePolicyNames(roleName: role).collect() == ["\(function)-logs"])
    }

    @Test("teardown of the role's last function: its statements policy and managed policy go with it, and the role is deleted")
    func teardown() async throws {
        let folder = try PipelineFixture.sourceFolder("statements-gone-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let function = MotoEnvironment.uniqueName("api-gone")
        let role = MotoEnvironment.uniqueName("orders-gone-role")
        let configuration = try configuration(
            service: MotoEnvironment.uniqueName("orders"), function: function, role: role, actions: ["dynamodb:GetItem"], folder: folder)
        let deployed = await pipeline.deploy(configuration)
        #expect(deployed.succeeded, "\(deployed)")

        let plan = try await pipeline.planTeardown(configuration)
        let removal = try #require(plan[function: function]?.actions.first { $0.change == .delete && $0.resource == "role \(role)" })
        #expect(removal.detail.contains("iam-role-statements") && removal.detail.contains("AWSXrayWriteOnlyAccess"), "\(removal.detail)")
        let report = await pipeline.apply(plan).report()
        #expect(report.succeeded, "\(report)")
        await #expect(throws: AWSServiceError.self) { _ = try await IAMClient(configuration: aws).role(role) }
    }
}
