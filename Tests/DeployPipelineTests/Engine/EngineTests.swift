import DeployCore
import DeployLambda
import DeployPipeline
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// The engine's state machine on an in-memory Lambda that enforces `RevisionId`: plans for each
/// kind of change, drift, conflicts with a concurrent deploy, failures and cancellation at every
/// action boundary. No moto: these run in plain `swift test`, in seconds.
@Suite("Deploy engine (plan → apply) on a fake Lambda")
struct EngineTests {
    static let role = FunctionDeployment.ExecutionRole.arn("arn:aws:iam::123456789012:role/app")

    static func function(_ marker: String = "", memory: Int? = nil, rollout: FunctionDeployment.Rollout = .allAtOnce) -> FunctionDeployment
    {
        FunctionDeployment(
            name: "app", source: .entries(PipelineFixture.entries(marker: marker)), handler: "lambda_function.lambda_handler",
            runtime: "python3.12", memorySize: memory, role: role, rollout: rollout)
    }

    static func pipeline(_ transport: any HTTPTransport, kept: Int = 10, retryPolicy: RetryPolicy = .none) throws -> DeploymentPipeline {
        var pipeline = DeploymentPipeline(
            configuration: try AWSConfiguration(
                region: "us-east-1",
                credentialProvider: StaticCredentialProvider(.init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "engine-test-secret")),
                transport: transport, retryPolicy: retryPolicy, logger: PipelineFixture.quiet, environment: [:]),
            logger: PipelineFixture.quiet)
        pipeline.pollInterval = .milliseconds(1)
        pipeline.rollbackDeadline = .seconds(5)
        pipeline.keptVersions = kept
        return pipeline
    }

    /// A run in a work directory of its own: tests run at once, and every one deploys a function called `app`.
    static func deployment(_ functions: [FunctionDeployment]) -> DeploymentConfiguration {
        DeploymentConfiguration(
            functions: functions, gitLab: GitLabContext(environment: [:]),
            workDirectory: NSTemporaryDirectory() + "engine-tests/" + UUID().uuidString)
    }

    static let mutating: Set<String> = [
        "CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration", "PublishVersion", "CreateAlias",
        "UpdateAlias", "DeleteAlias", "DeleteFunction",
    ]

    @Test("first deploy, unchanged, code change, configuration change: the plan says each, and the dry run sends only reads")
    func plans() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        let first = try await pipeline.plan(Self.deployment([Self.function()]))
        #expect(first[function: "app"]?.actions.map(\.change) == [.keep, .create, .keep, .create, .check, .create])
        #expect(lambda.calls.allSatisfy { !Self.mutating.contains($0) }, "\(lambda.calls)")
        #expect(await pipeline.apply(first).report().succeeded)
        #expect(lambda.alias("app")?.version == "1")

        let unchanged = try await pipeline.plan(Self.deployment([Self.function()]))
        #expect(unchanged.isEmpty, "\(unchanged)")
        #expect(unchanged.description.hasSuffix("no changes"))

        let code = try await pipeline.plan(Self.deployment([Self.function("v2")]))
        let actions = try #require(code[function: "app"])
        #expect(
            actions.action(.function)?.change == .update && actions.action(.publish)?.change == .create
                && actions.action(.alias)?.change == .update)
        #expect(code.description.contains("~ alias live: version 1 → the new version"), "\(code)")
        #expect(code.description.contains("on failure: live back on version 1"))

        let memory = try await pipeline.plan(Self.deployment([Self.function(memory: 256)]))
        #expect(memory[function: "app"]?.action(.configuration)?.change == .update)
        #expect(memory.description.contains("~ configuration of app: memorySize 128 → 256"), "\(memory)")
        #expect(memory[function: "app"]?.action(.function)?.change == .keep)
    }

    @Test("drift: a setting changed and the alias moved outside the pipeline show in the plan, and apply puts them back")
    func drift() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        #expect(await pipeline.deploy(Self.deployment([Self.function(memory: 128)])).succeeded)
        #expect(await pipeline.deploy(Self.deployment([Self.function("v2", memory: 128)])).succeeded)
        lambda.setLatest("app", "MemorySize", 512)  // the console
        lambda.moveAlias("app", to: "1")  // by hand
        let plan = try await pipeline.plan(Self.deployment([Self.function("v2", memory: 128)]))
        #expect(plan.description.contains("~ configuration of app: memorySize 512 → 128"), "\(plan)")
        #expect(plan[function: "app"]?.action(.alias)?.change == .update)
        let report = await pipeline.apply(plan).report()
        #expect(report.succeeded, "\(report)")
        #expect(lambda.alias("app")?.version == "3")
        #expect(try await pipeline.plan(Self.deployment([Self.function("v2", memory: 128)])).isEmpty)
    }

    @Test(
        "a compatible concurrent change between plan and apply (a setting this deploy leaves alone): re-read, re-planned, deployed over it")
    func compatibleConflictReplans() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        #expect(await pipeline.deploy(Self.deployment([Self.function()])).succeeded)
        let plan = try await pipeline.plan(Self.deployment([Self.function("v2")]))
        lambda.setLatest("app", "MemorySize", 1024)  // someone, in the console, in between
        let report = await pipeline.apply(plan).report()
        let result = try #require(report[function: "app"])
        #expect(result.outcome == .deployed(version: "2"), "\(report)")
        #expect(result.steps.contains { $0.detail.contains("re-planned after a compatible concurrent change: memorySize 128 → 1024") })
        #expect(lambda.alias("app")?.version == "2")
        #expect(lambda.world.withLock { $0.functions["app"]?.configuration["MemorySize"] as? Int } == 1024, "their change is kept")
        #expect(lambda.calls.filter { $0 == "UpdateFunctionCode" }.count == 2, "refused once, then sent with the fresh revision")
    }

    @Test(
        "a conflicting concurrent change (other code, or a managed setting): refused, nothing overwritten, the diagnosis names the change",
        arguments: ["code", "memory"])
    func conflictingChangeStops(_ what: String) async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        #expect(await pipeline.deploy(Self.deployment([Self.function(memory: 256)])).succeeded)
        let plan = try await pipeline.plan(Self.deployment([Self.function("v2", memory: 256)]))
        if what == "code" {
            lambda.setLatest("app", "CodeSha256", "c29tZW9uZSBlbHNlJ3MgY29kZQ==")
        } else {
            lambda.setLatest("app", "MemorySize", 1024)
        }
        let report = await pipeline.apply(plan).report()
        let result = try #require(report[function: "app"])
        #expect(result.outcome == .failed(step: .function), "\(report)")
        let diagnosis = try #require(result.diagnosis)
        #expect(diagnosis.kind == .concurrentDeployment)
        let named = what == "code" ? "CodeSha256" : "memorySize 256 → 1024"
        #expect(diagnosis.summary.contains(named), "\(diagnosis.summary)")
        #expect(diagnosis.fix.contains("resource_group"))
        #expect(lambda.alias("app")?.version == "1")
        let latest = lambda.world.withLock { $0.functions["app"]?.configuration }
        #expect(
            what == "code"
                ? latest?["CodeSha256"] as? String == "c29tZW9uZSBlbHNlJ3MgY29kZQ==" : latest?["MemorySize"] as? Int == 1024,
            "their change is kept")
    }

    @Test(
        "two pipelines deploy one function at once: one wins, the other reports the conflict, the alias is on the winner's version"
    )
    func twoPipelinesAtOnce() async throws {
        let lambda = FakeLambda()
        #expect(await (try Self.pipeline(lambda.transport)).deploy(Self.deployment([Self.function()])).succeeded)
        let first = try Self.pipeline(lambda.transport).run(Self.deployment([Self.function("from pipeline A")]))
        let second = try Self.pipeline(lambda.transport).run(Self.deployment([Self.function("from pipeline B")]))
        let reports = [await first.report(), await second.report()]
        let winners = reports.compactMap { report -> String? in
            if case .deployed(let version)? = report.functions.first?.outcome { return version }
            return nil
        }
        let conflicts = reports.filter { $0.functions.first?.diagnosis?.kind == .concurrentDeployment }
        #expect(winners.count == 1 && conflicts.count == 1, "\(reports)")
        #expect(lambda.alias("app")?.version == winners.first, "the alias is on the version whose checks passed")
        #expect(lambda.alias("app")?.weights.isEmpty == true)
    }

    @Test("the alias moved by someone else after this run moved it: the rollback leaves it and says so")
    func rollbackRefused() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        #expect(await pipeline.deploy(Self.deployment([Self.function()])).succeeded)
        #expect(await pipeline.deploy(Self.deployment([Self.function("v2")])).succeeded)
        // v3 with a canary; once it has moved the alias, another deploy moves it to 1 and the
        // invocation check… runs before. So: fail the second alias move, after the canary moved.
        let moves = Mutex(0)
        lambda.beforeEach.withLock {
            $0 = { operation in
                guard operation == "UpdateAlias" else { return }
                let count = moves.withLock { count in
                    count += 1
                    return count
                }
                if count == 2 { lambda.moveAlias("app", to: "1") }
            }
        }
        let report = await pipeline.deploy(Self.deployment([Self.function("v3", rollout: .canary(weight: 0.1))]))
        let result = try #require(report[function: "app"])
        guard case .rollbackFailed(let step, let state) = result.outcome else {
            Issue.record("expected a refused rollback: \(report)")
            return
        }
        #expect(step == .alias)
        #expect(state.contains("someone else moved live"), "\(state)")
        #expect(lambda.alias("app")?.version == "1", "their move is left as it is")
    }

    @Test(
        "a failure injected at each call of a deploy: completed, or the previous version serves with no weights; the report says which",
        arguments: 1...14)
    func failureAtEachCall(_ failing: Int) async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        #expect(await pipeline.deploy(Self.deployment([Self.function()])).succeeded)
        let faulty = FaultAtCall(base: lambda.transport, failing: failing)
        let report = await (try Self.pipeline(faulty)).deploy(Self.deployment([Self.function("v2", rollout: .canary(weight: 0.2))]))
        let alias = try #require(lambda.alias("app"))
        #expect(alias.weights.isEmpty, "call \(failing): weights left \(alias.weights)")
        switch report.functions.first?.outcome {
        case .deployed(let version)?: #expect(alias.version == version)
        case .rolledBack(_, let serving)?: #expect(serving == "1" && alias.version == "1")
        case .failed?: #expect(alias.version == "1")
        case nil: #expect(report.diagnosis != nil && alias.version == "1")
        case let other?: Issue.record("call \(failing): \(String(describing: other))")
        }
    }

    @Test("cancelled at every action boundary (seeded, 200 runs): the previous version still serves, no weights, the report says cancelled")
    func cancellationAtEachBoundary() async throws {
        var generator = SeededRandomNumberGenerator(seed: 14)
        var outcomes: [String: Int] = [:]
        for run in 0..<200 {
            let lambda = FakeLambda()
            let pipeline = try Self.pipeline(lambda.transport)
            #expect(await pipeline.deploy(Self.deployment([Self.function()])).succeeded)
            let cancelAt = Int.random(in: 1...12, using: &generator)
            let box = Mutex<DeploymentRun?>(nil)
            let seen = Mutex(0)
            lambda.beforeEach.withLock {
                $0 = { _ in
                    let count = seen.withLock { count in
                        count += 1
                        return count
                    }
                    if count == cancelAt { box.withLock { $0 }?.cancel() }
                }
            }
            let started = pipeline.run(Self.deployment([Self.function("run \(run)", rollout: .canary(weight: 0.1))]))
            box.withLock { $0 = started }
            let report = await started.report()
            let alias = try #require(lambda.alias("app"))
            #expect(alias.weights.isEmpty, "run \(run), cancelled at call \(cancelAt): weights \(alias.weights)")
            switch report.functions.first?.outcome {
            case .deployed(let version)?:
                #expect(alias.version == version)
                outcomes["completed before the cancel", default: 0] += 1
            case .cancelled(_, let serving)?:
                #expect((serving == "1" || serving == nil) && alias.version == "1", "run \(run): \(report)")
                outcomes["cancelled", default: 0] += 1
            case nil:
                #expect(alias.version == "1", "run \(run): \(report)")
                outcomes["refused before any change", default: 0] += 1
            case let other?:
                Issue.record("run \(run), call \(cancelAt): \(String(describing: other))")
            }
        }
        #expect(outcomes["cancelled", default: 0] > 50, "\(outcomes)")
    }

    @Test(
        "a create lands but its answer is lost (reset, timeout): not sent blindly again, the engine reads the live state and goes on",
        arguments: ["CreateFunction/connectionReset", "CreateFunction/timeout", "CreateAlias/connectionReset", "CreateAlias/timeout"])
    func createAnswerLost(_ scenario: String) async throws {
        let lambda = FakeLambda()
        let (operation, kind) = (String(scenario.prefix { $0 != "/" }), scenario.hasSuffix("timeout"))
        let lossy = AnswerLost(base: lambda.transport, operation: operation, kind: kind ? .timeout : .connectionReset)
        let retrying = RetryPolicy(maxAttempts: 3, sleep: { _ in })
        let report = await (try Self.pipeline(lossy, retryPolicy: retrying)).deploy(Self.deployment([Self.function()]))
        #expect(report.succeeded, "\(report.description)")
        #expect(lambda.calls.filter { $0 == operation }.count == 1, "\(lambda.calls)")
        #expect(lambda.alias("app")?.version == "1")
        #expect(lossy.lost.withLock { $0 } == 1)
    }

    @Test("CreateFunction's answer lost and the function someone else's (other code): a typed failure, nothing overwritten")
    func createFunctionAnswerLostOtherCode() async throws {
        let lambda = FakeLambda()
        let lossy = AnswerLost(base: lambda.transport, operation: "CreateFunction", kind: .connectionReset) {
            lambda.setLatest("app", "CodeSha256", "c29tZW9uZSBlbHNlJ3MgY29kZQ==")
        }
        let report = await (try Self.pipeline(lossy, retryPolicy: RetryPolicy(maxAttempts: 3, sleep: { _ in }))).deploy(
            Self.deployment([Self.function()]))
        #expect(!report.succeeded)
        #expect(lambda.calls.filter { $0 == "CreateFunction" }.count == 1, "\(lambda.calls)")
        #expect(report.description.contains("may have taken effect"), "\(report.description)")
        #expect(lambda.alias("app") == nil)
    }

    @Test("versions beyond the retention are deleted, never one the alias serves")
    func pruning() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport, kept: 3)
        for version in 1...6 {
            #expect(await pipeline.deploy(Self.deployment([Self.function("v\(version)")])).succeeded)
        }
        let versions = lambda.world.withLock { $0.functions["app"]?.versions.keys.sorted() }
        #expect(versions == [4, 5, 6])
        #expect(lambda.alias("app")?.version == "6")
    }

    @Test("round trips after credentials: an unchanged redeploy in at most 3, a code change in at most 8")
    func roundTrips() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        #expect(await pipeline.deploy(Self.deployment([Self.function()])).succeeded)
        let unchanged = await pipeline.deploy(Self.deployment([Self.function()]))
        #expect(unchanged[function: "app"]?.outcome == .unchanged(version: "1"))
        #expect(unchanged.roundTrips - 1 <= 3, "\(unchanged.roundTrips) round trips, \(unchanged.awsCalls) calls")
        let changed = await pipeline.deploy(Self.deployment([Self.function("v2")]))
        #expect(changed[function: "app"]?.outcome == .deployed(version: "2"))
        #expect(changed.roundTrips - 1 <= 8, "\(changed.roundTrips) round trips, \(changed.awsCalls) calls")
    }
}

/// Fails the `failing`-th request (a 500 the pipeline does not retry with `RetryPolicy.none`).
final class FaultAtCall: HTTPTransport, Sendable {
    let base: any HTTPTransport
    let failing: Int
    let count: Mutex<Int>

    init(base: any HTTPTransport, failing: Int) {
        self.base = base
        self.failing = failing
        count = Mutex(0)
    }

    func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        let number = count.withLock { count in
            count += 1
            return count
        }
        if number == failing {
            return AWSErrorResponses.make(code: "ServiceException", message: "injected", status: 500, protocol: .restJSON)
        }
        return try await base.send(request, body: body, context: context)
    }
}

/// Sends `operation` through to the fake (it takes effect), then loses the answer: the connection
/// breaks or times out on the way back. Once; `afterLanding` runs in between.
final class AnswerLost: HTTPTransport, Sendable {
    let base: any HTTPTransport
    let operation: String
    let kind: TransportError.Kind
    let afterLanding: @Sendable () -> Void
    let lost = Mutex(0)

    init(base: any HTTPTransport, operation: String, kind: TransportError.Kind, afterLanding: @escaping @Sendable () -> Void = {}) {
        self.base = base
        self.operation = operation
        self.kind = kind
        self.afterLanding = afterLanding
    }

    func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        let segments = (request.path ?? "").split(separator: "?")[0].split(separator: "/").map(String.init)
        let response = try await base.send(request, body: body, context: context)
        guard FakeLambda.operation(request.method, segments) == operation, lost.withLock({ $0 }) == 0 else { return response }
        lost.withLock { $0 += 1 }
        afterLanding()
        throw TransportError(kind, "injected: the answer was lost")
    }
}

extension EngineTests {
    @Test("a failing health check: the invocation's log tail (LogType: Tail) reaches the diagnosis and the report, secrets redacted")
    func healthCheckLogTail() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        #expect(await pipeline.deploy(Self.deployment([Self.function("v1")])).succeeded)
        let secret = "s3cr3t-\(UUID().uuidString)"
        pipeline.redactor.register(secret)
        let log = "START RequestId: 1 Version: 2\n[ERROR] KeyError: 'TABLE' (token \(secret))\nEND RequestId: 1\n"
        lambda.failingInvocation.withLock { $0 = (error: "'TABLE'", log: log) }
        let report = await pipeline.deploy(Self.deployment([Self.function("v2")]))
        let diagnosis = try #require(report[function: "app"]?.diagnosis)
        #expect(diagnosis.kind == .healthCheckFailed)
        #expect(diagnosis.logTail?.contains("[ERROR] KeyError: 'TABLE'") == true, "\(String(describing: diagnosis.logTail))")
        #expect(diagnosis.logTail?.contains(secret) == false && diagnosis.logTail?.contains("<redacted>") == true)
        #expect(report.description.contains("    | [ERROR] KeyError: 'TABLE'") && !report.description.contains(secret), "\(report)")
        #expect(lambda.alias("app")?.version == "1", "the previous version still serves")
    }

    @Test("architecture, /tmp and tracing: created with them; a new architecture sends the code again with it; tracing alone is a setting")
    func architectureAndSettings() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        var function = Self.function("v1")
        function.architecture = "arm64"
        function.ephemeralStorage = 1024
        function.tracingMode = "Active"
        #expect(await pipeline.deploy(Self.deployment([function])).succeeded)
        let created = try #require(lambda.world.withLock { $0.functions["app"]?.configuration })
        #expect(created["Architectures"] as? [String] == ["arm64"])
        #expect((created["EphemeralStorage"] as? [String: Any])?["Size"] as? Int == 1024)
        #expect((created["TracingConfig"] as? [String: Any])?["Mode"] as? String == "Active")

        let unchanged = try await pipeline.plan(Self.deployment([function]))
        #expect(unchanged.isEmpty, "\(unchanged)")

        function.architecture = "x86_64"
        let moved = try await pipeline.plan(Self.deployment([function]))
        let code = try #require(moved[function: "app"]?.action(.function))
        #expect(code.change == .update && code.attributes.map(\.description) == ["architecture arm64 → x86_64"], "\(code)")
        #expect(moved[function: "app"]?.action(.configuration)?.change == .keep)
        lambda.world.withLock { $0.calls = [] }
        #expect(await pipeline.deploy(Self.deployment([function])).succeeded)
        #expect(lambda.world.withLock { $0.functions["app"]?.configuration["Architectures"] as? [String] } == ["x86_64"])
        #expect(lambda.world.withLock { $0.calls }.filter { $0 == "UpdateFunctionConfiguration" }.isEmpty)

        function.tracingMode = "PassThrough"
        let traced = try await pipeline.plan(Self.deployment([function]))
        #expect(traced[function: "app"]?.action(.function)?.change == .keep)
        #expect(traced[function: "app"]?.action(.configuration)?.attributes.map(\.description) == ["tracing Active → PassThrough"])
    }

    @Test("an architecture a managed layer does not declare, or /tmp Lambda would refuse: refused before anything is sent")
    func refusedSettings() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        var function = Self.function("v1")
        function.architecture = "arm64"
        function.layers = [
            .managed(LayerDeployment(name: "deps", source: .archive("/nonexistent.zip"), compatibleArchitectures: ["x86_64"]))
        ]
        let layered = await pipeline.deploy(Self.deployment([function]))
        #expect(layered[function: "app"]?.diagnosis?.summary.contains("layer deps declares only x86_64") == true, "\(layered)")
        var storage = Self.function("v1")
        storage.ephemeralStorage = 100
        let report = await pipeline.deploy(Self.deployment([storage]))
        #expect(report[function: "app"]?.diagnosis?.summary.contains("ephemeral storage 100 MB") == true, "\(report)")
        #expect(lambda.world.withLock { $0.calls }.isEmpty)
    }
}

extension EngineTests {
    @Test("VPC, KMS key, dead-letter target and logging: created with them, unchanged → empty plan, each change planned alone")
    func networkAndLogging() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        var function = Self.function("v1")
        function.vpc = FunctionVPC(subnetIDs: ["subnet-b", "subnet-a"], securityGroupIDs: ["sg-1"])
        function.kmsKeyARN = "arn:aws:kms:us-east-1:123456789012:key/k1"
        function.deadLetterTargetARN = "arn:aws:sqs:us-east-1:123456789012:failed"
        function.logging = FunctionLogging(format: "JSON", applicationLogLevel: "INFO", systemLogLevel: "WARN")
        #expect(await pipeline.deploy(Self.deployment([function])).succeeded)
        let created = try #require(lambda.world.withLock { $0.functions["app"]?.configuration })
        #expect((created["VpcConfig"] as? [String: Any])?["SubnetIds"] as? [String] == ["subnet-b", "subnet-a"])
        #expect(created["KMSKeyArn"] as? String == "arn:aws:kms:us-east-1:123456789012:key/k1")
        #expect((created["DeadLetterConfig"] as? [String: Any])?["TargetArn"] as? String == "arn:aws:sqs:us-east-1:123456789012:failed")
        #expect((created["LoggingConfig"] as? [String: Any])?["ApplicationLogLevel"] as? String == "INFO")

        function.vpc = FunctionVPC(subnetIDs: ["subnet-a", "subnet-b"], securityGroupIDs: ["sg-1"])
        let unchanged = try await pipeline.plan(Self.deployment([function]))
        #expect(unchanged.isEmpty, "the subnets' order is not a change: \(unchanged)")

        function.logging?.applicationLogLevel = "DEBUG"
        function.deadLetterTargetARN = ""
        let plan = try await pipeline.plan(Self.deployment([function]))
        let changes = plan[function: "app"]?.actions.first { $0.step == .configuration }?.attributes ?? []
        #expect(
            changes == [
                AttributeChange("deadLetter", "arn:aws:sqs:us-east-1:123456789012:failed", nil),
                AttributeChange("logging", "JSON INFO WARN", "JSON DEBUG WARN"),
            ])
        #expect(await pipeline.apply(plan).report().succeeded)

        for (bad, expected) in [
            ({ (f: inout FunctionDeployment) in f.vpc = FunctionVPC(subnetIDs: ["vpc-1"], securityGroupIDs: ["sg-1"]) }, "vpc-1"),
            ({ (f: inout FunctionDeployment) in f.logging = FunctionLogging(format: "Text", applicationLogLevel: "INFO") }, "JSON"),
            ({ (f: inout FunctionDeployment) in f.deadLetterTargetARN = "arn:aws:lambda:us-east-1:1:function:x" }, "SQS queue or SNS"),
        ] {
            var refused = function
            bad(&refused)
            let report = await pipeline.deploy(Self.deployment([refused]))
            #expect(report[function: "app"]?.diagnosis?.summary.contains(expected) == true, "\(report)")
        }
    }
}

extension EngineTests {
    @Test("reserved and provisioned concurrency: set, the plan's monthly estimate, waited until READY, kept, removed with 0")
    func concurrency() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        var function = Self.function("v1", memory: 1024)
        #expect(await pipeline.deploy(Self.deployment([function])).succeeded)
        function.reservedConcurrency = 20
        function.provisionedConcurrency = 10
        let plan = try await pipeline.plan(Self.deployment([function]))
        let actions = plan[function: "app"]?.actions ?? []
        #expect(actions.first { $0.resource == "reserved concurrency" }?.attributes == [AttributeChange("reservedConcurrency", nil, "20")])
        let provisioned = try #require(actions.first { $0.resource == "provisioned concurrency" })
        // 10 × 1 GB × 730 h × 3,600 s × $0.0000041667 per GB-second.
        #expect(provisioned.attributes.first?.after == "10: about $109.50 a month while configured (us-east-1, prices of 2026-01)")
        let report = await pipeline.apply(plan).report()
        #expect(report.succeeded, "\(report)")
        #expect(report[function: "app"]?.steps.contains { $0.detail.hasPrefix("10 ready on live") } == true, "waited for READY")
        #expect(lambda.calls.filter { $0 == "GetProvisionedConcurrencyConfig" }.count >= 2, "read until READY")
        #expect(lambda.world.withLock { $0.functions["app"]?.reserved } == 20)

        let unchanged = try await pipeline.plan(Self.deployment([function]))
        #expect(unchanged.isEmpty, "\(unchanged)")
        function.provisionedConcurrency = 0
        #expect(await pipeline.deploy(Self.deployment([function])).succeeded)
        #expect(lambda.world.withLock { $0.functions["app"]?.provisioned.isEmpty } == true)

        function.provisionedConcurrency = 30
        let refused = await pipeline.deploy(Self.deployment([function]))
        #expect(refused[function: "app"]?.diagnosis?.summary.contains("exceed the 20 reserved") == true)
        #expect(ProvisionedConcurrencyPrice.monthlyCost(executions: 1, memoryMB: 128, region: "ap-south-2") == nil)
        #expect(ProvisionedConcurrencyPrice.describe(executions: 1, memoryMB: 128, region: "ap-south-2").contains("no price on file"))
    }
}

extension EngineTests {
    @Test("tags: created with them (and the managed tag), unchanged → empty plan, a change and a removal planned, the managed tag kept")
    func tags() async throws {
        let lambda = FakeLambda()
        let pipeline = try Self.pipeline(lambda.transport)
        var function = Self.function("v1")
        function.tags = ["team": "orders", "cost-center": "42"]
        #expect(await pipeline.deploy(Self.deployment([function])).succeeded)
        #expect(
            lambda.world.withLock { $0.functions["app"]?.tags } == [
                "team": "orders", "cost-center": "42", "lambdadeploykit:managed": "true",
            ])
        #expect(try await pipeline.plan(Self.deployment([function])).isEmpty)
        function.tags = ["team": "payments"]
        let plan = try await pipeline.plan(Self.deployment([function]))
        #expect(
            plan[function: "app"]?.actions.first { $0.resource == "tags" }?.attributes == [
                AttributeChange("tag team", "orders", "payments"), AttributeChange("tag cost-center", "42", nil),
            ])
        #expect(await pipeline.apply(plan).report().succeeded)
        #expect(lambda.world.withLock { $0.functions["app"]?.tags } == ["team": "payments", "lambdadeploykit:managed": "true"])
    }
}
