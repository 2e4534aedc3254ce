import DeployCore
import DeployTestSupport
import Synchronization
import Testing

@Suite("Waiter")
struct WaiterTests {
    /// A sequence of results handed out one per poll.
    final class Script: Sendable {
        let results: Mutex<[Result<String, AWSServiceError>]>
        let polls = Mutex(0)
        init(_ results: [Result<String, AWSServiceError>]) { self.results = Mutex(results) }
        func next() throws -> String {
            polls.withLock { $0 += 1 }
            return try results.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }.get()
        }
    }

    static func error(_ code: String) -> AWSServiceError {
        AWSServiceError(code: code, message: "m", statusCode: 400, requestID: nil, service: "Lambda", operation: "Op")
    }

    func waiter(maxWait: Duration = .seconds(10), sleeps: RecordedSleeps) -> Waiter<String> {
        Waiter(
            name: "FunctionUpdatedV2", delay: .seconds(1), maxWait: maxWait,
            acceptors: [
                .init(.success, "Successful", output: { $0 == "Successful" }), .init(.failure, "Failed", output: { $0 == "Failed" }),
                .init(.retry, errorCode: "ResourceConflictException"),
            ],
            sleep: sleeps.sleep)
    }

    @Test("polls until success: unmatched outputs and retry errors poll again, each after the delay")
    func success() async throws {
        let script = Script([.success("InProgress"), .failure(Self.error("ResourceConflictException")), .success("Successful")])
        let sleeps = RecordedSleeps()
        #expect(try await waiter(sleeps: sleeps).wait { try script.next() } == "Successful")
        #expect(script.polls.withLock { $0 } == 3)
        #expect(sleeps.delays == [.seconds(1), .seconds(1)])
    }

    @Test("a failure acceptor throws WaiterFailure with the last state; an unmatched error is thrown as it is")
    func failure() async throws {
        let failed = Script([.success("InProgress"), .success("Failed")])
        let error = await #expect(throws: WaiterFailure.self) { try await waiter(sleeps: RecordedSleeps()).wait { try failed.next() } }
        #expect(error?.matched == "Failed" && error?.lastOutput as? String == "Failed")
        let denied = Script([.failure(Self.error("AccessDeniedException"))])
        let thrown = await #expect(throws: AWSServiceError.self) { try await waiter(sleeps: RecordedSleeps()).wait { try denied.next() } }
        #expect(thrown?.code == "AccessDeniedException")
        #expect(denied.polls.withLock { $0 } == 1)
    }

    @Test("the timeout names the waiter, the time, the attempts and the last state")
    func timeout() async throws {
        let stuck = Script([.success("InProgress")])
        let error = await #expect(throws: WaiterTimeout.self) {
            try await waiter(maxWait: .seconds(3), sleeps: RecordedSleeps()).wait { try stuck.next() }
        }
        #expect(error?.attempts == 4, "\(String(describing: error))")
        #expect(error?.lastState == "InProgress")
        #expect(error?.waited == .seconds(3))
        #expect(error?.description.contains("FunctionUpdatedV2") == true)
    }

    @Test("a zero delay is still bounded by real time")
    func zeroDelay() async throws {
        let stuck = Script([.success("InProgress")])
        let waiter = Waiter<String>(
            name: "spin", delay: .zero, maxWait: .milliseconds(50),
            acceptors: [.init(.success, "done", output: { $0 == "done" })])
        await #expect(throws: WaiterTimeout.self) { try await waiter.wait { try stuck.next() } }
    }
}
