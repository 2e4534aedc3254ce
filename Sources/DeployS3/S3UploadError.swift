/// An upload that could not be made from a local file.
public enum S3UploadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(String, String)
    /// The file is larger than S3's 5 TiB object limit, or than 10,000 parts of the largest part.
    case tooLarge(String, Int)
    /// S3 answered `CompleteMultipartUpload` with 200 and an error in the body.
    case completionFailed(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "S3UploadError: \(path) cannot be read (\(reason)): check the build job's artifacts"
        case .tooLarge(let path, let size):
            "S3UploadError: \(path) is \(size) bytes, more than one S3 object holds (5 TiB): split the artifact"
        case .completionFailed(let key, let message):
            "S3UploadError: completing the multipart upload of \(key) failed (\(message)); the upload was aborted: run again"
        }
    }
}
