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

/// Runs a command and returns its exit status and output.
func run(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let environment { process.environment = environment }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

func tool(_ name: String) -> Bool {
    (try? run(["which", name]).status) == 0
}

/// Deterministic pseudo-random bytes.
func noise(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &+ 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// Compressible text of about `count` bytes.
func prose(_ count: Int, seed: Int = 0) -> [UInt8] {
    let words = ["lambda", "deploy", "gitlab", "pipeline", "artifact", "function", "handler", "region", "json", "zip"]
    var text = ""
    var index = UInt(seed)
    while text.utf8.count < count {
        text += words[Int(index % UInt(words.count))] + (index % 7 == 0 ? "\n" : " ")
        index = index &* 31 &+ 7
    }
    return Array(text.utf8.prefix(count))
}
