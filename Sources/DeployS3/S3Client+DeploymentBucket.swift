import DeployCore
import Foundation

/// What ``S3Client/ensureDeploymentBucket(_:expireAfterDays:)`` (or ``S3Client/ensurePrivateBucket(_:)``) found or made.
public enum DeploymentBucketState: Sendable, Hashable {
    /// Created now: private, owner-enforced, encrypted (a deployment bucket's old artifacts expiring), tagged.
    case created
    /// There already, made by LambdaDeployKit (tagged): used as it is.
    case managed
    /// There already, made by someone else: used as it is, never changed.
    case foreign
}

extension S3Client {
    /// The tag on buckets LambdaDeployKit created.
    public static let managedTag = "lambdadeploykit:managed"

    /// The default deployment bucket's name for `account` in `region`
    /// (`lambdadeploykit-123456789012-eu-west-1`): unique per account and region, a DNS label.
    public static func deploymentBucketName(account: String, region: String) -> String {
        "lambdadeploykit-\(account)-\(region)"
    }

    /// Makes sure `bucket` exists. A bucket it creates is private (every `PublicAccessBlock`
    /// setting on, ACLs disabled by `BucketOwnerEnforced`), encrypted by default (SSE-S3), has a
    /// lifecycle rule that expires artifacts after `expireAfterDays` days (and aborts multipart
    /// uploads left incomplete after one day), and is tagged `lambdadeploykit:managed`. A bucket that
    /// exists is never modified.
    @discardableResult
    public func ensureDeploymentBucket(_ bucket: String, expireAfterDays: Int = 30) async throws -> DeploymentBucketState {
        try await ensureBucket(
            bucket,
            configuring: [
                (
                    "lifecycle", "PutBucketLifecycleConfiguration",
                    #"<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
                        + "<Rule><Expiration><Days>\(max(1, expireAfterDays))</Days></Expiration>"
                        + "<ID>lambdadeploykit-expire-artifacts</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
                        + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>"
                        + "</Rule></LifecycleConfiguration>"
                )
            ])
    }

    /// Makes sure `bucket` exists, as ``ensureDeploymentBucket(_:expireAfterDays:)`` does but
    /// without a lifecycle rule (nothing in it expires): for a bucket whose objects are the
    /// application's, such as one an `s3` event of a `serverless.yml` names. A bucket that exists
    /// is never modified.
    @discardableResult
    public func ensurePrivateBucket(_ bucket: String) async throws -> DeploymentBucketState {
        try await ensureBucket(bucket, configuring: [])
    }

    /// Creates `bucket` when it does not exist: private, owner-enforced, encrypted, then the
    /// `configuring` documents (subresource, operation, XML), then tagged.
    private func ensureBucket(
        _ bucket: String, configuring: [(subresource: String, operation: String, document: String)]
    ) async throws -> DeploymentBucketState {
        if try await bucketExists(bucket) {
            return try await bucketTags(bucket)[Self.managedTag] == "true" ? .managed : .foreign
        }
        do {
            try await createBucket(bucket)
        } catch let error as AWSServiceError where error.code == "BucketAlreadyOwnedByYou" {
            // Another pipeline created it a moment ago.
            return try await bucketTags(bucket)[Self.managedTag] == "true" ? .managed : .foreign
        }
        try await putConfiguration(
            bucket, "publicAccessBlock", "PutPublicAccessBlock",
            #"<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
                + "<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls>"
                + "<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
                + "</PublicAccessBlockConfiguration>")
        try await putConfiguration(
            bucket, "ownershipControls", "PutBucketOwnershipControls",
            #"<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
                + "<Rule><ObjectOwnership>BucketOwnerEnforced</ObjectOwnership></Rule></OwnershipControls>")
        try await putConfiguration(
            bucket, "encryption", "PutBucketEncryption",
            #"<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
                + "<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault>"
                + "</Rule></ServerSideEncryptionConfiguration>")
        for (subresource, operation, document) in configuring {
            try await putConfiguration(bucket, subresource, operation, document)
        }
        try await putBucketTags(bucket, tags: [Self.managedTag: "true"])
        return .created
    }

    /// `GetPublicAccessBlock`: whether all four settings are on.
    public func blocksAllPublicAccess(_ bucket: String) async throws -> Bool {
        let (_, document) = try await xml(
            request(.get, bucket: bucket, query: [("publicAccessBlock", "")]), operation: "GetPublicAccessBlock")
        return ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"].allSatisfy {
            document?.value(at: $0) == "true"
        }
    }
}
