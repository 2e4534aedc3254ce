import DeployCore
import DeployHashing
import Foundation
import HTTPTypes

/// Amazon S3's calls a deployment needs: the deployment bucket, objects (put, head, get, delete,
/// list) and multipart uploads, on S3's REST-XML protocol (`../shared/aws-models/s3`).
///
/// Requests are signed as S3 signs: the path as sent (no normalisation, no second encoding) and
/// `X-Amz-Content-SHA256` always. Buckets are addressed virtual-hosted style
/// (`my-bucket.s3.eu-west-1.amazonaws.com`) by default, and path style
/// (`s3.eu-west-1.amazonaws.com/my.bucket`) for a bucket name with dots or that is no DNS label,
/// and when the endpoint is overridden (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`: moto, MinIO).
///
/// ```swift
/// let s3 = S3Client(configuration: configuration)
/// try await s3.createBucket("my-artifacts")
/// let stored = try await s3.upload(file: "function.zip", bucket: "my-artifacts", key: "app/function.zip")
/// print(stored.eTag)
/// ```
public struct S3Client: Sendable {
    /// S3 as the core addresses and signs it.
    public static let service = AWSService(
        serviceID: "S3", signingName: "s3", endpointPrefix: "s3", apiVersion: "2006-03-01", wireProtocol: .restXML)

    /// How buckets are addressed.
    public enum Addressing: Sendable, Hashable {
        /// Virtual-hosted style, except for bucket names with dots or that are no DNS label, and
        /// path style when the endpoint is overridden.
        case automatic
        /// Always path style (`host/bucket/key`).
        case pathStyle
    }

    /// The client that sends the calls.
    public let client: AWSClient
    /// How buckets are addressed.
    public var addressing: Addressing

    /// Creates a client.
    public init(configuration: AWSConfiguration, addressing: Addressing = .automatic) {
        client = AWSClient(service: Self.service, configuration: configuration)
        self.addressing = addressing
    }

    /// Whether `bucket` is reached in the path rather than in the host.
    func usesPathStyle(_ bucket: String) -> Bool {
        if addressing == .pathStyle { return true }
        let environment = client.configuration.environment
        if [Self.service.endpointVariable, "AWS_ENDPOINT_URL"].contains(where: { !(environment[$0] ?? "").isEmpty }) { return true }
        return !S3Names.isVirtualHostable(bucket)
    }

    /// A request for `bucket` (and `key`): addressed, with `query` and `headers`.
    func request(
        _ method: HTTPRequest.Method, bucket: String, key: String? = nil, query: [(name: String, value: String?)] = [],
        headers: HTTPFields = [:], body: HTTPBody? = nil, digest: SHA256Digest? = nil
    ) -> AWSRequest {
        let keyPath = key.map { "/" + S3Names.encodeKey($0) } ?? ""
        let pathStyle = usesPathStyle(bucket)
        var request = AWSRequest(
            method: method, path: pathStyle ? "/\(AWSRequest.encode(bucket))\(keyPath)" : (keyPath.isEmpty ? "/" : keyPath),
            query: query.compactMap { item in item.value.map { (item.name, $0) } }, headers: headers, body: body, bodyDigest: digest)
        if !pathStyle { request.hostPrefix = bucket + "." }
        return request
    }

    /// Sends `request` and parses its XML answer (`nil` for an empty body).
    func xml(_ request: AWSRequest, operation: String) async throws -> (response: AWSResponse, document: AWSXMLElement?) {
        let response = try await client.send(request, operation: operation)
        guard response.body.contains(where: { $0 == UInt8(ascii: "<") }) else { return (response, nil) }
        return (response, try AWSXMLElement.parse(response.body))
    }
}
