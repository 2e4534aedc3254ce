import DeployCore
import DeployHashing
import DeployLambda
import DeployS3
import Foundation

/// The package in the S3 deployment bucket, as a resource kind: read with `HeadBucket` and
/// `HeadObject`; uploaded (multipart, streamed from the file) when missing; kept when an earlier
/// pipeline already stored the same content.
enum ArtifactResource {
    /// Where the artifact goes and what S3 has of it.
    struct Live: Sendable {
        var bucket: String
        var key: String
        var bucketExists: Bool
        var stored: S3ObjectInfo?
    }

    /// Whether `package` goes through S3 under `settings`.
    static func needsS3(_ package: BuiltPackage, settings: ArtifactSettings) -> Bool {
        settings.route == .always || package.size > settings.directUploadLimit
    }

    /// The artifact's key: `PREFIX/NAME/SHA256.zip`, the SHA-256 in hex (`NAME` is the function's
    /// name, or `layers/LAYER` for a layer).
    static func key(_ name: String, package: BuiltPackage, settings: ArtifactSettings) -> String {
        let digest = Data(base64Encoded: package.codeSHA256).flatMap { SHA256Digest(bytes: $0) }?.hexString ?? package.codeSHA256
        return [settings.prefix, name, digest + ".zip"].filter { !$0.isEmpty }.joined(separator: "/")
    }

    /// What S3 has, when the package goes through S3; `nil` for a direct upload. `name` is the
    /// key's middle part (``key(_:package:settings:)``).
    static func read(
        _ name: String, package: BuiltPackage, account: String, settings: ArtifactSettings, clients: ServiceClients
    ) async throws -> Live? {
        guard needsS3(package, settings: settings) else { return nil }
        let bucket: String
        switch settings.bucket {
        case .automatic: bucket = S3Client.deploymentBucketName(account: account, region: clients.region.name)
        case .named(let name): bucket = name
        }
        let key = key(name, package: package, settings: settings)
        guard try await clients.s3.bucketExists(bucket) else { return Live(bucket: bucket, key: key, bucketExists: false) }
        return Live(bucket: bucket, key: key, bucketExists: true, stored: try await clients.s3.headObject(bucket: bucket, key: key))
    }

    /// Upload the artifact, or keep the one stored; `nil` for a direct upload.
    static func action(_ inputs: PlanInputs) -> PlannedAction? {
        guard let live = inputs.artifact else { return nil }
        let function = inputs.function.name
        let location = "s3://\(live.bucket)/\(live.key)"
        if let stored = live.stored, stored.size == inputs.package.size {
            let detail = "already in \(location) (\(stored.size) bytes): not uploaded again"
            return PlannedAction(
                id: inputs.id("artifact"), function: function, step: .artifact, resource: "artifact \(live.key)", change: .keep,
                detail: detail, body: { _ in detail })
        }
        let package = inputs.package
        let settings = inputs.context.artifacts
        return PlannedAction(
            id: inputs.id("artifact"), function: function, step: .artifact, resource: "artifact \(live.key)", change: .create,
            attributes: [AttributeChange("object", nil, location)], detail: plannedUpload(live, package: package, settings: settings)
        ) { [s3 = inputs.clients.s3, shared = inputs.shared] state in
            let emit = state[FunctionKeys.emit] ?? { _ in }
            return try await store(
                live, package: package, settings: settings, s3: s3, shared: shared,
                progress: { emit(.artifactProgress(function: function, progress: $0)) })
        }
    }

    /// What an upload will do, for the plan.
    static func plannedUpload(_ live: Live, package: BuiltPackage, settings: ArtifactSettings) -> String {
        let location = "s3://\(live.bucket)/\(live.key)"
        return live.bucketExists
            ? "upload \(package.size) bytes to \(location)"
            : "create the deployment bucket \(live.bucket) (private, encrypted, artifacts expiring after "
                + "\(settings.expireAfterDays) days), upload \(package.size) bytes to \(location)"
    }

    /// Ensures the bucket (once per run) and uploads the package unless the same content is there
    /// already; says what it did.
    static func store(
        _ live: Live, package: BuiltPackage, settings: ArtifactSettings, s3: S3Client, shared: SharedResources,
        progress: @escaping @Sendable (S3UploadProgress) -> Void
    ) async throws -> String {
        let location = "s3://\(live.bucket)/\(live.key)"
        if !live.bucketExists {
            _ = try await shared.once("bucket:\(live.bucket)") {
                "\(try await s3.ensureDeploymentBucket(live.bucket, expireAfterDays: settings.expireAfterDays))"
            }
        }
        // Another pipeline (or function) may have stored the same content since the plan.
        if let stored = try await s3.headObject(bucket: live.bucket, key: live.key), stored.size == package.size {
            return "already in \(location): not uploaded again"
        }
        let options = S3UploadOptions(contentType: "application/zip", metadata: ["code-sha256": package.codeSHA256], progress: progress)
        let stored = try await s3.upload(file: package.path, bucket: live.bucket, key: live.key, options: options)
        let seconds = stored.duration.seconds
        let rate = seconds > 0 ? Double(stored.size) / seconds / 1_048_576 : 0
        return "uploaded \(stored.size) bytes to \(location) in \(stored.parts) part\(stored.parts == 1 ? "" : "s"), "
            + String(format: "%.2f s, %.1f MiB/s", seconds, rate)
    }
}
