/// Polls an operation until its result is accepted, with the semantics of the AWS models'
/// `waiters-2.json`: each attempt's result (an output or an error) is matched against the
/// acceptors in order; the first that matches decides — ``Acceptor/State/success`` returns the
/// output, ``Acceptor/State/failure`` throws ``WaiterFailure``, ``Acceptor/State/retry`` polls
/// again. An output no acceptor matches is polled again; an error no acceptor matches is thrown.
///
/// ```swift
/// let active = try await Waiter<FunctionConfiguration>(
///     name: "FunctionActiveV2", delay: .seconds(1), maxWait: .seconds(300),
///     acceptors: [
///         .init(.success, "State=Active") { $0.state == "Active" },
///         .init(.failure, "State=Failed") { $0.state == "Failed" },
///     ]
/// ).wait { try await lambda.configuration(name) }
/// ```
///
/// Every wait in the library goes through this type: the delay, the deadline and the clock are in
/// one place, and a timeout says what was awaited, for how long, and what was last seen.
public struct Waiter<Output: Sendable>: Sendable {
    /// A rule that decides on one attempt's result.
    public struct Acceptor: Sendable {
        /// What a match means.
        public enum State: Sendable, Hashable {
            case success, failure, retry
        }

        /// What a match means.
        public var state: State
        /// What the rule matches, for errors and logs (`State=Active`, `ResourceConflictException`).
        public var matches: String
        let test: @Sendable (Result<Output, any Error>) -> Bool

        /// Matches an output.
        public init(_ state: State, _ matches: String, output: @escaping @Sendable (Output) -> Bool) {
            self.state = state
            self.matches = matches
            test = { result in
                guard case .success(let value) = result else { return false }
                return output(value)
            }
        }

        /// Matches an AWS error code (`ResourceNotFoundException`).
        public init(_ state: State, errorCode code: String) {
            self.init(state, code, error: { ($0 as? AWSServiceError)?.code == code })
        }

        /// Matches an error.
        public init(_ state: State, _ matches: String, error: @escaping @Sendable (any Error) -> Bool) {
            self.state = state
            self.matches = matches
            test = { result in
                guard case .failure(let failure) = result else { return false }
                return error(failure)
            }
        }
    }

    /// The waiter's name (`FunctionUpdatedV2`), used in errors.
    public var name: String
    /// The pause between attempts.
    public var delay: Duration
    /// How long to keep polling before ``WaiterTimeout``.
    public var maxWait: Duration
    /// The rules, first match wins.
    public var acceptors: [Acceptor]
    /// Pauses between attempts (the configuration's retry policy sleep, or a test clock).
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Renders an output for the timeout error (the last state observed).
    public var describe: @Sendable (Output) -> String

    /// A waiter; `sleep` defaults to `Task.sleep`, `describe` to `String(describing:)`.
    public init(
        name: String, delay: Duration, maxWait: Duration, acceptors: [Acceptor],
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        describe: @escaping @Sendable (Output) -> String = { String(describing: $0) }
    ) {
        self.name = name
        self.delay = delay
        self.maxWait = maxWait
        self.acceptors = acceptors
        self.sleep = sleep
        self.describe = describe
    }

    /// Polls `operation` until an acceptor says success (returning that output) or failure, or
    /// until ``maxWait`` has passed (the sleeps' sum or the real time, whichever is longer). The
    /// first attempt is made at once.
    public func wait(_ operation: () async throws -> Output) async throws -> Output {
        var waited = Duration.zero
        let started = ContinuousClock.now
        var attempts = 0
        var last = "nothing yet"
        var lastOutput: Output?
        while true {
            attempts += 1
            let result: Result<Output, any Error>
            do {
                result = .success(try await operation())
            } catch {
                result = .failure(error)
            }
            if case .success(let output) = result {
                last = describe(output)
                lastOutput = output
            }
            switch acceptors.first(where: { $0.test(result) }) {
            case let acceptor? where acceptor.state == .success:
                return try result.get()
            case let acceptor? where acceptor.state == .failure:
                throw WaiterFailure(
                    waiter: name, matched: acceptor.matches, lastState: last, lastOutput: lastOutput, underlying: result.failureValue)
            case .some:
                if case .failure(let error) = result { last = "\(error)" }
            case nil:
                if case .failure(let error) = result { throw error }
            }
            // Slept time counts (a test clock's sleeps take none), and so does real time (a zero delay).
            let elapsed = ContinuousClock.now - started
            guard waited + delay <= maxWait, elapsed < maxWait else {
                throw WaiterTimeout(
                    condition: name, waited: max(waited, elapsed), lastState: last, attempts: attempts, lastError: result.failureValue)
            }
            try await sleep(delay)
            waited += delay
        }
    }
}

extension Result {
    fileprivate var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

/// A waiter's failure acceptor matched: the resource reached a state it cannot leave.
public struct WaiterFailure: Error, Sendable, CustomStringConvertible {
    /// The waiter.
    public var waiter: String
    /// What matched (`State=Failed`).
    public var matched: String
    /// The last output observed, rendered.
    public var lastState: String
    /// The last output observed (cast it to the waiter's output type).
    public var lastOutput: (any Sendable)?
    /// The error that matched, when an error matched.
    public var underlying: (any Error)?

    public var description: String {
        "\(waiter): reached \(matched) (last seen: \(lastState))\(underlying.map { " — \($0)" } ?? "")"
    }
}

/// A waiter gave up: what it waited for, how long, how many attempts, and what it last saw.
public struct WaiterTimeout: Error, Sendable, CustomStringConvertible {
    /// What was awaited (`FunctionUpdatedV2 for myLambdaFunction`).
    public var condition: String
    /// How long it waited.
    public var waited: Duration
    /// The last state seen.
    public var lastState: String
    /// How many times it polled.
    public var attempts: Int
    /// The error of the last attempt, when a retry acceptor matched an error.
    public var lastError: (any Error)?

    /// A timeout.
    public init(condition: String, waited: Duration, lastState: String, attempts: Int = 0, lastError: (any Error)? = nil) {
        self.condition = condition
        self.waited = waited
        self.lastState = lastState
        self.attempts = attempts
        self.lastError = lastError
    }

    public var description: String {
        "timed out after \(waited) (\(attempts) attempts) waiting for \(condition); last state: \(lastState)"
    }
}
