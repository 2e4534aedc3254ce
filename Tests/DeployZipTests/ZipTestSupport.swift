import DeployTestSupport
import DeployZip
import Foundation
import Testing

/// A temporary folder removed at the end of the test.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "deployzip-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes a file (creating folders) with `permissions`.
    @discardableResult
    func write(_ relative: String, _ text: String, permissions: Int = 0o644) throws -> String {
        try write(relative, bytes: Array(text.utf8), permissions: permissions)
    }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8], permissions: Int = 0o644) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else { throw CocoaError(.fileWriteUnknown) }
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: full)
        return full
    }

    func link(_ relative: String, to target: String) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
    }

    func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + relative)))
    }
}

/// Runs a command (off Swift concurrency's threads) and returns its exit status and output.
func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
    try await ChildProcess.run(arguments)
}

func tool(_ name: String) async -> Bool {
    (try? await run(["which", name]).status) == 0
}

/// Deterministic pseudo-random bytes (xorshift, eight at a time).
func noise(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        let raw = UnsafeMutableRawBufferPointer(buffer)
        var offset = 0
        while offset < count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            withUnsafeBytes(of: state) { word in
                for index in 0..<min(8, count - offset) { raw[offset + index] = word[index] }
            }
            offset += 8
        }
        initialized = count
    }
}

/// Compressible text of `count` bytes (at most 4 MiB), cut from one text built once.
func prose(_ count: Int, seed: Int = 0) -> [UInt8] {
    let start = (seed * 7_919) % (1 << 20)
    return Array(proseText[start..<(start + min(count, proseText.count - start))])
}

private let proseText: [UInt8] = {
    let words = ["lambda", "deploy", "gitlab", "pipeline", "artifact", "function", "handler", "region", "json", "zip"]
    var text = [UInt8]()
    text.reserveCapacity(5 << 20)
    var index: UInt = 0
    while text.count < 5 << 20 {
        text += words[Int(index % UInt(words.count))].utf8
        text.append(index % 7 == 0 ? 10 : 32)
        index = index &* 31 &+ 7
    }
    return text
}()
