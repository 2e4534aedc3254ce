import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The function's runtime, running: `python3 -m awslambdaric MODULE.FUNCTION` or the package's
/// `bootstrap`, in the unpacked package, with its output kept as the function's log.
final class HandlerProcess: Sendable {
    private let process: Process
    private let output: Pipe
    private let log: LogBuffer

    /// Starts the runtime; `onExit` runs once it ends, with its status.
    init(command: [String], directory: String, environment: [String: String], onExit: @escaping @Sendable (Int32) -> Void) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0].hasPrefix("/") ? command[0] : "/usr/bin/env")
        process.arguments = command[0].hasPrefix("/") ? Array(command.dropFirst()) : command
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { onExit($0.terminationStatus) }
        let log = LogBuffer()
        let descriptor = output.fileHandleForReading.fileDescriptor
        // A thread of its own reads the log, so a chatty handler never blocks on a full pipe.
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                log.bytes.withLock { $0 += buffer[0..<count] }
            }
        }
        self.process = process
        self.output = output
        self.log = log
        try process.run()
        // The child holds the write end; ours must close so the reader sees the end of the log.
        try? output.fileHandleForWriting.close()
        reader.start()
    }

    var isRunning: Bool { process.isRunning }

    var processIdentifier: Int32 { process.processIdentifier }

    /// The log written so far (the count marks where an invocation started).
    var logCount: Int { log.bytes.withLock { $0.count } }

    /// The log from `start`, once what the runtime already wrote has been read.
    func log(from start: Int) -> String {
        let descriptor = output.fileHandleForReading.fileDescriptor
        // Data the runtime wrote before it answered may still sit in the pipe: wait (briefly) until it is read.
        for _ in 0..<40 {
            var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, 0) > 0 else { break }
            usleep(250)
        }
        return log.bytes.withLock { String(decoding: $0[min(start, $0.count)...], as: UTF8.self) }
    }

    /// Kills the runtime at once (SIGKILL, as Lambda does on a timeout).
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
    }

    /// Kills the runtime and waits (without blocking a thread) for it to be gone.
    func terminate() async {
        kill()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(2)) }
    }
}

/// The runtime's output, appended by the reader thread.
private final class LogBuffer: Sendable {
    let bytes = Mutex<[UInt8]>([])
}
