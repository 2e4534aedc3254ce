import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One thing to put in the archive, before its bytes are read.
struct SourceItem: Sendable {
    enum Content: Sendable {
        case file(absolutePath: String, size: Int)
        case memory([UInt8])
        case directory
        case symlink(target: String)
    }

    /// The archive path (directories end with `/`).
    var path: String
    var content: Content
    /// Mode with file-type bits, normalised.
    var mode: UInt32
}

/// Walks a folder: applies the patterns, handles links, and returns the items sorted bytewise
/// by archive path, with the folders that hold them.
struct TreeScanner {
    let root: String
    let patterns: PatternSet
    let symlinks: DeploymentPackage.SymlinkPolicy

    func scan() throws(ZipError) -> [SourceItem] {
        guard let realRoot = Self.realPath(root), Self.isDirectory(realRoot) else {
            throw ZipError(.sourceNotFound, "the source folder \(root) does not exist or is not a folder", path: root)
        }
        var items: [SourceItem] = []
        var visited: Set<String> = [realRoot]
        try walk(directory: realRoot, prefix: "", realRoot: realRoot, visited: &visited, into: &items)
        return Self.withParentDirectories(items).sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    private func walk(directory: String, prefix: String, realRoot: String, visited: inout Set<String>, into items: inout [SourceItem]) throws(ZipError) {
        guard let listing = opendir(directory) else {
            throw ZipError(.unreadableFile, "the folder \(directory) cannot be listed (\(String(cString: strerror(errno)))): check its permissions", path: directory)
        }
        defer { closedir(listing) }
        let descriptor = dirfd(listing)
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let absolute = directory + "/" + name
            let relative = prefix + name
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw ZipError(.unreadableFile, "\(relative) cannot be read (\(String(cString: strerror(errno))))", path: relative)
            }
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR {
                if patterns.excludesWholeFolder(relative) { continue }
                try walk(directory: absolute, prefix: relative + "/", realRoot: realRoot, visited: &visited, into: &items)
            } else if type == S_IFLNK {
                guard patterns.includes(relative) || symlinks == .follow else { continue }
                try link(absolute: absolute, relative: relative, realRoot: realRoot, visited: &visited, into: &items)
            } else if type == S_IFREG {
                guard patterns.includes(relative) else { continue }
                let executable = info.st_mode & 0o111 != 0
                items.append(SourceItem(
                    path: relative, content: .file(absolutePath: absolute, size: Int(info.st_size)),
                    mode: EntryMode.file(path: relative, isExecutable: executable)
                ))
            }
        }
    }

    private func link(absolute: String, relative: String, realRoot: String, visited: inout Set<String>, into items: inout [SourceItem]) throws(ZipError) {
        guard let resolved = Self.realPath(absolute) else {
            if errno == ELOOP {
                throw ZipError(.symlinkLoop, "the link \(relative) loops: fix or remove it", path: relative)
            }
            throw ZipError(.unreadableFile, "the link \(relative) points to nothing (\(String(cString: strerror(errno))))", path: relative)
        }
        guard resolved == realRoot || resolved.hasPrefix(realRoot + "/") else {
            throw ZipError(
                .linkEscapesTree, "the link \(relative) points outside the package folder (to \(resolved)): copy the target in, or remove the link",
                path: relative
            )
        }
        switch symlinks {
        case .store:
            guard patterns.includes(relative) else { return }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(absolute, &buffer, buffer.count - 1)
            guard count >= 0 else { throw ZipError(.unreadableFile, "the link \(relative) cannot be read", path: relative) }
            let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            items.append(SourceItem(path: relative, content: .symlink(target: target), mode: EntryMode.symlink))
        case .follow:
            if Self.isDirectory(resolved) {
                guard !visited.contains(resolved) else {
                    throw ZipError(.symlinkLoop, "the link \(relative) leads back into a folder already packaged (\(resolved)): a loop", path: relative)
                }
                visited.insert(resolved)
                if patterns.excludesWholeFolder(relative) { return }
                try walk(directory: resolved, prefix: relative + "/", realRoot: realRoot, visited: &visited, into: &items)
            } else {
                guard patterns.includes(relative) else { return }
                var info = stat()
                guard stat(resolved, &info) == 0 else { throw ZipError(.unreadableFile, "\(relative) cannot be read", path: relative) }
                items.append(SourceItem(
                    path: relative, content: .file(absolutePath: resolved, size: Int(info.st_size)),
                    mode: EntryMode.file(path: relative, isExecutable: info.st_mode & 0o111 != 0)
                ))
            }
        }
    }

    /// Adds a directory entry for every folder that holds an item.
    static func withParentDirectories(_ items: [SourceItem]) -> [SourceItem] {
        var folders = Set<String>()
        for item in items {
            var parts = item.path.split(separator: "/").dropLast()
            while !parts.isEmpty {
                folders.insert(parts.joined(separator: "/") + "/")
                parts = parts.dropLast()
            }
        }
        return items + folders.map { SourceItem(path: $0, content: .directory, mode: EntryMode.directory) }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
