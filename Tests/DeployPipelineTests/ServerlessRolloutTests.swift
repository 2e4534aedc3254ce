import DeployManifests
import DeployPipeline
import Foundation
import Testing

/// serverless-plugin-canary-deployments' `deploymentSettings`, as its README writes them, onto rollouts.
@Suite("serverless.yml deploymentSettings onto rollouts")
struct ServerlessRolloutTests {
    func functions(_ text: String, stage: String = "prod") throws -> [FunctionDeployment] {
        try DeploymentConfiguration(serverless: try ServerlessFile(yaml: text), sourceDirectory: "/src", stage: stage, environment: [:])
            .functions
    }

    static let plugin = """
        service: canary-deployments
        provider: {name: aws, runtime: nodejs20.x}
        plugins:
          - serverless-plugin-canary-deployments
        custom:
          deploymentSettings:
            stages:
              - prod
        functions:
          hello:
            handler: handler.hello
            events:
              - http: GET hello
            deploymentSettings:
              type: Linear10PercentEvery1Minute
              alias: Live
              preTrafficHook: preHook
              alarms:
                - FooAlarm
                - name: BarAlarm
          preHook:
            handler: hooks.pre
        resources:
          Resources:
            FooAlarm:
              Type: AWS::CloudWatch::Alarm
              Properties:
                AlarmName: canary-deployments-hello-errors
                Namespace: AWS/Lambda
                MetricName: Errors
        """

    @Test("the plugin's README example: the strategy, the alias, alarms by logical id (its AlarmName) and by name")
    func readme() throws {
        let hello = try #require(try functions(Self.plugin).first)
        #expect(hello.rollout.name == "Linear10PercentEvery1Minute" && hello.rollout.steps.count == 9)
        #expect(hello.rollout.alarmNames == ["canary-deployments-hello-errors", "BarAlarm"])
        #expect(hello.rollout.alarms == .errors, "the new version's Errors gate it too")
        #expect(hello.alias == "Live")
        let hook = try #require(try functions(Self.plugin).last)
        #expect(!hook.rollout.isGradual && hook.alias == "live", "a function without settings deploys at once")
    }

    @Test("a stage outside custom.deploymentSettings.stages deploys all at once")
    func stages() throws {
        let dev = try #require(try functions(Self.plugin, stage: "dev").first)
        #expect(!dev.rollout.isGradual && dev.alias == "Live")
    }

    @Test("refused with the fix: an unknown type, a missing type, a logical id without an AlarmName")
    func refused() throws {
        func diagnosis(_ settings: String) -> DeploymentDiagnosis? {
            let text = """
                service: s
                provider: {name: aws, runtime: nodejs20.x}
                functions:
                  f:
                    handler: h.f
                    deploymentSettings: \(settings)
                resources: {Resources: {Unnamed: {Type: "AWS::CloudWatch::Alarm", Properties: {MetricName: Errors}}}}
                """
            do {
                _ = try functions(text)
                return nil
            } catch {
                return error as? DeploymentDiagnosis
            }
        }
        #expect(diagnosis("{type: BlueGreen}")?.fix.contains("Canary10Percent5Minutes") == true)
        #expect(diagnosis("{alias: Live}")?.summary.contains("has no `type`") == true)
        #expect(diagnosis("{type: Canary10Percent5Minutes, alarms: [Unnamed]}")?.fix.contains("AlarmName") == true)
        #expect(diagnosis("{type: Canary10Percent5Minutes, alarms: [Missing]}")?.summary.contains("Missing") == true)
        #expect(diagnosis("{type: Canary10Percent5Minutes, alarms: [{name: mine}]}") == nil)
    }
}
