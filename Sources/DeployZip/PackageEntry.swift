/// One file of a package to build from memory: a path, bytes and a mode.
public struct PackageEntry: Sendable, Hashable {
    /// The path inside the archive, `/`-separated, relative (`lambda_function.py`, `lib/util.py`).
    public var path: String
    /// The file's bytes.
    public var bytes: [UInt8]
    /// Whether the file is executable (stored as 0755; otherwise 0644). `bootstrap` always is.
    public var isExecutable: Bool

    /// Creates an entry.
    public init(path: String, bytes: [UInt8], isExecutable: Bool = false) {
        self.path = path
        self.bytes = bytes
        self.isExecutable = isExecutable
    }

    /// Creates an entry from text.
    public init(path: String, text: String, isExecutable: Bool = false) {
        self.init(path: path, bytes: Array(text.utf8), isExecutable: isExecutable)
    }
}

/// The mode bits written into entries: normalised so that checkouts with different umasks give
/// the same archive.
enum EntryMode {
    static let regularFile: UInt32 = 0o100644
    static let executableFile: UInt32 = 0o100755
    static let directory: UInt32 = 0o040755
    static let symlink: UInt32 = 0o120777

    static func file(path: String, isExecutable: Bool) -> UInt32 {
        isExecutable || lastComponent(of: path).elementsEqual("bootstrap".utf8) ? executableFile : regularFile
    }

    /// The bytes after the last `/` (all of them when there is none). Bytes, not characters:
    /// this runs for every file of a tree.
    static func lastComponent(of path: String) -> Substring.UTF8View {
        let utf8 = path.utf8
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return path[...].utf8 }
        return Substring(utf8[utf8.index(after: slash)...]).utf8
    }

    /// Extensions of files that are already compressed: stored, not deflated.
    static let storedExtensions: Set<String> = [
        "gz", "tgz", "zip", "jar", "war", "whl", "egg", "png", "jpg", "jpeg", "gif", "webp", "avif", "mp3", "mp4", "m4a",
        "ogg", "webm", "zst", "xz", "bz2", "7z", "rar", "br", "lz4", "woff", "woff2", "pdf", "heic",
    ]

    static func isAlreadyCompressed(_ path: String) -> Bool {
        let name = lastComponent(of: path)
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")) else { return false }
        let extensionBytes = name[name.index(after: dot)...]
        guard extensionBytes.count <= 5 else { return false }  // the longest listed is five bytes
        return storedExtensions.contains(String(decoding: extensionBytes, as: UTF8.self).lowercased())
    }
}

/// Checks a path for use inside an archive: relative, no `..`, no backslash, not empty, and no
/// longer than the format's 65,535 bytes.
enum EntryPath {
    /// The zip format's limit on a name (a 16-bit length).
    static let maximumLength = 65_535

    /// Relative, not empty, no `..` segment, no backslash or NUL, no drive letter (`C:`): one pass
    /// over the bytes (archives are read entry by entry, thousands at a time).
    static func isSafe(_ bytes: String.UTF8View) -> Bool {
        var count = 0
        var segmentLength = 0
        var segmentDots = 0
        for byte in bytes {
            count += 1
            switch byte {
            case UInt8(ascii: "/"):
                if count == 1 || (segmentLength == 2 && segmentDots == 2) { return false }
                segmentLength = 0
                segmentDots = 0
                continue
            case UInt8(ascii: "\\"), 0: return false
            case UInt8(ascii: ":") where count == 2: return false
            case UInt8(ascii: "."): segmentDots += 1
            default: break
            }
            segmentLength += 1
        }
        return count > 0 && !(segmentLength == 2 && segmentDots == 2)
    }

    static func validate(_ path: String) throws(ZipError) {
        if path.utf8.count > maximumLength {
            throw ZipError(
                .pathTooLong,
                "the entry path '\(path.prefix(80))…' is \(path.utf8.count) bytes: the zip format allows \(maximumLength); shorten it",
                path: String(path.prefix(80)))
        }
        if !isSafe(path.utf8) {
            throw ZipError(
                .unsafePath,
                "the entry path '\(path)' is absolute, empty, has '..' segments or backslashes: archive paths must be relative and use '/'",
                path: path)
        }
    }
}
