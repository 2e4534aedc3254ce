/// A package that cannot be built or an archive that cannot be read, with what was wrong and
/// what to do.
public struct ZipError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The source folder does not exist or is not a folder.
        public static let sourceNotFound = Code("sourceNotFound")
        /// A file could not be read.
        public static let unreadableFile = Code("unreadableFile")
        /// A source file changed between the scan and its reading (written to, grown, or replaced
        /// by another file or a link): nothing was written to the destination.
        public static let fileChangedDuringBuild = Code("fileChangedDuringBuild")
        /// A symbolic link points outside the tree being packaged.
        public static let linkEscapesTree = Code("linkEscapesTree")
        /// A symbolic link loops.
        public static let symlinkLoop = Code("symlinkLoop")
        /// The destination's folder does not exist.
        public static let destinationFolderMissing = Code("destinationFolderMissing")
        /// Writing the archive failed (disk full, permissions).
        public static let writeFailed = Code("writeFailed")
        /// More than 65,535 entries or 4 GiB: the archive would need zip64, which Lambda packages do not use.
        public static let tooLarge = Code("tooLarge")
        /// An entry path is empty, absolute, has `..` segments or backslashes.
        public static let unsafePath = Code("unsafePath")
        /// Two entries have the same path.
        public static let duplicatePath = Code("duplicatePath")
        /// An entry path is longer than the zip format's 65,535 bytes.
        public static let pathTooLong = Code("pathTooLong")
        /// The unzipped package exceeds Lambda's 250 MB (262,144,000 bytes) limit.
        public static let unzippedSizeLimit = Code("unzippedSizeLimit")
        /// The handler's file is not in the package.
        public static let handlerMissing = Code("handlerMissing")
        /// A `bootstrap` (custom runtime) is not executable in the archive.
        public static let bootstrapNotExecutable = Code("bootstrapNotExecutable")
        /// The archive is truncated, corrupt or hostile.
        public static let corruptArchive = Code("corruptArchive")
        /// An entry's CRC-32 does not match its data.
        public static let checksumMismatch = Code("checksumMismatch")
        /// The archive uses a feature this reader does not (zip64, encryption, a method other than stored or deflate).
        public static let unsupportedFeature = Code("unsupportedFeature")
        /// A compression library call failed.
        public static let compressionFailed = Code("compressionFailed")
    }

    /// The kind of failure.
    public var code: Code
    /// What was wrong, where, and what to do.
    public var message: String
    /// The path concerned, when there is one.
    public var path: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String { "ZipError.\(code): \(message)" }
}

/// Something Lambda would accept but that deserves attention.
public struct PackageWarning: Sendable, Hashable, CustomStringConvertible {
    /// What kind of warning.
    public enum Kind: Sendable, Hashable {
        /// Above the 50 MB (52,428,800 bytes) limit of a direct upload: upload through S3.
        case directUploadLimit
    }

    /// The kind.
    public var kind: Kind
    /// What to do.
    public var message: String

    public var description: String { "warning: \(message)" }
}
