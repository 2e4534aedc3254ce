/// What an authentication failure means, and how to fix it: the diagnoses for the errors a CI job
/// meets when its keys are wrong.
public struct AuthenticationDiagnosis: Sendable, Hashable, CustomStringConvertible {
    /// Which failure: an open set, like ``TransportError/Kind``; keep a default branch.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The secret does not match the key id (`SignatureDoesNotMatch`, `InvalidSignatureException`).
        public static let secretMismatch = Kind("secretMismatch")
        /// The key id is unknown or deactivated (`InvalidClientTokenId`, `UnrecognizedClientException`).
        public static let unknownAccessKey = Kind("unknownAccessKey")
        /// Temporary credentials expired (`ExpiredToken`, `ExpiredTokenException`, `RequestExpired`).
        public static let expiredToken = Kind("expiredToken")
        /// The identity is valid but lacks a permission (`AccessDenied`, `AccessDeniedException`).
        public static let accessDenied = Kind("accessDenied")
        /// The machine's clock is more than 5 minutes off AWS's (`RequestTimeTooSkewed`, "Signature expired").
        public static let clockSkew = Kind("clockSkew")
    }

    /// Which failure.
    public var kind: Kind
    /// One sentence saying what is wrong.
    public var summary: String
    /// What to do about it.
    public var fix: String
    /// The service error this was read from.
    public var error: AWSServiceError
    /// For ``Kind/accessDenied``: the action AWS says was refused (`lambda:UpdateFunctionCode`).
    public var missingAction: String?

    /// The diagnosis of `error`, or `nil` when it is not an authentication failure.
    public init?(_ error: AWSServiceError) {
        self.error = error
        let lowered = error.message.lowercased()
        if error.code == "RequestTimeTooSkewed" || error.code == "RequestInTheFuture" || lowered.contains("signature expired")
            || lowered.contains("signature not yet current")
        {
            kind = .clockSkew
            summary = "this machine's clock is more than 5 minutes off AWS's, so its signatures are refused as expired"
            fix =
                "synchronise the runner's clock (NTP: `timedatectl set-ntp true`, or restart the runner's VM); the client corrects a "
                + "skew it can read from AWS's Date header, so this remains only when the answer had none"
            return
        }
        switch error.code {
        case "SignatureDoesNotMatch", "InvalidSignatureException":
            kind = .secretMismatch
            summary = "the secret access key does not belong to this key id"
            fix =
                "copy the secret that was issued with this access key into AWS_SECRET_ACCESS_KEY (GitLab: Settings › CI/CD › Variables), "
                + "or create a new key pair in IAM"
        case "InvalidClientTokenId", "UnrecognizedClientException", "InvalidAccessKeyId":
            kind = .unknownAccessKey
            summary = "the access key id is unknown or deactivated"
            fix = "regenerate it in IAM and update the CI/CD variable AWS_ACCESS_KEY_ID (and AWS_SECRET_ACCESS_KEY)"
        case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired":
            kind = .expiredToken
            summary = "the session token expired"
            fix =
                "obtain fresh temporary credentials (re-run the job, or renew AWS_SESSION_TOKEN); long-lived pipelines should use web "
                + "identity, which renews itself"
        case "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Forbidden":
            kind = .accessDenied
            missingAction = Self.refusedAction(in: error.message) ?? Self.s3Actions[error.service == "S3" ? error.operation : ""]
            summary =
                "the credentials are valid but not allowed to call \(error.service) \(error.operation)"
                + (missingAction.map { " (\($0))" } ?? "")
            let action = missingAction ?? "the action"
            fix =
                "grant \(action) to the CI user or role, for example with the statement "
                + #"{"Effect": "Allow", "Action": "\#(action)", "Resource": "<the resource's ARN>"}"#
                + " (LeastPrivilege.deployPolicy in DeployIAM builds the whole deploy policy), then retry"
        default:
            return nil
        }
    }

    public var description: String { "\(summary): \(fix) [\(error.code) from \(error.service) \(error.operation)]" }

    /// The IAM action each S3 operation the library sends is authorised by: S3's `AccessDenied`
    /// names none (and a refused `HEAD` has no body at all), and several differ from the
    /// operation's name (`HeadBucket` needs `s3:ListBucket`, an upload's parts `s3:PutObject`).
    static let s3Actions = [
        "HeadBucket": "s3:ListBucket", "ListObjectsV2": "s3:ListBucket", "CreateBucket": "s3:CreateBucket",
        "DeleteBucket": "s3:DeleteBucket", "PutBucketTagging": "s3:PutBucketTagging", "GetBucketTagging": "s3:GetBucketTagging",
        "PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock", "GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
        "PutBucketOwnershipControls": "s3:PutBucketOwnershipControls", "PutBucketEncryption": "s3:PutEncryptionConfiguration",
        "PutBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration",
        "GetBucketNotificationConfiguration": "s3:GetBucketNotification",
        "PutBucketNotificationConfiguration": "s3:PutBucketNotification", "PutObject": "s3:PutObject",
        "CreateMultipartUpload": "s3:PutObject", "UploadPart": "s3:PutObject", "CompleteMultipartUpload": "s3:PutObject",
        "AbortMultipartUpload": "s3:AbortMultipartUpload", "ListMultipartUploads": "s3:ListBucketMultipartUploads",
        "HeadObject": "s3:GetObject", "GetObject": "s3:GetObject", "DeleteObject": "s3:DeleteObject", "DeleteObjects": "s3:DeleteObject",
    ]

    /// The action in AWS's "… is not authorized to perform: ACTION …" message.
    static func refusedAction(in message: String) -> String? {
        guard let range = message.range(of: "to perform: ") else { return nil }
        let action = message[range.upperBound...].prefix { !$0.isWhitespace && $0 != "," && $0 != ";" }
        return action.contains(":") ? String(action) : nil
    }
}
