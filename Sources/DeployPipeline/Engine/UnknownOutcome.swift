import DeployCore

/// Writes that are not idempotent, when their answer is lost.
///
/// A `CreateFunction` whose connection broke after it left may have created the function; the
/// client does not send it again blindly (it would meet its own success as a conflict). The engine
/// reads the live state instead and decides: the write took effect as this run meant it → go on;
/// nothing happened → send it once more; something else is there → fail with the original error,
/// whose message says the write may have taken effect.
enum UnknownOutcome {
    /// What a read of the live state says about a write whose answer was lost.
    enum Observation<Value> {
        /// The write took effect as this run meant it; the value stands for its answer.
        case landed(Value)
        /// Nothing happened: the write may be sent again.
        case absent
        /// Something this run did not write is there.
        case different
    }

    /// Runs `write`; when it fails with its outcome unknown, asks `observe` what happened.
    static func write<Value>(
        _ write: () async throws -> Value, observe: () async throws -> Observation<Value>
    ) async throws -> Value {
        do {
            return try await write()
        } catch let error as TransportError where error.mayHaveTakenEffect {
            switch try await observe() {
            case .landed(let value): return value
            case .absent: return try await write()
            case .different: throw error
            }
        }
    }

    /// `.absent` for a read that found nothing (`404`, `ResourceNotFoundException`,
    /// `NoSuchEntity`), otherwise what `read` observed.
    static func observing<Value, Read>(
        _ read: () async throws -> Read, _ judge: (Read) -> Observation<Value>
    ) async throws -> Observation<Value> {
        do {
            return judge(try await read())
        } catch let error as AWSServiceError where error.statusCode == 404 || error.code == "NoSuchEntity" {
            return .absent
        }
    }
}
