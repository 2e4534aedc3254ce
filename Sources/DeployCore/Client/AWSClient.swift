import DeploySigV4
import Foundation
import HTTPTypes
import Logging

/// Sends calls to one AWS service: addresses, signs, retries and decodes errors. Every service
/// client of the library is a list of operations over this type; none has wire logic of its own.
public struct AWSClient: Sendable {
    /// The service.
    public let service: AWSService
    /// The shared configuration.
    public let configuration: AWSConfiguration
    /// Where the calls go, or why an endpoint override is not a URL.
    private let resolvedEndpoint: Result<Endpoint, EndpointError>
    /// One signer for the credentials in use, so its key and date memos serve every call.
    let signers = SignerSlot()

    /// Creates a client. It cannot fail: an endpoint override that is not a URL is reported by
    /// ``AWSConfiguration/init(region:credentialProvider:transport:retryPolicy:timeout:logger:environment:signsContentSHA256:)``,
    /// or, for an environment changed afterwards, as ``EndpointError`` by the first call.
    public init(service: AWSService, configuration: AWSConfiguration) {
        self.service = service
        self.configuration = configuration
        self.resolvedEndpoint = Result { () throws(EndpointError) in
            try Endpoint.resolve(service: service, region: configuration.region, environment: configuration.environment)
        }
    }

    /// Where the calls go; throws ``EndpointError`` when the endpoint override is not a URL.
    public var endpoint: Endpoint {
        get throws(EndpointError) { try resolvedEndpoint.get() }
    }

    /// The region of the calls.
    public var region: Region { configuration.region }

    /// Sends `request` as `operation` and returns its 2xx response.
    ///
    /// Throws ``AWSServiceError`` for an error response, ``TransportError`` when no response could
    /// be had, ``CredentialError`` when there are no credentials.
    public func send(_ request: AWSRequest, operation: String, authentication: Authentication = .signed) async throws -> AWSResponse {
        let policy = configuration.retryPolicy
        let logger = configuration.logger
        let canRetry = request.body?.isReplayable ?? true
        let repeatable = request.isIdempotent ?? RetryPolicy.isIdempotent(operation: operation)
        let payload: Payload = try await payloadHash(of: request)
        var attempt = 0
        var lastCost = 0
        var correctedClock = false
        var refreshedCredentials = false
        var signedWithTemporaryCredentials = false
        while true {
            attempt += 1
            let started = ContinuousClock.now
            let signed: HTTPRequest
            switch authentication.kind {
            case .signed:
                let credentials = try await currentCredentials()
                signedWithTemporaryCredentials = credentials.sessionToken != nil || credentials.expiration != nil
                signed = try sign(request, payload: payload, credentials: credentials)
            case .signedWith(let credentials):
                signed = try sign(request, payload: payload, credentials: credentials)
            case .anonymous:
                signed = try address(request)
            }
            let outcome: TransportResponse
            try await policy.rateLimiter?.acquire()
            do {
                outcome = try await configuration.transport.send(
                    signed, body: request.body, context: TransportContext(timeout: configuration.timeout, logger: logger)
                )
            } catch let error as TransportError {
                logAttempt(operation: operation, status: "\(error.kind)", attempt: attempt, started: started, requestID: nil)
                lastCost = error.kind == .timeout ? RetryQuota.timeoutCost : RetryQuota.retryCost
                if error.mayHaveTakenEffect && !repeatable {
                    var unknown = error
                    unknown.message +=
                        "; \(operation) may have taken effect and is not idempotent, so it was not sent again: read the resource's state "
                        + "before sending it again"
                    throw unknown
                }
                guard error.isTransient, canRetry, attempt < policy.maxAttempts, !Task.isCancelled, policy.quota.acquire(lastCost) else {
                    throw error
                }
                try await policy.sleep(policy.delay(afterAttempt: attempt))
                continue
            }
            let status = outcome.statusCode
            let requestID = outcome.response.headerFields[.xAmznRequestID] ?? outcome.response.headerFields[.xAmzRequestID]
            logAttempt(operation: operation, status: "\(status)", attempt: attempt, started: started, requestID: requestID)
            if (200..<300).contains(status) {
                policy.rateLimiter?.record(throttled: false)
                policy.quota.release(attempt > 1 ? lastCost : 1)
                return AWSResponse(status: outcome.response.status, headers: outcome.response.headerFields, body: outcome.body)
            }
            let error = AWSErrorDecoder.decode(outcome, service: service.serviceID, operation: operation)
            policy.rateLimiter?.record(throttled: policy.isThrottling(error))
            if !refreshedCredentials, signedWithTemporaryCredentials, canRetry, Self.expiredTokenCodes.contains(error.code),
                let cache = configuration.credentialProvider as? CachedCredentialProvider
            {
                // The cached session expired earlier than it said (or was revoked): fetch anew, once.
                // Long-term keys cannot expire this way: for them the error stands.
                refreshedCredentials = true
                await cache.invalidate()
                continue
            }
            if !correctedClock, authentication.kind.isSigned, canRetry, configuration.clock.learn(from: error, response: outcome.response) {
                // Signed at the wrong time: once more, at the server's time.
                correctedClock = true
                logger.warning(
                    "clock skew corrected from the server's Date header",
                    metadata: ["service": "\(service.serviceID)", "operation": "\(operation)"])
                continue
            }
            lastCost = RetryQuota.retryCost
            guard policy.isRetryable(error), canRetry, attempt < policy.maxAttempts, policy.quota.acquire(lastCost) else { throw error }
            let retryAfter = RetryAfter.parse(outcome.response.headerFields[HTTPField.Name("Retry-After")!])
            try await policy.sleep(policy.delay(afterAttempt: attempt, retryAfter: retryAfter))
        }
    }

    /// The codes of a session token that is no longer valid.
    static let expiredTokenCodes: Set<String> = ["ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired"]

    /// How a call proves who sends it.
    public struct Authentication: Sendable {
        enum Kind: Sendable {
            case signed
            case signedWith(Credentials)
            case anonymous

            var isSigned: Bool {
                if case .anonymous = self { return false }
                return true
            }
        }
        let kind: Kind

        /// Signed with the configuration's credentials (every call but a few STS ones).
        public static let signed = Authentication(kind: .signed)
        /// Signed with these credentials rather than the configuration's.
        public static func signed(with credentials: Credentials) -> Authentication { Authentication(kind: .signedWith(credentials)) }
        /// Not signed (`AssumeRoleWithWebIdentity`, which needs no AWS credentials).
        public static let anonymous = Authentication(kind: .anonymous)
    }

    /// The absolute HTTP request, not yet signed.
    func address(_ request: AWSRequest) throws(EndpointError) -> HTTPRequest {
        let endpoint = try endpoint
        var target = endpoint.basePath + request.path
        if !request.query.isEmpty { target += "?" + request.encodedQuery }
        var fields = request.headers
        if let length = request.body?.length, fields[.contentLength] == nil { fields[.contentLength] = String(length) }
        return HTTPRequest(
            method: request.method, scheme: endpoint.scheme, authority: (request.hostPrefix ?? "") + endpoint.authority, path: target,
            headerFields: fields
        )
    }

    /// The absolute, signed HTTP request for one attempt.
    func sign(_ request: AWSRequest, payload: Payload, credentials: Credentials) throws -> HTTPRequest {
        let http = try address(request)
        let signingRegion = try endpoint.signingRegion
        let signer = try signers.signer(for: credentials) { () throws(SigV4Error) in
            try SigV4Signer(
                credentials: credentials, region: signingRegion, service: service.signingName,
                options: .init(
                    pathEncoding: service.wireProtocol == .restXML ? .s3 : .normalized,
                    signsContentSHA256Header: configuration.signsContentSHA256 || service.wireProtocol == .restXML)
            )
        }
        return try signer.sign(http, payload: payload, date: configuration.clock.now())
    }

    private func payloadHash(of request: AWSRequest) async throws -> Payload {
        if let digest = request.bodyDigest { return .sha256(digest) }
        guard let body = request.body else { return .empty }
        if let bytes = body.bytes { return .bytes(bytes) }
        throw AWSRequestError("a streamed body needs its SHA-256 computed beforehand (AWSRequest.bodyDigest)")
    }

    /// The credentials that sign, registered with ``Redactor/shared`` so that no error, event or
    /// log line can carry their secret or token.
    private func currentCredentials() async throws -> Credentials {
        let credentials = try await configuration.credentialProvider.credentials(
            context: CredentialContext(
                environment: configuration.environment, transport: configuration.transport, logger: configuration.logger)
        )
        Redactor.shared.register(credentials.secretAccessKey)
        if let token = credentials.sessionToken { Redactor.shared.register(token) }
        return credentials
    }

    private func logAttempt(operation: String, status: String, attempt: Int, started: ContinuousClock.Instant, requestID: String?) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.seconds * 1000
        configuration.logger.debug(
            "aws call",
            metadata: [
                "service": "\(service.serviceID)", "operation": "\(operation)", "status": "\(status)", "attempt": "\(attempt)",
                "duration_ms": "\(String(format: "%.1f", milliseconds))", "request_id": "\(requestID ?? "-")",
            ]
        )
    }
}
