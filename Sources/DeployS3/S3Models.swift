import Foundation

/// What S3 says of a stored object.
public struct S3ObjectInfo: Sendable, Hashable {
    /// The key.
    public var key: String
    /// Its size in bytes.
    public var size: Int
    /// Its entity tag, without quotes (an MD5 for single uploads, `…-N` for multipart ones).
    public var eTag: String
    /// When it was stored.
    public var lastModified: Date?
    /// Its `x-amz-meta-*` metadata, by name without the prefix (from `HeadObject` only).
    public var metadata: [String: String]

    /// Creates a description.
    public init(key: String, size: Int, eTag: String, lastModified: Date? = nil, metadata: [String: String] = [:]) {
        self.key = key
        self.size = size
        self.eTag = eTag
        self.lastModified = lastModified
        self.metadata = metadata
    }
}

/// A multipart upload that was started and neither completed nor aborted.
public struct S3MultipartUpload: Sendable, Hashable {
    /// The object's key.
    public var key: String
    /// The upload's id.
    public var uploadID: String
    /// When it was started.
    public var initiated: Date?
}

/// A part of a multipart upload, as `CompleteMultipartUpload` lists it.
public struct S3CompletedPart: Sendable, Hashable {
    /// Its number, 1 to 10,000.
    public var number: Int
    /// The entity tag `UploadPart` returned.
    public var eTag: String

    /// Creates a part.
    public init(number: Int, eTag: String) {
        self.number = number
        self.eTag = eTag
    }
}
