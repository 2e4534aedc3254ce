import DeployCore

/// Files held in memory, for testing credential and config resolution without touching `~/.aws`.
///
/// ```swift
/// let files = InMemoryFileSystem(home: "/home/ci", files: ["/home/ci/.aws/credentials": "[default]\naws_access_key_id = …"])
/// let context = CredentialContext(environment: [:], fileSystem: files)
/// ```
public struct InMemoryFileSystem: FileSystem {
    /// File contents by absolute path.
    public var files: [String: String]
    /// The home folder.
    public var homeDirectory: String?

    /// Creates the file system.
    public init(home: String? = "/home/test", files: [String: String] = [:]) {
        self.homeDirectory = home
        self.files = files
    }

    public func contents(atPath path: String) throws -> [UInt8]? {
        files[path].map { Array($0.utf8) }
    }
}
