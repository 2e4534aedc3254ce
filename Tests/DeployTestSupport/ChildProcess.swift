import Foundation

/// Runs a program to completion on a thread of its own, so that waiting for it never holds one
/// of the few threads Swift concurrency runs tasks on (on a 2-core machine, two blocked waits stall
/// every other test).
public enum ChildProcess {
    /// The exit status and everything the program wrote to standard output (and standard error,
    /// when `mergeErrors`).
    public static func run(
        _ arguments: [String], input: Data? = nil, mergeErrors: Bool = true
    ) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                    process.arguments = arguments
                    let output = Pipe()
                    process.standardOutput = output
                    process.standardError = mergeErrors ? output : FileHandle.nullDevice
                    let stdin = Pipe()
                    if input != nil { process.standardInput = stdin }
                    try process.run()
                    if let input {
                        stdin.fileHandleForWriting.write(input)
                        try stdin.fileHandleForWriting.close()
                    }
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }
}
