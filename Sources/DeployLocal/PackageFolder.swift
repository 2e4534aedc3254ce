import DeployZip
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The package as the runtime sees it: the deploy's zip unpacked into a fresh folder.
///
/// Unpacking never leaves the folder: entry paths that are absolute or climb with `..` are refused
/// by the archive reader, every directory on the way to an entry is opened relative to its
/// parent with `O_NOFOLLOW` (so a symbolic link unpacked earlier is never followed while writing),
/// files are created with `O_EXCL`, and a symbolic link whose target is absolute or leads out of
/// the folder is refused.
enum PackageFolder {
    /// Unpacks `archive` into a new temporary folder, with each entry's mode.
    static func unpack(_ archive: String) throws(LocalFunctionError) -> String {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("lambdadeploykit-local-\(UUID().uuidString.lowercased())")
        do {
            let zip = try DeploymentArchive(contentsOf: archive)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let root = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard root >= 0 else {
                throw UnpackRefused(path: folder, reason: "cannot open the folder (\(String(cString: strerror(errno))))")
            }
            defer { close(root) }
            var links: [String: String] = [:]
            for entry in zip.entries where entry.isSymlink {
                links[components(entry.path).joined(separator: "/")] = String(decoding: try zip.contents(of: entry), as: UTF8.self)
            }
            for entry in zip.entries {
                try write(entry, of: zip, into: root, links: links)
            }
            return folder
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw LocalFunctionError(kind: .badPackage, message: "cannot unpack \(archive): \(error)", log: "")
        }
    }

    /// An entry that would write outside the folder, or could not be written.
    struct UnpackRefused: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "entry \(path): \(reason)" }
    }

    private static func write(_ entry: DeploymentArchive.Entry, of zip: DeploymentArchive, into root: Int32, links: [String: String]) throws
    {
        var components = Self.components(entry.path)
        guard let name = components.popLast() else { return }
        if entry.isDirectory { components.append(name) }
        let parent = try openDirectory(components, from: root, creating: true, entry: entry.path)
        defer { if parent != root { close(parent) } }
        if entry.isDirectory { return }
        if entry.isSymlink {
            let target = links[(components + [name]).joined(separator: "/")] ?? ""
            var hops = 0
            guard resolve(target, from: components, links: links, hops: &hops) != nil else {
                throw UnpackRefused(path: entry.path, reason: "a symbolic link to \(target), outside the package, is refused")
            }
            guard symlinkat(target, parent, name) == 0 else { throw systemError(entry.path, "cannot create the link") }
            return
        }
        let mode = mode_t(entry.permissions == 0 ? 0o644 : entry.permissions & 0o777)
        let file = openat(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard file >= 0 else { throw systemError(entry.path, "cannot create the file") }
        defer { close(file) }
        try zip.extract(
            entry,
            chunks: { chunk in
                var offset = 0
                while offset < chunk.count {
                    let written = Glibc.write(file, chunk.baseAddress! + offset, chunk.count - offset)
                    guard written > 0 else { throw systemError(entry.path, "cannot write the file") }
                    offset += written
                }
            })
        _ = fchmod(file, mode)
    }

    /// The path's components. `DeploymentArchive` has already refused absolute paths and `..`
    /// (its entry path check), so only links and what exists on disk are left to guard here.
    static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }

    /// Opens (creating when asked) each directory of `components` below `root`, never following a link.
    private static func openDirectory(_ components: [String], from root: Int32, creating: Bool, entry: String) throws -> Int32 {
        var current = root
        for component in components {
            if creating, mkdirat(current, component, 0o755) != 0, errno != EEXIST {
                throw systemError(entry, "cannot create the folder \(component)")
            }
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let failure = errno
            if current != root { close(current) }
            guard next >= 0 else {
                let reason =
                    failure == ELOOP || failure == ENOTDIR
                    ? "\(component) is a symbolic link or a file, and is never written through" : String(cString: strerror(failure))
                throw UnpackRefused(path: entry, reason: reason)
            }
            current = next
        }
        return current
    }

    /// Where a link in the folder `parent` (components below the root) pointing at `target` leads,
    /// following the archive's other links as the system would; `nil` when it is absolute, leaves
    /// the root at any point, or loops (40 links, as `ELOOP`).
    static func resolve(_ target: String, from parent: [String], links: [String: String], hops: inout Int) -> [String]? {
        guard !target.isEmpty, !target.hasPrefix("/") else { return nil }
        var stack = parent
        for component in target.split(separator: "/") where component != "." {
            if component == ".." {
                guard !stack.isEmpty else { return nil }
                stack.removeLast()
                continue
            }
            stack.append(String(component))
            if let next = links[stack.joined(separator: "/")] {
                hops += 1
                stack.removeLast()
                guard hops <= 40, let resolved = resolve(next, from: stack, links: links, hops: &hops) else { return nil }
                stack = resolved
            }
        }
        return stack
    }

    private static func systemError(_ path: String, _ what: String) -> UnpackRefused {
        UnpackRefused(path: path, reason: "\(what) (\(String(cString: strerror(errno))))")
    }
}
