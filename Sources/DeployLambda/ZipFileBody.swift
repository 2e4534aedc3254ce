import DeployCore
import DeployHashing
import Foundation

/// A JSON request body whose `ZipFile` member is a zip on disk, base64-encoded as the body is
/// sent: the zip is never held whole in memory (nor its base64, nor the JSON around it). The
/// body's SHA-256 is computed in one streaming pass first; each attempt reads the file anew.
enum ZipFileBody {
    /// Stands for the base64 in the encoded JSON until the body is spliced.
    static let marker = "@@LambdaDeployKit.ZipFile@@"
    /// Zip bytes per read: a multiple of 3, so that each piece's base64 joins the next's.
    static let readSize = 3 << 18

    /// The body: `input` encoded as JSON, its `ZipFile` (set to ``marker``) replaced by the base64
    /// of the file at `path`.
    static func make(_ input: some Encodable, zipAt path: String) throws -> (body: HTTPBody, digest: SHA256Digest) {
        let size = try checkedSize(path)
        let json = try AWSJSON.encode(input)
        let marker = Array(Self.marker.utf8)
        guard let start = json.firstRange(of: marker)?.lowerBound else {
            throw AWSRequestError("the request has no ZipFile member to stream into")
        }
        let prefix = Array(json[..<start])
        let suffix = Array(json[(start + marker.count)...])
        let slice = FileSlice(path: path, length: size)
        var hasher = SHA256Hasher()
        hasher.update(prefix)
        try readable(path) { try slice.forEachChunk(of: readSize) { hasher.update(Array($0).base64EncodedBytes()) } }
        hasher.update(suffix)
        let length = prefix.count + (size + 2) / 3 * 4 + suffix.count
        // Each attempt reads the file anew, a piece when the transport asks for one.
        let body = HTTPBody(length: length) {
            slice.chunks(of: readSize, prefix: prefix, suffix: suffix, transform: { $0.base64EncodedBytes() })
        }
        return (body, hasher.finalize())
    }

    /// The zip's size, after Lambda's checks: a zip (`PK`), at most 50 MB.
    private static func checkedSize(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path),
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        else {
            throw LambdaInputError(message: "there is no zip at \(path): check the build job's artifacts: paths")
        }
        defer { try? handle.close() }
        try LambdaInput.checkZip(Array((try handle.read(upToCount: 2)) ?? Data()), size: size)
        return size
    }

    /// Runs `read`, turning a file that cannot be read into Lambda's input error.
    private static func readable(_ path: String, _ read: () throws -> Void) throws {
        do {
            try read()
        } catch let error as FileSliceError {
            throw LambdaInputError(message: "the zip at \(path) cannot be read any more (\(error.reason))")
        }
    }
}

extension Array where Element == UInt8 {
    /// The bytes' base64, as bytes.
    func base64EncodedBytes() -> [UInt8] { Array(Data(self).base64EncodedData()) }
}
