import DeploySigV4
import Synchronization

/// The client's signer for the credentials it last signed with, so that the signer's per-day
/// signing key and per-second date memo serve every call, not one attempt each.
///
/// A new signer is made only when the credentials change (a refreshed session, or a call signed
/// with other credentials).
final class SignerSlot: Sendable {
    private let current = Mutex<SigV4Signer?>(nil)
    private let madeCount = Atomic<Int>(0)

    /// How many signers this slot has made (for tests: one per distinct credentials in a row).
    var made: Int { madeCount.load(ordering: .relaxed) }

    /// The signer for `credentials`: the kept one when it signs with them, else `make()`'s, kept.
    func signer(for credentials: Credentials, make: () throws(SigV4Error) -> SigV4Signer) throws(SigV4Error) -> SigV4Signer {
        if let kept = current.withLock({ $0 }), kept.credentials == credentials { return kept }
        let signer = try make()
        madeCount.add(1, ordering: .relaxed)
        current.withLock { $0 = signer }
        return signer
    }
}
