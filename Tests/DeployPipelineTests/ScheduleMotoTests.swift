import DeployAsyncHTTPClient
import DeployCore
import DeployEventBridge
import DeployLambda
import DeployManifests
import DeployTestSupport
import Foundation
import Testing

@testable import DeployPipeline

/// `schedule` events end to end against moto, from a `serverless.yml`: the rules created with
/// their targets on the alias and the permissions; unchanged → an empty plan; a changed rate → a
/// plan with only that change; a schedule removed → the plan deletes its rule and permission.
@Suite("Schedules on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct ScheduleMotoTests {
    func configuration(_ function: String, schedules: String, folder: String) throws -> DeploymentConfiguration {
        let text = """
            service: jobs
            provider: {name: aws, runtime: python3.12}
            functions:
              sync:
                name: \(function)
                handler: lambda_function.lambda_handler
                events:
            \(schedules)
            """
        return try PipelineFixture.serverless(text, folder: folder, role: "\(function)-role", work: "schedule-tests")
    }

    @Test("created from serverless.yml, read back, unchanged, changed (only that change planned), removed, plus a refused rate")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("schedule-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let events = EventBridgeClient(configuration: aws)
        let lambda = LambdaClient(configuration: aws)
        let name = MotoEnvironment.uniqueName("jobs-sync")
        let prefix = "\(name)-schedule-"
        let two = """
                  - schedule: rate(5 minutes)
                  - schedule:
                      rate: cron(0 12 * * ? *)
                      enabled: false
                      input: {job: nightly}
            """
        let first = await pipeline.deploy(try configuration(name, schedules: two, folder: folder))
        #expect(first.succeeded, "\(first)")
        let rules = try await events.rules(prefix: prefix).sorted { $0.name < $1.name }
        #expect(rules.map(\.name) == [prefix + "1", prefix + "2"])
        #expect(rules.map(\.scheduleExpression) == ["rate(5 minutes)", "cron(0 12 * * ? *)"] && rules.map(\.isEnabled) == [true, false])
        let alias = try await lambda.alias(name, name: "live")
        #expect(try await events.targets(rule: prefix + "1") == [EventTarget(id: "lambdadeploykit", arn: alias.arn)])
        #expect(try await events.targets(rule: prefix + "2").first?.input == #"{"job":"nightly"}"#)
        let policy = try await lambda.policyDocument(name, qualifier: "live")
        let statements = policy.statements.filter { $0.principal == "events.amazonaws.com" }
        #expect(Set(statements.compactMap(\.id)) == ["lambdadeploykit-\(prefix)1", "lambdadeploykit-\(prefix)2"])
        #expect(statements.contains { $0.sourceARN == rules[0].arn })

        let unchanged = try await pipeline.plan(try configuration(name, schedules: two, folder: folder))
        #expect(unchanged.isEmpty, "\(unchanged)")

        let changed = two.replacingOccurrences(of: "rate(5 minutes)", with: "rate(10 minutes)")
        let plan = try await pipeline.plan(try configuration(name, schedules: changed, folder: folder))
        let actions = plan[function: name]?.actions.filter { $0.change != .keep } ?? []
        #expect(actions.map(\.step) == [.events], "\(plan)")
        #expect(actions.first?.attributes == [AttributeChange("rule \(prefix)1", "rate(5 minutes)", "rate(10 minutes)")])
        #expect(await pipeline.apply(plan).report().succeeded)
        #expect(try await events.rules(prefix: prefix + "1").first?.scheduleExpression == "rate(10 minutes)")

        let one = """
                  - schedule: rate(10 minutes)
            """
        let removal = try await pipeline.plan(try configuration(name, schedules: one, folder: folder))
        #expect(
            removal[function: name]?.actions.first { $0.step == .events }?.attributes.contains {
                $0.name == "rule \(prefix)2" && $0.after == nil
            } == true)
        #expect(await pipeline.apply(removal).report().succeeded)
        #expect(try await events.rules(prefix: prefix).map(\.name) == [prefix + "1"])
        let left = try await lambda.policyDocument(name, qualifier: "live").statements.compactMap(\.id)
        #expect(!left.contains("lambdadeploykit-\(prefix)2") && left.contains("lambdadeploykit-\(prefix)1"))

        let refused = await pipeline.deploy(try configuration(name, schedules: "          - schedule: rate(1 minutes)", folder: folder))
        #expect(refused[function: name]?.diagnosis?.fix.contains("rate(1 minute)") == true, "\(refused)")
    }

    @Test("eventBridge and cloudwatchEvent patterns: rules on the alias, read back as JSON, unchanged, a pattern changed, removed")
    func patterns() async throws {
        let folder = try PipelineFixture.sourceFolder("schedule-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let events = EventBridgeClient(configuration: aws)
        let lambda = LambdaClient(configuration: aws)
        let name = MotoEnvironment.uniqueName("jobs-audit")
        let prefix = "\(name)-event-"
        let two = """
                  - eventBridge:
                      pattern:
                        source: [aws.ec2]
                        detail-type: [EC2 Instance State-change Notification]
                  - cloudwatchEvent:
                      event: {source: [aws.s3]}
                      input: {job: audit}
                      enabled: false
            """
        let first = await pipeline.deploy(try configuration(name, schedules: two, folder: folder))
        #expect(first.succeeded, "\(first)")
        let rules = try await events.rules(prefix: prefix).sorted { $0.name < $1.name }
        #expect(rules.map(\.name) == [prefix + "1", prefix + "2"])
        #expect(
            RuleKind.sameJSON(rules[0].eventPattern, #"{"detail-type":["EC2 Instance State-change Notification"],"source":["aws.ec2"]}"#))
        #expect(rules.map(\.isEnabled) == [true, false] && rules[0].scheduleExpression == nil)
        let alias = try await lambda.alias(name, name: "live")
        #expect(try await events.targets(rule: prefix + "1") == [EventTarget(id: "lambdadeploykit", arn: alias.arn)])
        #expect(try await events.targets(rule: prefix + "2").first?.input == #"{"job":"audit"}"#)
        let statements = try await lambda.policyDocument(name, qualifier: "live").statements.compactMap(\.id)
        #expect(Set(statements) == ["lambdadeploykit-\(prefix)1", "lambdadeploykit-\(prefix)2"])

        #expect(try await pipeline.plan(try configuration(name, schedules: two, folder: folder)).isEmpty)

        let changed = two.replacingOccurrences(of: "source: [aws.s3]", with: "source: [aws.s3, aws.glacier]")
        let plan = try await pipeline.plan(try configuration(name, schedules: changed, folder: folder))
        let actions = plan[function: name]?.actions.filter { $0.change != .keep } ?? []
        #expect(actions.map(\.step) == [.events] && actions.first?.attributes.map(\.name) == ["rule \(prefix)2"], "\(plan)")
        #expect(await pipeline.apply(plan).report().succeeded)
        #expect(
            RuleKind.sameJSON(try await events.rules(prefix: prefix + "2").first?.eventPattern, #"{"source":["aws.s3","aws.glacier"]}"#))

        let one = String(two.split(separator: "\n").prefix(4).joined(separator: "\n"))
        #expect(await pipeline.deploy(try configuration(name, schedules: one, folder: folder)).succeeded)
        #expect(try await events.rules(prefix: prefix).map(\.name) == [prefix + "1"])
        let refused = try #require(throws: DeploymentDiagnosis.self) {
            try configuration(name, schedules: "          - eventBridge: {eventBus: orders, pattern: {source: [x]}}", folder: folder)
        }
        #expect(refused.summary.contains("`eventBus` is not supported yet"))
    }
}
