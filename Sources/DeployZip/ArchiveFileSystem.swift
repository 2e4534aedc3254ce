import CDeployZlib
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an archive is written: the local disk, or a test's file system that fails on purpose.
///
/// The writer creates a temporary file beside the destination, appends to it, patches earlier
/// bytes in place, and renames it over the destination only when everything succeeded.
public protocol ArchiveFileSystem: Sendable {
    /// Creates an empty temporary file in `folder`.
    func createTemporaryFile(in folder: String, named hint: String) throws -> any ArchiveFile
    /// Reads a whole file, or a range of it.
    func read(_ path: String, offset: UInt64, count: Int) throws -> [UInt8]
    /// Reads a range of a source file the scan saw as `identity`, failing when it is no longer
    /// that file in that state (see ``SourceFileIdentity``). By default, ``read(_:offset:count:)``.
    func read(source path: String, expecting identity: SourceFileIdentity, offset: UInt64, count: Int) throws -> [UInt8]
    /// Opens a file for many reads (the previous archive of an incremental build). By default,
    /// each read goes through ``read(_:offset:count:)``.
    func openForReading(_ path: String) throws -> any ArchiveReader
    /// Moves `source` over `destination` atomically.
    func rename(_ source: String, to destination: String) throws
    /// Removes a file, ignoring errors.
    func remove(_ path: String)
    /// Whether `path` is an existing folder.
    func isFolder(_ path: String) -> Bool
}

extension ArchiveFileSystem {
    public func read(source path: String, expecting identity: SourceFileIdentity, offset: UInt64, count: Int) throws -> [UInt8] {
        try read(path, offset: offset, count: count)
    }

    public func openForReading(_ path: String) throws -> any ArchiveReader { PathReader(fileSystem: self, path: path) }
}

/// A file open for reading at any offset, from any thread.
public protocol ArchiveReader: Sendable {
    /// Reads `count` bytes at `offset`.
    func read(offset: UInt64, count: Int) throws -> [UInt8]

    /// Fills `buffer` with the bytes at `offset` (for reads into memory the caller reuses).
    func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws
}

extension ArchiveReader {
    public func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        let bytes = try read(offset: offset, count: buffer.count)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
    }
}

/// Reads through the file system's ``ArchiveFileSystem/read(_:offset:count:)``, one call each.
struct PathReader: ArchiveReader {
    let fileSystem: any ArchiveFileSystem
    let path: String

    func read(offset: UInt64, count: Int) throws -> [UInt8] { try fileSystem.read(path, offset: offset, count: count) }
}

/// A local file kept open: one `pread` per read.
final class DescriptorReader: ArchiveReader {
    let descriptor: Int32
    let path: String

    init(path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open \(path)") }
        self.path = path
    }

    deinit { POSIX.close(descriptor) }

    func read(offset: UInt64, count: Int) throws -> [UInt8] {
        try LocalArchiveFileSystem().read(descriptor, path: path, offset: offset, count: count)
    }

    func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws {
        if let failure = LocalArchiveFileSystem.read(descriptor, path: path, offset: offset, into: buffer) { throw failure }
    }
}

/// A file being written.
public protocol ArchiveFile: AnyObject {
    /// Its path.
    var path: String { get }
    /// Appends `bytes`.
    func append(_ bytes: UnsafeRawBufferPointer) throws
    /// Overwrites `bytes` at `offset` (already written).
    func overwrite(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws
    /// Cuts the file to `length` bytes and continues appending from there.
    func truncate(to length: UInt64) throws
    /// Flushes to stable storage and closes.
    func close(synchronize: Bool) throws
}

/// The local disk, through POSIX calls.
public struct LocalArchiveFileSystem: ArchiveFileSystem {
    /// The mask new artifacts' modes are created with (`0o666` less it).
    public var umask: mode_t

    /// Creates the file system; artifacts get the process's umask unless another is given.
    public init(umask: mode_t? = nil) {
        self.umask = umask ?? Self.processUmask
    }

    /// The process's umask, read without changing it (`/proc/self/status` on Linux; elsewhere set
    /// and restored once).
    static let processUmask: mode_t = {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
            let value = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        {
            return value
        }
        let mask = POSIX.umask(0o022)
        _ = POSIX.umask(mask)
        return mask
    }()

    public func createTemporaryFile(in folder: String, named hint: String) throws -> any ArchiveFile {
        var template = Array("\(folder)/.\(hint).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw POSIXFailure(operation: "create a temporary file in \(folder)") }
        // mkstemp makes 0600; the artifact gets what a new file gets: 0666 less the umask.
        fchmod(descriptor, mode_t(0o666) & ~umask)
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return LocalArchiveFile(descriptor: descriptor, path: path)
    }

    public func openForReading(_ path: String) throws -> any ArchiveReader { try DescriptorReader(path: path) }

    public func read(_ path: String, offset: UInt64, count: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXFailure(operation: "open \(path)") }
        defer { POSIX.close(descriptor) }
        return try read(descriptor, path: path, offset: offset, count: count)
    }

    /// Reads `count` bytes at `offset` of an open file.
    func read(_ descriptor: Int32, path: String, offset: UInt64, count: Int) throws -> [UInt8] {
        // Read straight into uninitialised storage: zero-filling first would touch every page twice.
        var failure: POSIXFailure?
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { storage, initialized in
            failure = Self.read(descriptor, path: path, offset: offset, into: UnsafeMutableRawBufferPointer(storage))
            initialized = failure == nil ? count : 0
        }
        if let failure { throw failure }
        return buffer
    }

    /// Fills `buffer` from `offset` of the open file; the failure, if any.
    static func read(_ descriptor: Int32, path: String, offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> POSIXFailure? {
        var done = 0
        while done < buffer.count {
            let read = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else {
                return read < 0
                    ? POSIXFailure(operation: "read \(path)")
                    : POSIXFailure(operation: "read \(path)", reason: "it became shorter while being read")
            }
            done += read
        }
        return nil
    }

    public func rename(_ source: String, to destination: String) throws {
        guard POSIX.rename(source, destination) == 0 else { throw POSIXFailure(operation: "rename \(source) to \(destination)") }
    }

    public func remove(_ path: String) { unlink(path) }

    public func isFolder(_ path: String) -> Bool { TreeScanner.isDirectory(path) }
}

/// A file that can start writing what it holds to disk ahead of the final flush.
protocol EarlyWriteback {
    /// Starts writing `length` bytes at `offset` to disk, without waiting.
    func startWriteback(offset: UInt64, length: Int)
}

final class LocalArchiveFile: ArchiveFile, EarlyWriteback {
    let path: String
    private var descriptor: Int32

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { if descriptor >= 0 { POSIX.close(descriptor) } }

    func append(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw POSIXFailure(operation: "write \(path)") }
            done += written
        }
    }

    /// On Linux, `sync_file_range(SYNC_FILE_RANGE_WRITE)`: the disk writes the archive while the
    /// rest is still being compressed, and the closing `fsync` waits for the last part only
    /// (about 0.3 ms instead of 10 ms for 20 MB here). Elsewhere, nothing: `fsync` does it all.
    func startWriteback(offset: UInt64, length: Int) {
        #if os(Linux)
        _ = deploy_start_writeback(descriptor, Int64(offset), Int64(length))
        #endif
    }

    func overwrite(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        guard pwrite(descriptor, bytes.baseAddress, bytes.count, off_t(offset)) == bytes.count else {
            throw POSIXFailure(operation: "write \(path)")
        }
    }

    func truncate(to length: UInt64) throws {
        guard ftruncate(descriptor, off_t(length)) == 0, lseek(descriptor, off_t(length), SEEK_SET) >= 0 else {
            throw POSIXFailure(operation: "truncate \(path)")
        }
    }

    func close(synchronize: Bool) throws {
        defer { descriptor = -1 }
        if synchronize { guard fsync(descriptor) == 0 else { throw POSIXFailure(operation: "sync \(path)") } }
        guard POSIX.close(descriptor) == 0 else { throw POSIXFailure(operation: "close \(path)") }
    }
}

/// A failed system call, with `errno`'s text.
struct POSIXFailure: Error, CustomStringConvertible {
    var operation: String
    var reason: String = String(cString: strerror(errno))
    var description: String { "could not \(operation): \(reason)" }
}

/// System calls whose names the file types shadow.
enum POSIX {
    static func umask(_ mask: mode_t) -> mode_t {
        #if canImport(Glibc)
        Glibc.umask(mask)
        #elseif canImport(Musl)
        Musl.umask(mask)
        #else
        Darwin.umask(mask)
        #endif
    }

    @discardableResult
    static func close(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(descriptor)
        #elseif canImport(Musl)
        Musl.close(descriptor)
        #else
        Darwin.close(descriptor)
        #endif
    }

    static func rename(_ source: String, _ destination: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.rename(source, destination)
        #elseif canImport(Musl)
        Musl.rename(source, destination)
        #else
        Darwin.rename(source, destination)
        #endif
    }
}
