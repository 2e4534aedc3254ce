import Foundation
import HTTPTypes
import Synchronization

/// How far the server's clock is from this machine's, learnt from the `Date` header of a response
/// that refused a request as signed at the wrong time. A CI runner whose clock drifted more than
/// AWS's 5 minutes gets `InvalidSignatureException` (or `RequestTimeTooSkewed`, `SignatureDoesNotMatch`
/// with "Signature expired"): the client keeps the offset, signs again with the corrected time, and
/// retries once — as the AWS SDKs do.
final class ClockCorrection: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    /// The error codes a skewed clock produces.
    static let skewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure",
    ]
    /// Skew below this is not corrected (AWS accepts 5 minutes).
    static let tolerance: TimeInterval = 240

    /// The time to sign with now.
    func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    /// Learns the offset from a refusal; `true` when it changed enough that a retry is worth it.
    func learn(from error: AWSServiceError, response: HTTPResponse) -> Bool {
        guard Self.skewCodes.contains(error.code), let header = response.headerFields[.date],
            let serverTime = AWSTimestamp.httpDate(header)
        else { return false }
        let skew = serverTime.timeIntervalSinceNow
        return offset.withLock { offset in
            guard abs(skew - offset) > Self.tolerance else { return false }
            offset = skew
            return true
        }
    }
}
