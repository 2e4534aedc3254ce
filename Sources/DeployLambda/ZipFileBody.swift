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
        var hasher = SHA256Hasher()
        hasher.update(prefix)
        try forEachBase64Piece(path) { hasher.update($0) }
        hasher.update(suffix)
        let length = prefix.count + (size + 2) / 3 * 4 + suffix.count
        let body = HTTPBody(length: length) {
            AsyncThrowingStream { continuation in
                let task = Task.detached {
                    do {
                        continuation.yield(prefix)
                        try forEachBase64Piece(path) { piece in
                            try Task.checkCancellation()
                            continuation.yield(piece)
                        }
                        continuation.yield(suffix)
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
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

    /// Calls `body` with the base64 of the file, piece by piece.
    private static func forEachBase64Piece(_ path: String, _ body: ([UInt8]) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw LambdaInputError(message: "the zip at \(path) cannot be read any more")
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: readSize), !chunk.isEmpty {
            try body(Array(chunk.base64EncodedData()))
        }
    }
}
