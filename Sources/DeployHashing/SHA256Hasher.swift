#if canImport(CryptoKit)
import CryptoKit
#else
import CLibcrypto
#endif

/// An incremental SHA-256 hasher, for hashing a large payload once in a streaming pass.
///
/// ```swift
/// var hasher = SHA256Hasher()
/// for chunk in chunks { hasher.update(chunk) }
/// let digest = hasher.finalize()
/// ```
///
/// On Linux this is OpenSSL's libcrypto; on Apple platforms, CryptoKit.
public struct SHA256Hasher: Sendable {
    #if canImport(CryptoKit)
    private var state = CryptoKit.SHA256()
    #else
    @usableFromInline
    var context = SHA256_CTX()
    #endif

    /// Creates a hasher with no input yet.
    public init() {
        #if !canImport(CryptoKit)
        SHA256_Init(&context)
        #endif
    }

    /// Adds the bytes in `buffer`.
    @inlinable
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(CryptoKit)
        updateCryptoKit(buffer)
        #else
        SHA256_Update(&context, base, buffer.count)
        #endif
    }

    #if canImport(CryptoKit)
    @usableFromInline
    mutating func updateCryptoKit(_ buffer: UnsafeRawBufferPointer) {
        state.update(bufferPointer: buffer)
    }
    #endif

    /// Adds the bytes of `data` (an array, a slice, `Data`, or any contiguous collection).
    @inlinable
    public mutating func update(_ data: some Sequence<UInt8>) {
        let done: Void? = data.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            let copy = Array(data)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Finishes the hash. The hasher must not be used afterwards.
    public mutating func finalize() -> SHA256Digest {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        #if canImport(CryptoKit)
        let digest = state.finalize()
        withUnsafeMutableBytes(of: &words) { out in digest.withUnsafeBytes { out.copyMemory(from: $0) } }
        #else
        withUnsafeMutableBytes(of: &words) { out in
            _ = SHA256_Final(out.baseAddress!.assumingMemoryBound(to: UInt8.self), &context)
        }
        #endif
        return SHA256Digest(words: words)
    }

    /// The SHA-256 of `data` in one call.
    public static func hash(_ data: some Sequence<UInt8>) -> SHA256Digest {
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// The SHA-256 of the bytes in `buffer` in one call.
    public static func hash(bytes buffer: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256Hasher()
        hasher.update(buffer)
        return hasher.finalize()
    }
}
