import DeployCore
import DeployHashing
import Foundation
import HTTPTypes

extension S3Client {
    /// `CreateMultipartUpload`; returns the upload's id.
    public func createMultipartUpload(
        bucket: String, key: String, contentType: String? = nil, metadata: [String: String] = [:]
    ) async throws -> String {
        let (_, document) = try await xml(
            request(.post, bucket: bucket, key: key, query: [("uploads", "")], headers: Self.headers(contentType, metadata)),
            operation: "CreateMultipartUpload")
        guard let id = document?.value(at: "UploadId") else { throw AWSDecodingError("CreateMultipartUpload answered no UploadId") }
        return id
    }

    /// `UploadPart` streaming `body` (whose SHA-256 is `digest`); returns the part's entity tag.
    public func uploadPart(
        bucket: String, key: String, uploadID: String, number: Int, body: HTTPBody, digest: SHA256Digest
    ) async throws -> String {
        let request = request(
            .put, bucket: bucket, key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)], body: body, digest: digest)
        return try await eTag(of: client.send(request, operation: "UploadPart"))
    }

    /// `CompleteMultipartUpload` with the parts in order; returns the object's entity tag. S3 may
    /// answer 200 with an error in the body: that is thrown as ``S3UploadError/completionFailed(_:_:)``.
    @discardableResult
    public func completeMultipartUpload(bucket: String, key: String, uploadID: String, parts: [S3CompletedPart]) async throws -> String {
        let list = parts.sorted { $0.number < $1.number }.map {
            "<Part><ETag>\"\(S3Names.escapeXML($0.eTag))\"</ETag><PartNumber>\($0.number)</PartNumber></Part>"
        }
        let body = Array(
            (#"<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"# + list.joined() + "</CompleteMultipartUpload>")
                .utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        let (_, document) = try await xml(
            request(.post, bucket: bucket, key: key, query: [("uploadId", uploadID)], headers: headers, body: HTTPBody(bytes: body)),
            operation: "CompleteMultipartUpload")
        if let document, document.name == "Error" {
            throw S3UploadError.completionFailed(key, "\(document.value(at: "Code") ?? "?"): \(document.value(at: "Message") ?? "")")
        }
        return Self.unquoted(document?.value(at: "ETag") ?? "")
    }

    /// `AbortMultipartUpload`: S3 drops the parts uploaded so far.
    public func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        _ = try await client.send(
            request(.delete, bucket: bucket, key: key, query: [("uploadId", uploadID)]), operation: "AbortMultipartUpload")
    }

    /// `ListMultipartUploads` under `prefix`: uploads started and neither completed nor aborted.
    public func multipartUploads(bucket: String, prefix: String? = nil) -> AWSPaginator<S3MultipartUpload> {
        AWSPaginator { token in
            let marker = token?.split(separator: "\n", maxSplits: 1).map(String.init)
            let (_, document) = try await xml(
                request(
                    .get, bucket: bucket,
                    query: [("uploads", ""), ("prefix", prefix), ("key-marker", marker?.first), ("upload-id-marker", marker?.last)]),
                operation: "ListMultipartUploads")
            let uploads = (document?.children(named: "Upload") ?? []).compactMap { upload -> S3MultipartUpload? in
                guard let key = upload.value(at: "Key"), let id = upload.value(at: "UploadId") else { return nil }
                return S3MultipartUpload(key: key, uploadID: id, initiated: upload.value(at: "Initiated").flatMap(AWSTimestamp.iso8601))
            }
            guard document?.value(at: "IsTruncated") == "true", let key = document?.value(at: "NextKeyMarker") else {
                return (uploads, nil)
            }
            return (uploads, key + "\n" + (document?.value(at: "NextUploadIdMarker") ?? ""))
        }
    }
}
