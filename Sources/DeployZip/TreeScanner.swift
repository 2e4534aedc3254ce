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
        case file(absolutePath: String, identity: SourceFileIdentity)
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

/// Walks a folder depth first and emits the items in bytewise path order as it finds them, so
/// that compression can start before the walk ends.
///
/// Siblings are visited sorted by name, with `/` appended to folder names: then a depth-first
/// walk meets paths in exactly the order a global bytewise sort would give (`a.txt` before `a/x`,
/// `a/` before `ab/`). A folder's entry is emitted just before its first item; empty folders
/// are left out. Patterns, links and Lambda's size limits are applied on the way.
struct TreeScanner {
    let root: String
    let patterns: PatternSet
    let symlinks: DeploymentPackage.SymlinkPolicy
    /// Prepended to every archive path (`python/` for a Python layer); patterns still match the
    /// path inside `root`.
    var archivePrefix = ""

    private struct Child {
        var name: String
        var info: stat
        var sortKey: [UInt8]
    }

    /// Emits every item through `emit`, in order.
    func scan(_ emit: (SourceItem) throws -> Void) throws {
        guard let realRoot = Self.realPath(root), Self.isDirectory(realRoot) else {
            throw ZipError(.sourceNotFound, "the source folder \(root) does not exist or is not a folder", path: root)
        }
        try withoutActuallyEscaping(emit) { emit in
            var state = WalkState(emit: emit, prefix: archivePrefix)
            var visited: Set<String> = [realRoot]
            try walk(directory: realRoot, prefix: "", realRoot: realRoot, visited: &visited, state: &state)
        }
    }

    /// The items of the whole tree, in order.
    func scan() throws -> [SourceItem] {
        var items: [SourceItem] = []
        try scan { items.append($0) }
        return items
    }

    /// Folders opened but not yet emitted, and the running totals Lambda limits.
    private struct WalkState {
        let emit: (SourceItem) throws -> Void
        let prefix: String
        var pendingFolders: [String]
        var emittedFolders = 0
        var totalBytes = 0
        var entries = 0

        init(emit: @escaping (SourceItem) throws -> Void, prefix: String) {
            self.emit = emit
            self.prefix = prefix
            // The prefix's own folders (`nodejs/`, `nodejs/node_modules/`) come before the first item.
            var folders: [String] = []
            for part in prefix.split(separator: "/") { folders.append((folders.last ?? "") + part + "/") }
            pendingFolders = folders
        }

        /// Emits `item` (its path inside the tree) under the prefix, after the folders that lead to it.
        mutating func add(_ item: SourceItem, size: Int) throws {
            for folder in pendingFolders[emittedFolders...] {
                try count(SourceItem(path: folder, content: .directory, mode: EntryMode.directory), size: 0)
            }
            emittedFolders = pendingFolders.count
            var item = item
            item.path = prefix + item.path
            try count(item, size: size)
        }

        private mutating func count(_ item: SourceItem, size: Int) throws {
            entries += 1
            totalBytes += size
            guard entries <= LambdaLimits.maximumEntries else {
                throw ZipError(
                    .tooLarge,
                    "the package has more than 65,535 entries, the most a zip without zip64 holds: exclude what the function does not need")
            }
            guard totalBytes <= LambdaLimits.unzippedBytes else {
                throw ZipError(
                    .unzippedSizeLimit,
                    "the package is over \(totalBytes) bytes unzipped, above Lambda's 262,144,000-byte (250 MB) limit: exclude what the "
                        + "function does not need, move dependencies to a layer, or use a container image"
                )
            }
            try emit(item)
        }

        mutating func enter(_ folder: String) { pendingFolders.append(prefix + folder) }

        mutating func leave() {
            pendingFolders.removeLast()
            emittedFolders = min(emittedFolders, pendingFolders.count)
        }
    }

    private func children(of directory: String) throws -> [Child] {
        guard let listing = opendir(directory) else {
            throw ZipError(
                .unreadableFile, "the folder \(directory) cannot be listed (\(String(cString: strerror(errno)))): check its permissions",
                path: directory)
        }
        defer { closedir(listing) }
        let descriptor = dirfd(listing)
        var found: [Child] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            var info = stat()
            // A folder needs no `stat`: the listing says what it is, and only files' sizes and times are kept.
            if entry.pointee.d_type == UInt8(DT_DIR) {
                info.st_mode = S_IFDIR
                found.append(Child(name: name, info: info, sortKey: Array(name.utf8) + [UInt8(ascii: "/")]))
                continue
            }
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw ZipError(.unreadableFile, "\(directory)/\(name) cannot be read (\(String(cString: strerror(errno))))", path: name)
            }
            var isFolder = info.st_mode & S_IFMT == S_IFDIR
            if info.st_mode & S_IFMT == S_IFLNK && symlinks == .follow {
                isFolder = Self.isDirectory(directory + "/" + name)
            }
            found.append(Child(name: name, info: info, sortKey: Array(name.utf8) + (isFolder ? [UInt8(ascii: "/")] : [])))
        }
        return found.sorted { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
    }

    private func walk(directory: String, prefix: String, realRoot: String, visited: inout Set<String>, state: inout WalkState) throws {
        for child in try children(of: directory) {
            let absolute = directory + "/" + child.name
            let relative = prefix + child.name
            let type = child.info.st_mode & S_IFMT
            if type == S_IFDIR {
                try folder(absolute, relative: relative, realRoot: realRoot, visited: &visited, state: &state)
            } else if type == S_IFLNK {
                try link(absolute: absolute, relative: relative, realRoot: realRoot, visited: &visited, state: &state)
            } else if type == S_IFREG, patterns.includes(relative) {
                let item = SourceItem(
                    path: relative, content: .file(absolutePath: absolute, identity: SourceFileIdentity(child.info)),
                    mode: EntryMode.file(path: relative, isExecutable: child.info.st_mode & 0o111 != 0)
                )
                try state.add(item, size: Int(child.info.st_size))
            }
        }
    }

    private func folder(_ absolute: String, relative: String, realRoot: String, visited: inout Set<String>, state: inout WalkState) throws {
        if patterns.excludesWholeFolder(relative) { return }
        state.enter(relative + "/")
        try walk(directory: absolute, prefix: relative + "/", realRoot: realRoot, visited: &visited, state: &state)
        state.leave()
    }

    private func link(absolute: String, relative: String, realRoot: String, visited: inout Set<String>, state: inout WalkState) throws {
        guard let resolved = Self.realPath(absolute) else {
            if errno == ELOOP {
                throw ZipError(.symlinkLoop, "the link \(relative) loops: fix or remove it", path: relative)
            }
            throw ZipError(.unreadableFile, "the link \(relative) points to nothing (\(String(cString: strerror(errno))))", path: relative)
        }
        guard resolved == realRoot || resolved.hasPrefix(realRoot + "/") else {
            throw ZipError(
                .linkEscapesTree,
                "the link \(relative) points outside the package folder (to \(resolved)): copy the target in, or remove the link",
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
            try state.add(SourceItem(path: relative, content: .symlink(target: target), mode: EntryMode.symlink), size: target.utf8.count)
        case .follow:
            if Self.isDirectory(resolved) {
                guard !visited.contains(resolved) else {
                    throw ZipError(
                        .symlinkLoop, "the link \(relative) leads back into a folder already packaged (\(resolved)): a loop", path: relative
                    )
                }
                visited.insert(resolved)
                try folder(resolved, relative: relative, realRoot: realRoot, visited: &visited, state: &state)
            } else {
                guard patterns.includes(relative) else { return }
                var info = stat()
                guard stat(resolved, &info) == 0 else { throw ZipError(.unreadableFile, "\(relative) cannot be read", path: relative) }
                let item = SourceItem(
                    path: relative, content: .file(absolutePath: resolved, identity: SourceFileIdentity(info)),
                    mode: EntryMode.file(path: relative, isExecutable: info.st_mode & 0o111 != 0)
                )
                try state.add(item, size: Int(info.st_size))
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
