import DeployCore
import DeployHashing
import Foundation
import HTTPTypes

extension S3Client {
    /// `PutObject` with a body held in memory; returns the entity tag.
    @discardableResult
    public func putObject(
        bucket: String, key: String, bytes: [UInt8], contentType: String? = nil, metadata: [String: String] = [:]
    ) async throws -> String {
        let request = request(.put, bucket: bucket, key: key, headers: Self.headers(contentType, metadata), body: HTTPBody(bytes: bytes))
        return try await eTag(of: client.send(request, operation: "PutObject"))
    }

    /// `PutObject` streaming `length` bytes from `body`, whose SHA-256 is `digest` (a stream is
    /// read once: hash it first, see ``upload(file:bucket:key:options:)``); returns the entity tag.
    @discardableResult
    public func putObject(
        bucket: String, key: String, body: HTTPBody, digest: SHA256Digest, contentType: String? = nil, metadata: [String: String] = [:]
    ) async throws -> String {
        let request = request(.put, bucket: bucket, key: key, headers: Self.headers(contentType, metadata), body: body, digest: digest)
        return try await eTag(of: client.send(request, operation: "PutObject"))
    }

    /// `HeadObject`; `nil` when there is no such key.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectInfo? {
        do {
            let response = try await client.send(request(.head, bucket: bucket, key: key), operation: "HeadObject")
            var metadata: [String: String] = [:]
            for field in response.headers where field.name.canonicalName.hasPrefix("x-amz-meta-") {
                metadata[String(field.name.canonicalName.dropFirst("x-amz-meta-".count))] = field.value
            }
            return S3ObjectInfo(
                key: key, size: Int(response.headers[.contentLength] ?? "") ?? 0, eTag: Self.unquoted(response.headers[.eTag] ?? ""),
                lastModified: response.headers[.lastModified].flatMap(AWSTimestamp.httpDate), metadata: metadata)
        } catch let error as AWSServiceError where error.statusCode == 404 {
            return nil
        }
    }

    /// `GetObject`: the whole object, in memory — for small objects: a deploy checks artifacts with
    /// ``headObject(bucket:key:)`` and writes them with ``upload(file:bucket:key:options:)``, and
    /// never reads a large one back.
    public func getObject(bucket: String, key: String) async throws -> [UInt8] {
        try await client.send(request(.get, bucket: bucket, key: key), operation: "GetObject").body
    }

    /// `DeleteObject` (no error when the key does not exist, as S3 answers).
    public func deleteObject(bucket: String, key: String) async throws {
        _ = try await client.send(request(.delete, bucket: bucket, key: key), operation: "DeleteObject")
    }

    /// `ListObjectsV2` under `prefix`, every page (keys sent URL-encoded, as the SDKs ask, and decoded).
    public func objects(bucket: String, prefix: String? = nil) -> AWSPaginator<S3ObjectInfo> {
        AWSPaginator { token in
            let (_, document) = try await xml(
                request(
                    .get, bucket: bucket,
                    query: [("list-type", "2"), ("prefix", prefix), ("continuation-token", token), ("encoding-type", "url")]),
                operation: "ListObjectsV2")
            let items = (document?.children(named: "Contents") ?? []).map { item in
                S3ObjectInfo(
                    // `encoding-type=url`: keys come back percent-encoded (XML 1.0 cannot hold every key).
                    key: item.value(at: "Key").map { $0.removingPercentEncoding ?? $0 } ?? "", size: Int(item.value(at: "Size") ?? "") ?? 0,
                    eTag: Self.unquoted(item.value(at: "ETag") ?? ""),
                    lastModified: item.value(at: "LastModified").flatMap(AWSJSON.parseDate))
            }
            let truncated = document?.value(at: "IsTruncated") == "true"
            return (items, truncated ? document?.value(at: "NextContinuationToken") : nil)
        }
    }

    static func headers(_ contentType: String?, _ metadata: [String: String]) -> HTTPFields {
        var fields = HTTPFields()
        if let contentType { fields[.contentType] = contentType }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name("x-amz-meta-" + name.lowercased()) { fields[field] = value }
        }
        return fields
    }

    func eTag(of response: AWSResponse) -> String { Self.unquoted(response.headers[.eTag] ?? "") }

    static func unquoted(_ tag: String) -> String { tag.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }

}
