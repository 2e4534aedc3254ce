import DeployBasics

/// Where function packages go on their way to Lambda: uploaded in the request up to Lambda's
/// 50 MB direct-upload limit, and through an S3 deployment bucket above it (or always).
///
/// Artifacts are content-addressed (`PREFIX/FUNCTION/SHA256.zip`): one already in the bucket — from
/// an earlier pipeline, or deployed to another stage — is never uploaded again, and the same object
/// is promoted from stage to stage.
public struct ArtifactSettings: Sendable, Hashable {
    /// Which bucket holds artifacts.
    public enum Bucket: Sendable, Hashable {
        /// `lambdadeploykit-ACCOUNT-REGION`, created when missing (private, encrypted, artifacts
        /// expiring, tagged).
        case automatic
        /// A bucket of yours: used as it is, never modified (created as `.automatic` creates one
        /// when it does not exist).
        case named(String)
    }

    /// When a package goes through S3.
    public enum Route: Sendable, Hashable {
        /// Only above ``ArtifactSettings/directUploadLimit``.
        case aboveDirectUploadLimit
        /// Every package.
        case always
    }

    /// The bucket.
    public var bucket: Bucket
    /// The first part of every artifact's key.
    public var prefix: String
    /// When packages go through S3.
    public var route: Route
    /// The largest package sent in the request (Lambda's 52,428,800 bytes).
    public var directUploadLimit: Int
    /// After how many days a created bucket's lifecycle rule expires artifacts.
    public var expireAfterDays: Int

    /// Settings; by default the automatic bucket, only above the direct-upload limit.
    public init(
        bucket: Bucket = .automatic, prefix: String = "lambdadeploykit", route: Route = .aboveDirectUploadLimit,
        directUploadLimit: Int = LambdaLimits.directUploadBytes, expireAfterDays: Int = 30
    ) {
        self.bucket = bucket
        self.prefix = prefix
        self.route = route
        self.directUploadLimit = directUploadLimit
        self.expireAfterDays = expireAfterDays
    }
}
