import DeployLambda
import DeployManifests
import DeployPipeline
import Foundation
import Testing

@Suite("serverless.yml schedule and sqs events onto schedules and queues")
struct ServerlessScheduleTests {
    func function(_ events: String) throws -> FunctionDeployment? {
        let text = """
            service: jobs
            provider: {name: aws, runtime: python3.12}
            functions:
              sync:
                handler: h.f
                events:
            \(events)
            """
        return try DeploymentConfiguration(
            serverless: try ServerlessFile(yaml: text), sourceDirectory: "/src", stage: "dev", environment: [:]
        )
        .functions.first
    }

    func schedules(_ events: String) throws -> [ScheduleSettings] { try function(events)?.schedules ?? [] }

    @Test("sqs: an ARN, or the long form with batch size, window, ReportBatchItemFailures, enabled, concurrency; GetAtt refused")
    func queues() throws {
        let queues = try function(
            """
                      - sqs: arn:aws:sqs:us-east-1:123456789012:orders
                      - sqs:
                          arn: arn:aws:sqs:us-east-1:123456789012:refunds
                          batchSize: 50
                          maximumBatchingWindow: 10
                          functionResponseType: ReportBatchItemFailures
                          enabled: false
                          maximumConcurrency: 5
            """)?.queues
        #expect(
            queues == [
                QueueSubscription(queueARN: "arn:aws:sqs:us-east-1:123456789012:orders"),
                QueueSubscription(
                    queueARN: "arn:aws:sqs:us-east-1:123456789012:refunds",
                    EventSourceMappingSettings(
                        batchSize: 50, maximumBatchingWindow: 10, reportsBatchItemFailures: true, enabled: false, maximumConcurrency: 5)),
            ])
        do {
            _ = try function("          - sqs: {arn: {Fn::GetAtt: [OrdersQueue, Arn]}}")
            Issue.record("a reference to a queue the file does not declare accepted")
        } catch let error as DeploymentDiagnosis {
            #expect(error.summary.contains("of a queue under resources:") && error.fix.contains("arn:aws:sqs:REGION:ACCOUNT:NAME"))
        }
    }

    @Test("the short form, the long form with a list of rates, enabled: false, input as a mapping or JSON text, description")
    func forms() throws {
        #expect(try schedules("          - schedule: rate(5 minutes)") == [ScheduleSettings("rate(5 minutes)")])
        let long = try schedules(
            """
                      - schedule:
                          rate: [cron(0 12 * * ? *), rate(1 hour)]
                          enabled: false
                          input: {job: sync, batch: 10, dry: true}
                          description: nightly
                      - schedule: {rate: rate(1 day), input: '{"raw": 1}'}
            """)
        let input = #"{"batch":10,"dry":true,"job":"sync"}"#
        #expect(
            long == [
                ScheduleSettings("cron(0 12 * * ? *)", input: input, enabled: false, description: "nightly"),
                ScheduleSettings("rate(1 hour)", input: input, enabled: false, description: "nightly"),
                ScheduleSettings("rate(1 day)", input: #"{"raw": 1}"#),
            ])
    }

    @Test("refused with the fix: no rate, inputTransformer")
    func refused() throws {
        #expect(throws: DeploymentDiagnosis.self) { try schedules("          - schedule: {enabled: true}") }
        do {
            _ = try schedules("          - schedule: {rate: rate(1 day), inputTransformer: {inputTemplate: x}}")
            Issue.record("inputTransformer accepted")
        } catch let error as DeploymentDiagnosis {
            #expect(error.summary.contains("inputTransformer") && error.fix.contains("input:"))
        }
    }

    @Test("provider vpc, kmsKeyArn and logs.lambda, a function's onError; a CloudFormation reference in vpc refused")
    func networkAndLogging() throws {
        let text = """
            service: jobs
            provider:
              name: aws
              runtime: python3.12
              vpc: {securityGroupIds: [sg-0a1b], subnetIds: [subnet-1a, subnet-1b]}
              kmsKeyArn: arn:aws:kms:us-east-1:123456789012:key/abcd
              logs:
                lambda: {logFormat: JSON, applicationLogLevel: INFO, systemLogLevel: WARN}
            functions:
              worker:
                handler: h.f
                onError: arn:aws:sns:us-east-1:123456789012:failed-jobs
                reservedConcurrency: 20
                provisionedConcurrency: 5
            """
        let worker = try #require(
            try DeploymentConfiguration(serverless: try ServerlessFile(yaml: text), sourceDirectory: "/src", stage: "dev", environment: [:])
                .functions.first)
        #expect(worker.vpc == FunctionVPC(subnetIDs: ["subnet-1a", "subnet-1b"], securityGroupIDs: ["sg-0a1b"]))
        #expect(worker.kmsKeyARN == "arn:aws:kms:us-east-1:123456789012:key/abcd")
        #expect(worker.deadLetterTargetARN == "arn:aws:sns:us-east-1:123456789012:failed-jobs")
        #expect(worker.logging == FunctionLogging(format: "JSON", applicationLogLevel: "INFO", systemLogLevel: "WARN"))
        #expect(worker.reservedConcurrency == 20 && worker.provisionedConcurrency == 5)
        let reference = text.replacingOccurrences(of: "[sg-0a1b]", with: "[{Ref: LambdaSecurityGroup}]")
        #expect(throws: DeploymentDiagnosis.self) {
            try DeploymentConfiguration(
                serverless: try ServerlessFile(yaml: reference), sourceDirectory: "/src", stage: "dev", environment: [:])
        }
    }
}
