import DeployCore
import DeployHashing
import Foundation
import Synchronization

/// How ``S3Client/upload(file:bucket:key:options:)`` uploads.
public struct S3UploadOptions: Sendable {
    /// The size of each part (8 MiB by default; at least S3's 5 MiB, raised when 10,000 parts
    /// would not hold the file). A file no larger than one part is sent with one `PutObject`.
    public var partSize: Int
    /// Parts in flight at once (4 by default): memory stays at one 1 MiB read buffer per part.
    public var concurrency: Int
    /// The object's `Content-Type`.
    public var contentType: String?
    /// The object's `x-amz-meta-*` metadata.
    public var metadata: [String: String]
    /// Called with the upload's progress: after each part, and at most every ``progressInterval``
    /// as bytes are sent.
    public var progress: (@Sendable (S3UploadProgress) -> Void)?
    /// The least time between two progress reports while bytes flow.
    public var progressInterval: Duration

    /// Creates options.
    public init(
        partSize: Int = 8 << 20, concurrency: Int = 4, contentType: String? = nil, metadata: [String: String] = [:],
        progress: (@Sendable (S3UploadProgress) -> Void)? = nil, progressInterval: Duration = .milliseconds(250)
    ) {
        self.partSize = partSize
        self.concurrency = concurrency
        self.contentType = contentType
        self.metadata = metadata
        self.progress = progress
        self.progressInterval = progressInterval
    }
}

/// How far an upload is.
public struct S3UploadProgress: Sendable, Hashable {
    /// Bytes handed to the connection so far (a part sent again counts again).
    public var bytesSent: Int
    /// The file's size.
    public var totalBytes: Int
    /// Parts stored.
    public var partsDone: Int
    /// Parts in all (1 for a single `PutObject`).
    public var partsTotal: Int
}

/// An object an upload stored.
public struct S3StoredObject: Sendable, Hashable {
    /// Its key.
    public var key: String
    /// Its entity tag.
    public var eTag: String
    /// Its size in bytes.
    public var size: Int
    /// The parts it was sent in (1 for a single `PutObject`).
    public var parts: Int
    /// How long the upload took.
    public var duration: Duration
}

extension S3Client {
    /// S3's limits on multipart uploads.
    public static let minimumPartSize = 5 << 20
    /// The most parts one upload may have.
    public static let maximumParts = 10_000

    /// Uploads the file at `path` as `key`: one streamed `PutObject` up to one part's size, a
    /// multipart upload above it — parts read and hashed in a streaming pass, then streamed, a
    /// bounded number at once, each retried on its own (its body read from the file anew). On a
    /// failure or a cancellation the upload is aborted, so no multipart upload is left behind (and
    /// no parts billed).
    public func upload(
        file path: String, bucket: String, key: String, options: S3UploadOptions = S3UploadOptions()
    ) async throws
        -> S3StoredObject
    {
        let started = ContinuousClock.now
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int else {
            throw S3UploadError.unreadable(path, "no such file")
        }
        guard size <= 5 << 40 else { throw S3UploadError.tooLarge(path, size) }
        var partSize = max(Self.minimumPartSize, options.partSize)
        if (size + partSize - 1) / partSize > Self.maximumParts {
            partSize = ((size + Self.maximumParts - 1) / Self.maximumParts + (1 << 20) - 1) / (1 << 20) * (1 << 20)
        }
        let meter = ProgressMeter(total: size, parts: max(1, (size + partSize - 1) / partSize), options: options)
        if size <= partSize {
            let range = FileSlice(path: path, length: size)
            let tag = try await putObject(
                bucket: bucket, key: key, body: HTTPBody(length: size) { range.chunks(sent: meter.sent) }, digest: try Self.digest(range),
                contentType: options.contentType, metadata: options.metadata)
            meter.partDone()
            return S3StoredObject(key: key, eTag: tag, size: size, parts: 1, duration: ContinuousClock.now - started)
        }
        // An answer lost on the way (a reset, or a 500 after S3 acted and then a retry) can leave an
        // upload this call never learns the id of. So whatever happens, every upload still open for
        // this key is aborted at the end: the key is content-addressed, so another pipeline's upload
        // of it carries the same bytes, and a pipeline whose upload was aborted that way finds the
        // object stored (below) and goes on.
        let uploadID: String
        do {
            uploadID = try await createMultipartUpload(
                bucket: bucket, key: key, contentType: options.contentType, metadata: options.metadata)
        } catch {
            await abortAll(bucket: bucket, key: key)
            throw error
        }
        do {
            let parts = try await uploadParts(
                path, size: size, partSize: partSize, bucket: bucket, key: key, uploadID: uploadID, options: options, meter: meter)
            let tag = try await complete(bucket: bucket, key: key, uploadID: uploadID, parts: parts, size: size)
            await abortAll(bucket: bucket, key: key)
            return S3StoredObject(key: key, eTag: tag, size: size, parts: parts.count, duration: ContinuousClock.now - started)
        } catch let error as AWSServiceError where error.code == "NoSuchUpload" {
            // Aborted by a pipeline that stored the same bytes under this key.
            guard let stored = try await headObject(bucket: bucket, key: key), stored.size == size else { throw error }
            return S3StoredObject(key: key, eTag: stored.eTag, size: size, parts: 0, duration: ContinuousClock.now - started)
        } catch {
            await abort(bucket: bucket, key: key, uploadID: uploadID)
            await abortAll(bucket: bucket, key: key)
            throw error
        }
    }

    /// `CompleteMultipartUpload`. When its answer is lost (a reset, a timeout) or S3 no longer knows
    /// the upload (an attempt whose answer was lost completed it), the object is what counts:
    /// stored with the file's size, it stands.
    private func complete(bucket: String, key: String, uploadID: String, parts: [S3CompletedPart], size: Int) async throws -> String {
        do {
            return try await completeMultipartUpload(bucket: bucket, key: key, uploadID: uploadID, parts: parts)
        } catch let error
            where (error as? AWSServiceError)?.code == "NoSuchUpload" || (error as? TransportError)?.mayHaveTakenEffect == true
        {
            guard let stored = try await headObject(bucket: bucket, key: key), stored.size == size else { throw error }
            return stored.eTag
        }
    }

    /// Aborts an upload, in a task of its own (a cancelled caller still aborts), trying for up to
    /// ten seconds whatever the failure: an abandoned upload is billed until the bucket's lifecycle
    /// rule removes it. `NoSuchUpload` means it is gone already.
    func abort(bucket: String, key: String, uploadID: String) async {
        let client = self
        let waiter = Waiter<Bool>(
            name: "aborting the upload of \(key)", delay: .milliseconds(200), maxWait: .seconds(10),
            acceptors: [.init(.success, "aborted", output: { $0 }), .init(.retry, "a failure that may pass", error: { _ in true })],
            sleep: client.client.configuration.retryPolicy.sleep)
        await Task {
            _ = try? await waiter.wait {
                do {
                    try await client.abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID)
                } catch let error as AWSServiceError where error.code == "NoSuchUpload" {
                    // Gone already.
                }
                return true
            }
        }.value
    }

    /// Aborts every upload still open for `key`. The bucket's uploads are listed whole and filtered
    /// here: a deployment bucket has few open at once, and moto's signature check refuses a
    /// `prefix` holding `/` (real S3 takes it).
    private func abortAll(bucket: String, key: String) async {
        guard let uploads = try? await multipartUploads(bucket: bucket).collect() else { return }
        for upload in uploads where upload.key == key {
            await abort(bucket: bucket, key: key, uploadID: upload.uploadID)
        }
    }

    private func uploadParts(
        _ path: String, size: Int, partSize: Int, bucket: String, key: String, uploadID: String, options: S3UploadOptions,
        meter: ProgressMeter
    ) async throws -> [S3CompletedPart] {
        let count = (size + partSize - 1) / partSize
        return try await withThrowingTaskGroup(of: S3CompletedPart.self) { group in
            var next = 1
            var parts: [S3CompletedPart] = []
            func start(_ number: Int) {
                let range = FileSlice(path: path, offset: (number - 1) * partSize, length: min(partSize, size - (number - 1) * partSize))
                group.addTask {
                    // A replayable body: the client sends the part again on a failure it retries.
                    let tag = try await uploadPart(
                        bucket: bucket, key: key, uploadID: uploadID, number: number,
                        body: HTTPBody(length: range.length) { range.chunks(sent: meter.sent) }, digest: try Self.digest(range))
                    meter.partDone()
                    return S3CompletedPart(number: number, eTag: tag)
                }
            }
            while next <= min(count, max(1, options.concurrency)) {
                start(next)
                next += 1
            }
            while let part = try await group.next() {
                parts.append(part)
                if next <= count {
                    start(next)
                    next += 1
                }
            }
            return parts
        }
    }
}

/// Counts bytes and parts and reports them, throttled.
final class ProgressMeter: Sendable {
    private struct State {
        var bytes = 0
        var parts = 0
        var lastReport: ContinuousClock.Instant?
    }
    private let state = Mutex(State())
    private let total: Int
    private let partsTotal: Int
    private let report: (@Sendable (S3UploadProgress) -> Void)?
    private let interval: Duration

    init(total: Int, parts: Int, options: S3UploadOptions) {
        self.total = total
        self.partsTotal = parts
        self.report = options.progress
        self.interval = options.progressInterval
    }

    @Sendable func sent(_ count: Int) {
        guard let report else { return }
        let now = ContinuousClock.now
        let progress: S3UploadProgress? = state.withLock { state in
            state.bytes += count
            if let last = state.lastReport, now - last < interval { return nil }
            state.lastReport = now
            return S3UploadProgress(bytesSent: state.bytes, totalBytes: total, partsDone: state.parts, partsTotal: partsTotal)
        }
        if let progress { report(progress) }
    }

    func partDone() {
        guard let report else { return }
        let progress = state.withLock { state in
            state.parts += 1
            state.lastReport = ContinuousClock.now
            return S3UploadProgress(bytesSent: state.bytes, totalBytes: total, partsDone: state.parts, partsTotal: partsTotal)
        }
        report(progress)
    }
}

extension S3Client {
    /// The SHA-256 of a part (or a small file), read in one streaming pass.
    static func digest(_ range: FileSlice) throws -> SHA256Digest {
        var hasher = SHA256Hasher()
        do {
            try range.forEachChunk { hasher.update($0) }
        } catch let error as FileSliceError {
            throw S3UploadError.unreadable(error.path, error.reason)
        }
        return hasher.finalize()
    }
}
