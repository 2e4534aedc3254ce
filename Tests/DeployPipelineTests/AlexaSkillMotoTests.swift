import DeployAsyncHTTPClient
import DeployLambda
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// `alexaSkill` and `alexaSmartHome` events end to end against moto: a statement per skill on the
/// alias's policy (the Alexa service as principal, the skill's id as event source token); unchanged
/// → an empty plan; a skill removed → its statement removed; a skill without an id refused.
@Suite("Alexa skills on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct AlexaSkillMotoTests {
    func configuration(_ function: String, events: String, folder: String) throws -> DeploymentConfiguration {
        let text = """
            service: skills
            provider: {name: aws, runtime: python3.12}
            functions:
              lucky:
                name: \(function)
                handler: lambda_function.lambda_handler
                events:
            \(events)
            """
        return try PipelineFixture.serverless(text, folder: folder, role: "\(function)-role", work: "alexa-tests")
    }

    @Test("allowed per skill on the alias, unchanged, one removed; a skill without an id refused")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("alexa-src")
        let recorder = RecordingTransport(wrapping: AsyncHTTPClientTransport.shared)
        let (pipeline, aws) = try PipelineFixture.motoPipeline(recorder)
        let lambda = LambdaClient(configuration: aws)
        let name = MotoEnvironment.uniqueName("skills-lucky")
        let two = """
                  - alexaSkill: amzn1.ask.skill.11111111-2222-3333-4444-555555555555
                  - alexaSmartHome: {appId: amzn1.ask.skill.66666666-7777-8888-9999-000000000000}
                  - alexaSkill: {appId: amzn1.ask.skill.disabled, enabled: false}
            """
        #expect(await pipeline.deploy(try configuration(name, events: two, folder: folder)).succeeded)
        let policy = try await lambda.policyDocument(name, qualifier: "live")
        let alexa = policy.statements.filter { ($0.id ?? "").hasPrefix("lambdadeploykit-alexa-") }
        #expect(Set(alexa.compactMap(\.principal)) == ["alexa-appkit.amazon.com", "alexa-connectedhome.amazon.com"], "\(policy.json)")
        // moto keeps no condition for the token (AWS does: `lambda:EventSourceToken`); what was sent carries it.
        let tokens = recorder.requests.filter { $0.request.method == .post && ($0.request.path ?? "").contains("/policy") }.compactMap {
            ((try? JSONSerialization.jsonObject(with: Data($0.body))) as? [String: Any])?["EventSourceToken"] as? String
        }
        #expect(
            Set(tokens) == ["amzn1.ask.skill.11111111-2222-3333-4444-555555555555", "amzn1.ask.skill.66666666-7777-8888-9999-000000000000"])

        #expect(try await pipeline.plan(try configuration(name, events: two, folder: folder)).isEmpty)

        let one = String(two.split(separator: "\n").first!)
        #expect(await pipeline.deploy(try configuration(name, events: one, folder: folder)).succeeded)
        let left = try await lambda.policyDocument(name, qualifier: "live").statements.compactMap(\.id)
        #expect(
            left.filter { $0.hasPrefix("lambdadeploykit-alexa-") } == [
                "lambdadeploykit-alexa-amzn1_ask_skill_11111111-2222-3333-4444-555555555555"
            ])

        let refused = try #require(throws: DeploymentDiagnosis.self) {
            try configuration(name, events: "      - alexaSkill", folder: folder)
        }
        #expect(refused.summary.contains("names no skill id"))
    }
}
