#if canImport(CryptoKit)
import CryptoKit
#endif

/// An HMAC-SHA256 key with its inner and outer pads already absorbed, so each MAC costs two
/// SHA-256 finalisations and no key set-up.
///
/// OpenSSL 3's one-shot `HMAC()` costs about five times this on the small inputs SigV4 signs.
struct HMACKey: Sendable {
    #if canImport(CryptoKit)
    private let key: SymmetricKey
    #else
    private var inner = SHA256Hasher()
    private var outer = SHA256Hasher()
    #endif

    init(key: UnsafeRawBufferPointer) {
        #if canImport(CryptoKit)
        self.key = SymmetricKey(data: Array(key))
        #else
        var block = [UInt8](repeating: 0, count: 64)
        if key.count > 64 {
            SHA256Hasher.hash(bytes: key).withUnsafeBytes { digest in
                for index in 0..<32 { block[index] = digest[index] }
            }
        } else {
            for index in 0..<key.count { block[index] = key[index] }
        }
        var innerPad = block
        var outerPad = block
        for index in 0..<64 {
            innerPad[index] ^= 0x36
            outerPad[index] ^= 0x5C
        }
        innerPad.withUnsafeBytes { inner.update($0) }
        outerPad.withUnsafeBytes { outer.update($0) }
        #endif
    }

    init(key: SHA256Digest) {
        self = key.withUnsafeBytes { HMACKey(key: $0) }
    }

    init(key: some Sequence<UInt8>) {
        self = Array(key).withUnsafeBytes { HMACKey(key: $0) }
    }

    /// The MAC of `message`.
    func authenticate(_ message: UnsafeRawBufferPointer) -> SHA256Digest {
        #if canImport(CryptoKit)
        let code = HMAC<CryptoKit.SHA256>.authenticationCode(for: message, using: key)
        return code.withUnsafeBytes { SHA256Digest(bytes: Array($0))! }
        #else
        var innerHash = inner
        innerHash.update(message)
        let innerDigest = innerHash.finalize()
        var outerHash = outer
        innerDigest.withUnsafeBytes { outerHash.update($0) }
        return outerHash.finalize()
        #endif
    }

    func authenticate(_ message: some StringProtocol) -> SHA256Digest {
        var text = String(message)
        return text.withUTF8 { authenticate(UnsafeRawBufferPointer($0)) }
    }
}
