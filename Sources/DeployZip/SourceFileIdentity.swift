import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the scan saw of a source file: which file it was and the state it was in.
///
/// Every read of the file while the package is built checks the open descriptor against it, before
/// and after reading: another file put in its place (a link swapped in, a folder on its path
/// replaced) has another device or inode, and a file written meanwhile has another size,
/// modification or status-change time. Either way the build stops with
/// `ZipError.Code.fileChangedDuringBuild` instead of packaging bytes that were never scanned.
///
/// The times are as precise as the file system keeps them; a change within the same tick of the
/// kernel's coarse clock that keeps the size is not seen (the status-change time cannot be set
/// back by a writer, so a later change always is).
public struct SourceFileIdentity: Sendable, Hashable {
    /// The device the file is on.
    public var device: UInt64
    /// Its inode on that device.
    public var inode: UInt64
    /// Its size in bytes.
    public var size: Int
    /// Its modification time, in nanoseconds since 1970.
    public var modified: Int64
    /// Its status-change time (`ctime`), in nanoseconds since 1970.
    public var statusChanged: Int64

    /// Creates an identity from its parts.
    public init(device: UInt64, inode: UInt64, size: Int, modified: Int64, statusChanged: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.statusChanged = statusChanged
    }

    init(_ info: stat) {
        #if canImport(Darwin)
        let modified = info.st_mtimespec
        let changed = info.st_ctimespec
        #else
        let modified = info.st_mtim
        let changed = info.st_ctim
        #endif
        self.init(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int(info.st_size),
            modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
            statusChanged: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec))
    }

    /// What differs in `now` from this identity, in words; `nil` when nothing does.
    func change(to now: SourceFileIdentity) -> String? {
        if now.device != device || now.inode != inode { return "another file took its place" }
        if now.size != size { return "its size went from \(size) to \(now.size) bytes" }
        if now.modified != modified || now.statusChanged != statusChanged { return "it was written to" }
        return nil
    }
}

/// A source file that is not what the scan saw any more; turned into
/// `ZipError.Code.fileChangedDuringBuild` with the entry's path.
struct SourceFileChanged: Error, CustomStringConvertible {
    var change: String
    var description: String { change }
}

extension LocalArchiveFileSystem {
    /// Opens `path` without following a final link, reads `count` bytes at `offset`, and checks
    /// the descriptor against `identity` once the bytes are read.
    ///
    /// One check, after the read, sees everything a check before it would: another file in its
    /// place has another inode, and any write since the scan — before the open or during the read —
    /// left another size, modification or status-change time (which no writer can set back). The
    /// open does not block on what is not a regular file (`O_NONBLOCK`: a FIFO put in its place),
    /// and a read that fails on one is reported as that change.
    public func read(source path: String, expecting identity: SourceFileIdentity, offset: UInt64, count: Int) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == ELOOP { throw SourceFileChanged(change: "a symbolic link took its place") }
            if errno == ENOENT { throw SourceFileChanged(change: "it was removed") }
            throw POSIXFailure(operation: "open \(path)")
        }
        defer { POSIX.close(descriptor) }
        let bytes: [UInt8]
        do {
            bytes = try read(descriptor, path: path, offset: offset, count: count)
        } catch {
            try check(descriptor, against: identity)
            throw error
        }
        try check(descriptor, against: identity)
        return bytes
    }

    private func check(_ descriptor: Int32, against identity: SourceFileIdentity) throws {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw POSIXFailure(operation: "inspect an open source file") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw SourceFileChanged(change: "it is no longer a regular file") }
        if let change = identity.change(to: SourceFileIdentity(info)) { throw SourceFileChanged(change: change) }
    }
}
