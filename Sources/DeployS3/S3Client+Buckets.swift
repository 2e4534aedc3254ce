import DeployCore
import DeployHashing
import Foundation
import HTTPTypes

extension S3Client {
    /// `CreateBucket` in the client's region (`LocationConstraint` outside `us-east-1`).
    public func createBucket(_ bucket: String) async throws {
        let region = client.region.name
        let body =
            region == "us-east-1"
            ? nil
            : HTTPBody(
                bytes: Array(
                    (#"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
                        + "<LocationConstraint>\(region)</LocationConstraint></CreateBucketConfiguration>").utf8))
        _ = try await client.send(request(.put, bucket: bucket, body: body), operation: "CreateBucket")
    }

    /// `HeadBucket`: whether the bucket exists and this caller may use it (`false` for 404).
    public func bucketExists(_ bucket: String) async throws -> Bool {
        do {
            _ = try await client.send(request(.head, bucket: bucket), operation: "HeadBucket")
            return true
        } catch let error as AWSServiceError where error.statusCode == 404 {
            return false
        }
    }

    /// `DeleteBucket` (it must be empty).
    public func deleteBucket(_ bucket: String) async throws {
        _ = try await client.send(request(.delete, bucket: bucket), operation: "DeleteBucket")
    }

    /// `PutBucketTagging`: replaces the bucket's tags.
    public func putBucketTags(_ bucket: String, tags: [String: String]) async throws {
        let set = tags.keys.sorted().map {
            "<Tag><Key>\(S3Names.escapeXML($0))</Key><Value>\(S3Names.escapeXML(tags[$0]!))</Value></Tag>"
        }
        try await putConfiguration(
            bucket, "tagging", "PutBucketTagging",
            #"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"# + "<TagSet>\(set.joined())</TagSet></Tagging>")
    }

    /// `GetBucketTagging`; empty when the bucket has none.
    public func bucketTags(_ bucket: String) async throws -> [String: String] {
        do {
            let (_, document) = try await xml(request(.get, bucket: bucket, query: [("tagging", "")]), operation: "GetBucketTagging")
            var tags: [String: String] = [:]
            for tag in document?.child("TagSet")?.children(named: "Tag") ?? [] {
                if let key = tag.value(at: "Key") { tags[key] = tag.value(at: "Value") ?? "" }
            }
            return tags
        } catch let error as AWSServiceError where error.code == "NoSuchTagSet" {
            return [:]
        }
    }

    /// Sends a bucket configuration document (`?tagging`, `?publicAccessBlock`, …) with the
    /// checksum S3 requires of them (`x-amz-checksum-sha256`, accepted in place of `Content-MD5`).
    func putConfiguration(_ bucket: String, _ subresource: String, _ operation: String, _ document: String) async throws {
        let bytes = Array(document.utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        headers[HTTPField.Name("x-amz-sdk-checksum-algorithm")!] = "SHA256"
        headers[HTTPField.Name("x-amz-checksum-sha256")!] = SHA256Hasher.hash(bytes).base64String
        _ = try await client.send(
            request(.put, bucket: bucket, query: [(subresource, "")], headers: headers, body: HTTPBody(bytes: bytes)), operation: operation)
    }
}
