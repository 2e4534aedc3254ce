import DeployCore
import DeployPipeline
import DeploySigV4
import DeployTesting
import DeployZip
import Foundation
import HTTPTypes
import Logging
import Synchronization
import Testing

/// Lambda's published per-account, per-Region API rates (the Lambda quotas page, "Lambda API
/// requests", as of 2026; none can be raised): `GetFunction` 100 requests per second, `GetPolicy`
/// 15, every other control-plane call together 15 (`Invoke` is not a control-plane call). Counted
/// in one-second windows of virtual time shared by every job of the simulation.
final class LambdaRateLimits: Sendable {
    static let perSecond = ["control plane": 15, "GetFunction": 100, "GetPolicy": 15]
    private let used = Mutex<[String: [Int64: Int]]>([:])

    /// The quota `operation` counts against, `nil` for one without (`Invoke`, other services).
    static func bucket(_ operation: String) -> String? {
        if operation == "Invoke" { return nil }
        if operation.hasPrefix("GET 2015-03-31/functions/"), operation.split(separator: "/").count == 3 { return "GetFunction" }
        if operation.hasSuffix("/policy") && operation.hasPrefix("GET") { return "GetPolicy" }
        return "control plane"
    }

    /// Whether a call at `milliseconds` fits in its second's quota (and counts it when it does).
    func admit(_ bucket: String, at milliseconds: Int64) -> Bool {
        used.withLock { used in
            let second = milliseconds / 1000
            let count = used[bucket]?[second] ?? 0
            guard count < Self.perSecond[bucket]! else { return false }
            used[bucket, default: [:]][second] = count + 1
            return true
        }
    }
}

/// The jobs' shared virtual time: a job's call goes ahead only when no other running job is
/// still before it (ties by job number), so that calls meet Lambda's limits in the order of their
/// virtual times whatever the real scheduling — the jobs interleave as they would on runners.
///
/// A job stands at the earliest of its calls still waiting, or, with none waiting, at its last
/// call's time (its later calls come after it).
final class VirtualTimeline: Sendable {
    private struct State {
        var last: [Int: Int64] = [:]
        var waiting: [(job: Int, time: Int64, continuation: CheckedContinuation<Void, Never>)] = []

        func position(_ job: Int) -> Int64? {
            waiting.filter { $0.job == job }.map(\.time).min() ?? last[job]
        }
    }
    private let state = Mutex(State())

    init(jobs: Int) { state.withLock { for job in 1...jobs { $0.last[job] = 0 } } }

    /// Returns once `job`'s call at `time` is the earliest of the running jobs'.
    func arrive(_ job: Int, at time: Int64) async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state in
                state.last[job] = max(state.last[job] ?? 0, time)
                state.waiting.append((job, time, continuation))
                return Self.release(&state)
            }
            for continuation in ready { continuation.resume() }
        }
    }

    /// `job` ended: it holds nobody back any more.
    func finish(_ job: Int) {
        let ready = state.withLock { state in
            state.last[job] = nil
            return Self.release(&state)
        }
        for continuation in ready { continuation.resume() }
    }

    /// The waiting calls no other running job is before, until none is left to release.
    private static func release(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        var ready: [CheckedContinuation<Void, Never>] = []
        while true {
            let jobs = Set(state.last.keys)
            guard
                let index = state.waiting.indices.first(where: { index in
                    let waiter = state.waiting[index]
                    guard waiter.time == state.position(waiter.job) else { return false }
                    return !jobs.contains { other in
                        guard other != waiter.job, let position = state.position(other) else { return false }
                        return (position, other) < (waiter.time, waiter.job)
                    }
                })
            else { return ready }
            ready.append(state.waiting.remove(at: index).continuation)
        }
    }
}

/// One simulated GitLab job: its own virtual clock, a fixed latency per call, and Lambda's rate
/// limits shared with the other jobs; a call over the limit gets Lambda's throttling answer (429
/// `TooManyRequestsException`) without reaching the fake.
final class SimulatedJob: HTTPTransport {
    let number: Int
    let lambda: MockTransport
    let limits: LambdaRateLimits
    let timeline: VirtualTimeline
    let latency: Int64
    private let clock = Mutex<Int64>(0)
    private let counts = Mutex<(calls: Int, throttled: Int)>((0, 0))
    private let seed: Mutex<UInt64>

    init(_ number: Int, lambda: FakeLambda, limits: LambdaRateLimits, timeline: VirtualTimeline, latencyMilliseconds: Int64) {
        self.number = number
        self.lambda = lambda.transport
        self.limits = limits
        self.timeline = timeline
        self.latency = latencyMilliseconds
        seed = Mutex(0x9E37_79B9_7F4A_7C15 &* UInt64(number))
    }

    /// The job's virtual time, in milliseconds.
    var now: Int64 { clock.withLock { $0 } }
    var throttled: Int { counts.withLock { $0.throttled } }

    /// Waits in virtual time (the retry policy's sleep).
    func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        clock.withLock { $0 += seconds * 1000 + attoseconds / 1_000_000_000_000_000 }
    }

    /// The job's own reproducible randomness (the retry policy's jitter).
    func random() -> Double {
        seed.withLock { state in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        let time = clock.withLock { clock -> Int64 in
            clock += latency
            return clock
        }
        await timeline.arrive(number, at: time)
        let isLambda = request.authority?.hasPrefix("lambda.") == true
        let segments = (request.path ?? "").split(separator: "?").first.map { $0.split(separator: "/").map(String.init) } ?? []
        if isLambda, let bucket = LambdaRateLimits.bucket(FakeLambda.operation(request.method, segments)), !limits.admit(bucket, at: time) {
            counts.withLock { $0.throttled += 1 }
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[HTTPField.Name("x-amzn-ErrorType")!] = "TooManyRequestsException"
            let body = #"{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}"#
            return TransportResponse(response: HTTPResponse(status: .tooManyRequests, headerFields: headers), body: Array(body.utf8))
        }
        counts.withLock { $0.calls += 1 }
        return try await lambda.send(request, body: body, context: context)
    }
}

@Suite("500 functions over 1, 4 and 16 simulated jobs")
struct ShardSimulationTests {
    static let functions = (0..<500).map { index in
        FunctionDeployment(
            name: "svc-\(index)", source: .entries([PackageEntry(path: "app.py", text: "def handler(e, c):\n    return \(index)\n")]),
            handler: "app.handler", runtime: "python3.12", role: .arn("arn:aws:iam::123456789012:role/svc"), healthCheck: .none)
    }

    /// Deploys the 500 functions as `jobs` parallel jobs would, all at once on one virtual
    /// timeline: the fake's calls, the last job's end in virtual time, and the throttled calls.
    func simulate(jobs: Int) async throws -> (lambda: FakeLambda, makespan: Int64, throttled: Int) {
        let lambda = FakeLambda()
        let limits = LambdaRateLimits()
        let timeline = VirtualTimeline(jobs: jobs)
        let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let parts = try (1...jobs).map { index in
            var deployment = DeploymentConfiguration(
                functions: Self.functions, maximumConcurrency: 1, gitLab: GitLabContext(environment: [:]),
                workDirectory: NSTemporaryDirectory() + "shard-simulation-\(jobs)-\(index)")
            deployment.gitLab.nodeIndex = index
            deployment.gitLab.nodeTotal = jobs
            return try deployment.shardForCurrentJob()
        }
        let outcomes = try await withThrowingTaskGroup(of: (Int64, Int, DeploymentReport).self) { group in
            for index in 1...jobs {
                let job = SimulatedJob(index, lambda: lambda, limits: limits, timeline: timeline, latencyMilliseconds: 150)
                // Each job its own process: its own retry quota and adaptive rate, its waits on its own clock.
                var retry = RetryPolicy(maxAttempts: 10, sleep: { job.sleep($0) }, random: { job.random() })
                retry.rateLimiter = AdaptiveRateLimiter(now: { Double(job.now) / 1000 }, sleep: { job.sleep($0) })
                let configuration = try AWSConfiguration(
                    region: "us-east-1",
                    credentialProvider: StaticCredentialProvider(Credentials(accessKeyID: "AKID", secretAccessKey: "secret")),
                    transport: job, retryPolicy: retry, logger: quiet, environment: [:])
                var pipeline = DeploymentPipeline(configuration: configuration, logger: quiet)
                pipeline.keptVersions = 0
                let part = parts[index - 1]
                group.addTask {
                    let report = await pipeline.deploy(part)
                    timeline.finish(index)
                    return (job.now, job.throttled, report)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (_, _, report) in outcomes {
            #expect(report.succeeded, "\(jobs) jobs: \(report.functions.compactMap(\.diagnosis).first.map { "\($0)" } ?? "")")
        }
        return (lambda, outcomes.map(\.0).max() ?? 0, outcomes.map(\.1).reduce(0, +))
    }

    @Test("each function deployed once whatever the number of jobs, the same calls, the time falling until Lambda's rates bind")
    func jobsShareTheWork() async throws {
        var results: [Int: (calls: [String], makespan: Int64, throttled: Int)] = [:]
        for jobs in [1, 4, 16] {
            let run = try await simulate(jobs: jobs)
            let calls = run.lambda.calls
            let created = calls.filter { $0 == "CreateFunction" }.count
            #expect(created == 500, "\(jobs) jobs: \(created) functions created")
            #expect(run.lambda.world.withLock { $0.functions.count } == 500)
            #expect(run.lambda.world.withLock { $0.functions.values.allSatisfy { $0.aliases["live"]?.version == "1" } })
            results[jobs] = (calls, run.makespan, run.throttled)
        }
        let one = results[1]!
        let four = results[4]!
        let sixteen = results[16]!
        // The same calls reach Lambda however the work is split (sorted: the order differs), but for
        // the list of queue mappings every job reads once for all its functions.
        let perJob = "GET 2015-03-31/event-source-mappings"
        func perFunction(_ calls: [String]) -> [String] { calls.filter { $0 != perJob }.sorted() }
        #expect(perFunction(one.calls) == perFunction(four.calls) && perFunction(one.calls) == perFunction(sixteen.calls))
        #expect([one, four, sixteen].map { $0.calls.filter { $0 == perJob }.count } == [1, 4, 16])
        // Control-plane calls at 15 per second bound the run from below, whatever the number of jobs.
        let bounded = Int64(perFunction(one.calls).filter { LambdaRateLimits.bucket($0) == "control plane" }.count) * 1000 / 15
        #expect(one.throttled == 0, "one job at 150 ms a call stays under 15 per second")
        #expect(four.makespan < one.makespan && sixteen.makespan <= four.makespan, "\(one.makespan) \(four.makespan) \(sixteen.makespan)")
        #expect(sixteen.makespan >= bounded && four.makespan >= bounded)
        // Past the bound more jobs buy nothing: they are throttled and back off instead of failing.
        #expect(sixteen.throttled > four.throttled)
        print(
            "simulated: \(one.calls.count) Lambda calls; bound \(bounded) ms; 1 job \(one.makespan) ms, 4 jobs \(four.makespan) ms "
                + "(\(four.throttled) throttled), 16 jobs \(sixteen.makespan) ms (\(sixteen.throttled) throttled)")
    }
}
