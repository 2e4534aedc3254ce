import Benchmark
import CBenchLibcrypto
import DeploySigV4
import Foundation
import HTTPTypes

// The signer against its floor: raw libcrypto doing the same hashing, measured in the same run.

let sessionToken = String(repeating: "IQoJb3JpZ2luX2VjEXAMPLE+/", count: 36)  // ~900 characters, like an STS token
let credentials = Credentials(
    accessKeyID: "ASIAQXAMPLE4EXAMPLE7", secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", sessionToken: sessionToken
)
let signingDate = Date(timeIntervalSince1970: 1_764_000_000)
let body = Array(
    (#"{"FunctionName":"myLambdaFunction","Publish":true,"RevisionId":"4f6d2a1e-1c2b-4c7d-9e8f-0a1b2c3d4e5f","S3Bucket":"gitlab-artifacts","S3Key":"#
        + String(repeating: "builds/function", count: 58) + #".zip"}"#).utf8
)
let updateFunctionCode: HTTPRequest = {
    try! HTTPRequest(
        method: "PUT",
        url: "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/myLambdaFunction/code",
        headers: [
            ("Content-Type", "application/json"),
            ("Content-Length", String(body.count)),
            ("Accept", "application/json"),
            ("User-Agent", "LambdaDeployKit/0.1 os/linux"),
            ("amz-sdk-invocation-id", "0b0f3f6e-2b7a-4c1d-8d2e-3f4a5b6c7d8e"),
            ("amz-sdk-request", "attempt=1; max=3"),
        ]
    )
}()
let tenMiB = [UInt8](repeating: 0x5A, count: 10 * 1024 * 1024)

/// The floor: libcrypto SHA-256 of the body and of a canonical request of the same size, and one
/// HMAC with the pads precomputed (what a cached signing key allows).
struct Floor {
    var inner = SHA256_CTX()
    var outer = SHA256_CTX()
    let canonical: [UInt8]

    init() {
        var key = [UInt8](repeating: 0x42, count: 64)
        var ipad = key.map { $0 ^ 0x36 }
        var opad = key.map { $0 ^ 0x5C }
        SHA256_Init(&inner)
        SHA256_Init(&outer)
        SHA256_Update(&inner, &ipad, 64)
        SHA256_Update(&outer, &opad, 64)
        key.removeAll()
        canonical = Array(repeating: 0x61, count: 1_400)
    }

    func run() -> UInt8 {
        var digest = [UInt8](repeating: 0, count: 32)
        var canonicalDigest = [UInt8](repeating: 0, count: 32)
        body.withUnsafeBufferPointer { _ = SHA256($0.baseAddress, $0.count, &digest) }
        canonical.withUnsafeBufferPointer { _ = SHA256($0.baseAddress, $0.count, &canonicalDigest) }
        var stringToSign = Array("AWS4-HMAC-SHA256\n20251124T000000Z\n20251124/us-east-1/lambda/aws4_request\n".utf8)
        stringToSign += canonicalDigest
        var innerCopy = inner
        var outerCopy = outer
        var innerDigest = [UInt8](repeating: 0, count: 32)
        SHA256_Update(&innerCopy, stringToSign, stringToSign.count)
        SHA256_Final(&innerDigest, &innerCopy)
        SHA256_Update(&outerCopy, innerDigest, 32)
        SHA256_Final(&digest, &outerCopy)
        return digest[0]
    }
}

/// The 4-step key derivation with OpenSSL's one-shot HMAC().
func libcryptoKeyChain() -> UInt8 {
    var key = Array("AWS4je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY".utf8)
    var out = [UInt8](repeating: 0, count: 32)
    var length: UInt32 = 32
    for part in ["20251124", "us-east-1", "lambda", "aws4_request"] {
        let message = Array(part.utf8)
        _ = HMAC(EVP_sha256(), key, Int32(key.count), message, message.count, &out, &length)
        key = out
    }
    return out[0]
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        warmupIterations: 1_000,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let signer = try! SigV4Signer(credentials: credentials, region: "us-east-1", service: "lambda")
    _ = try! signer.sign(updateFunctionCode, payload: .bytes(body), date: signingDate)  // warm the key cache

    Benchmark("SigV4 sign UpdateFunctionCode (1 KiB JSON, 6 headers, token, key cached)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! signer.sign(updateFunctionCode, payload: .bytes(body), date: signingDate))
        }
    }

    Benchmark("SigV4 sign UpdateFunctionCode, a new second each time (key cached)") { benchmark in
        var second = 0.0
        for _ in benchmark.scaledIterations {
            // The signer keeps the last second's X-Amz-Date; here every request misses it.
            second += 1
            blackHole(try! signer.sign(updateFunctionCode, payload: .bytes(body), date: signingDate.addingTimeInterval(second)))
        }
    }

    Benchmark("Floor: libcrypto SHA-256 of body + canonical request, one HMAC (key cached)") { benchmark in
        let floor = Floor()
        for _ in benchmark.scaledIterations {
            blackHole(floor.run())
        }
    }

    let stsRequest = try! HTTPRequest(
        method: "GET", url: "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15")
    Benchmark("SigV4 presign GetCallerIdentity URL (token, key cached)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try! signer.presignedURL(for: stsRequest, expiresIn: .seconds(900), date: signingDate))
        }
    }

    Benchmark("Floor: libcrypto one-shot HMAC() signing-key chain (4 HMACs)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(libcryptoKeyChain())
        }
    }

    Benchmark("SigV4 sign with an uncached key (4-HMAC chain + signature)") { benchmark in
        let cache = SigningKeyCache(capacity: 1)
        let uncached = try! SigV4Signer(
            credentials: credentials, region: "us-east-1", service: "lambda", options: .init(keyCache: cache)
        )
        var day = 0.0
        for _ in benchmark.scaledIterations {
            // A new day each time: the signer's own memo and the one-entry cache both miss.
            day += 86_400
            blackHole(try! uncached.sign(updateFunctionCode, payload: .bytes(body), date: signingDate.addingTimeInterval(day)))
        }
    }

    let hashing = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal], warmupIterations: 2, scalingFactor: .one,
        maxDuration: .seconds(3), maxIterations: 200
    )
    Benchmark("SHA256Hasher 10 MiB payload (streamed in 64 KiB chunks)", configuration: hashing) { benchmark in
        for _ in benchmark.scaledIterations {
            var hasher = SHA256Hasher()
            tenMiB.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let end = min(offset + 65_536, raw.count)
                    hasher.update(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                    offset = end
                }
            }
            blackHole(hasher.finalize())
        }
    }

    Benchmark("Floor: libcrypto SHA256() 10 MiB one-shot", configuration: hashing) { benchmark in
        var digest = [UInt8](repeating: 0, count: 32)
        for _ in benchmark.scaledIterations {
            tenMiB.withUnsafeBufferPointer { _ = SHA256($0.baseAddress, $0.count, &digest) }
            blackHole(digest[0])
        }
    }
}
