import HTTPTypes
import Synchronization

/// What a signer (and its copies) worked out for the last request: the signing key of the last
/// day, and the date fields of the last second. A deploy sends many requests a second, so most
/// signatures neither consult the shared ``SigningKeyCache`` nor format and check a date again.
final class SigningMemo: Sendable {
    struct Dated: Sendable {
        var second: Int
        var date: AMZDate
        /// `X-Amz-Date` as an `HTTPField`, its value checked once.
        var field: HTTPField
    }

    private struct State {
        var key: (day: Int, key: HMACKey)?
        var dated: Dated?
    }

    private let state = Mutex(State())

    /// The signing time of `second` (whole seconds since 1970) and its `X-Amz-Date` field.
    func dated(second: Int) -> Dated {
        let memo: Dated? = state.withLock { state in state.dated?.second == second ? state.dated : nil }
        if let memo { return memo }
        let date = AMZDate(second: second)
        let dated = Dated(second: second, date: date, field: HTTPField(name: .xAmzDate, value: date.timestamp))
        state.withLock { $0.dated = dated }
        return dated
    }

    /// The signing key of `day` (days since 1970), derived (or taken from a cache) by `derive`
    /// when the day is not the last one seen.
    func key(day: Int, orDerive derive: () -> HMACKey) -> HMACKey {
        let memo: HMACKey? = state.withLock { state in state.key?.day == day ? state.key?.key : nil }
        if let memo { return memo }
        let key = derive()
        state.withLock { $0.key = (day, key) }
        return key
    }
}
