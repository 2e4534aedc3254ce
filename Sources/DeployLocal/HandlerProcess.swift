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
                log.append(buffer[0..<count])
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
    var logCount: Int { log.bytes.withLock { bytes in log.dropped.withLock { $0 } + bytes.count } }

    /// The log from `start`, once what the runtime already wrote has been read.
    func log(from start: Int) -> String {
        let descriptor = output.fileHandleForReading.fileDescriptor
        // Data the runtime wrote before it answered may still sit in the pipe: wait (briefly) until it is read.
        for _ in 0..<40 {
            var poll = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, 0) > 0 else { break }
            usleep(250)
        }
        return log.bytes.withLock { bytes in
            let local = max(0, start - log.dropped.withLock { $0 })
            return String(decoding: bytes[min(local, bytes.count)...], as: UTF8.self)
        }
    }

    /// Kills the runtime at once with everything it started (SIGKILL to its process group, as
    /// Lambda ends the whole environment on a timeout): a child the handler spawned does not
    /// outlive it. Foundation starts the runtime as the leader of a process group of its own; while
    /// the runtime is running its identifier cannot be reused, so the group is still its own.
    func kill() {
        guard process.isRunning else { return }
        let group = process.processIdentifier
        if getpgid(group) == group {
            Glibc.kill(-group, SIGKILL)
        } else {
            Glibc.kill(group, SIGKILL)
        }
    }

    /// Kills the runtime and waits (without blocking a thread) for it to be gone — also from a
    /// cancelled task, where `Task.sleep` would return at once: the wait runs in a task of its own.
    func terminate() async {
        kill()
        let process = process
        await Task {
            while process.isRunning { try? await Task.sleep(for: .milliseconds(2)) }
        }.value
    }
}

/// The runtime's output, appended by the reader thread; at most ``limit`` bytes are kept (the
/// oldest go first), so a chatty handler cannot grow the host without bound.
final class LogBuffer: Sendable {
    /// What is kept of a runtime's output.
    static let limit = 4 * 1024 * 1024
    let bytes = Mutex<[UInt8]>([])
    /// How many bytes were dropped from the front, so positions stay meaningful.
    let dropped = Mutex(0)

    func append(_ chunk: ArraySlice<UInt8>) {
        bytes.withLock { bytes in
            bytes += chunk
            if bytes.count > Self.limit {
                let excess = bytes.count - Self.limit / 2
                bytes.removeFirst(excess)
                dropped.withLock { $0 += excess }
            }
        }
    }
}
