import DeployHashing
import DeployTestSupport
import Foundation
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test("SHA-256 known answers (FIPS 180-2)")
    func sha256() {
        #expect(SHA256Hasher.hash(Array("abc".utf8)).hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.empty.hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var hasher = SHA256Hasher()
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { hasher.update(block) }
        #expect(hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("base64 of a digest matches Lambda's CodeSha256 form")
    func base64() {
        #expect(SHA256Hasher.hash(Array("abc".utf8)).base64String == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    }

    @Test("digest parsing rejects what is not 64 hex digits")
    func digestParsing() {
        #expect(SHA256Digest(hex: String(repeating: "g", count: 64)) == nil)
        #expect(SHA256Digest(hex: "00") == nil)
        #expect(SHA256Digest(bytes: [1, 2, 3]) == nil)
        #expect(SHA256Digest(hex: SHA256Digest.empty.hexString) == .empty)
    }

    @Test("every length from 0 to 300 bytes, hashed whole and in uneven pieces, agrees with Python's hashlib")
    func againstHashlib() async throws {
        var generator = SystemRandomNumberGenerator()
        let inputs = (0...300).map { length in (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let script = "import hashlib, sys\nfor line in sys.stdin: print(hashlib.sha256(bytes.fromhex(line.strip())).hexdigest())"
        let hexInputs = inputs.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n") + "\n"
        let result = try await ChildProcess.run(["python3", "-c", script], input: Data(hexInputs.utf8), mergeErrors: false)
        let expected = result.output.split(separator: "\n").map(String.init)
        try #require(expected.count == inputs.count, "hashlib answered \(expected.count) of \(inputs.count)")
        for (input, answer) in zip(inputs, expected) {
            #expect(SHA256Hasher.hash(input).hexString == answer, "\(input.count) bytes")
            var pieces = SHA256Hasher()
            var offset = 0
            var size = 1
            while offset < input.count {
                let end = min(input.count, offset + size)
                input[offset..<end].withUnsafeBytes { pieces.update($0) }
                offset = end
                size = size * 3 % 67 + 1
            }
            #expect(pieces.finalize().hexString == answer, "\(input.count) bytes in pieces")
        }
    }
}
