import DeployHashing
import Foundation
import Synchronization

/// The SHA-256 of source files by what `stat` says of them (device, inode, size, modification and
/// status-change times, to the nanosecond), so that fingerprinting a tree again reads only the
/// files that changed — as Git's index spares `git status` from hashing the work tree.
///
/// The status-change time cannot be set back by a writer, so a file written since it was recorded
/// never matches its record. A file modified within two seconds of being recorded is not kept (it
/// could still be written in the same clock tick). Kept in one file, written through a temporary
/// file renamed into place; a missing or unreadable file only means every file is read.
public final class FingerprintCache: Sendable {
    /// Where the records are kept.
    public let path: String
    private let records: Mutex<[String: (identity: SourceFileIdentity, digest: SHA256Digest)]>
    /// Whether a record was added or changed since the file was read: an unchanged tree writes nothing.
    private let isModified = Mutex(false)
    private let header = "lambdadeploykit-fingerprint-cache 1"
    /// Now, in nanoseconds since 1970.
    private let now: @Sendable () -> Int64

    /// The records kept at `path`, if any.
    public convenience init(path: String) {
        self.init(path: path, now: { Int64(Date().timeIntervalSince1970 * 1_000_000_000) })
    }

    init(path: String, now: @escaping @Sendable () -> Int64) {
        self.path = path
        self.now = now
        var loaded: [String: (identity: SourceFileIdentity, digest: SHA256Digest)] = [:]
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
            if lines.popFirst() == header[...] {
                for line in lines {
                    let fields = line.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
                    guard fields.count == 7, let device = UInt64(fields[0]), let inode = UInt64(fields[1]), let size = Int(fields[2]),
                        let modified = Int64(fields[3]), let changed = Int64(fields[4]), let digest = SHA256Digest(hex: fields[5])
                    else { continue }
                    let identity = SourceFileIdentity(device: device, inode: inode, size: size, modified: modified, statusChanged: changed)
                    loaded[String(fields[6])] = (identity, digest)
                }
            }
        }
        records = Mutex(loaded)
    }

    /// The recorded digest of the file at `absolutePath`, when it is still the file recorded.
    func digest(of absolutePath: String, identity: SourceFileIdentity) -> SHA256Digest? {
        records.withLock { records in
            guard let record = records[absolutePath], record.identity == identity else { return nil }
            return record.digest
        }
    }

    /// Records the digest the file at `absolutePath` had as `identity`.
    func record(_ absolutePath: String, identity: SourceFileIdentity, digest: SHA256Digest) {
        guard now() - max(identity.modified, identity.statusChanged) > 2_000_000_000, !absolutePath.contains("\n") else { return }
        let changed = records.withLock { records in
            guard records[absolutePath]?.identity != identity || records[absolutePath]?.digest != digest else { return false }
            records[absolutePath] = (identity, digest)
            return true
        }
        if changed { isModified.withLock { $0 = true } }
    }

    /// Writes the records (a temporary file renamed into place), when any was added or changed.
    public func save() throws {
        guard isModified.withLock({ $0 }) else { return }
        let lines = records.withLock { records in
            records.map { path, record in
                let identity = record.identity
                return "\(identity.device) \(identity.inode) \(identity.size) \(identity.modified) \(identity.statusChanged) "
                    + "\(record.digest.hexString) \(path)"
            }
        }
        let folder = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = path + ".\(UUID().uuidString).tmp"
        try ([header] + lines.sorted()).joined(separator: "\n").appending("\n").write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
