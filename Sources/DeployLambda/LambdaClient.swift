// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire (or the vector file) names its members.
import DeployCore
import Foundation
import HTTPTypes

/// AWS Lambda (REST-JSON, API 2015-03-31): create, update, publish, alias and invoke functions.
///
/// ```swift
/// let lambda = LambdaClient(configuration: configuration)
/// let updated = try await lambda.updateFunctionCode("myLambdaFunction", code: .zip(archive), publish: true)
/// ```
///
/// Inputs are checked before anything is sent. Every mutation of an existing function first waits
/// for its previous update to finish, and a `ResourceConflictException` is answered by waiting
/// for the function's state, never by a blind retry.
public struct LambdaClient: Sendable {
    /// The Lambda service.
    public static let service = AWSService(
        serviceID: "Lambda", signingName: "lambda", endpointPrefix: "lambda", apiVersion: "2015-03-31", wireProtocol: .restJSON
    )

    /// The core client the operations go through.
    public let client: AWSClient
    /// How often waiters poll.
    public var pollInterval: Duration = .seconds(1)
    /// How long waiters wait.
    public var waitTimeout: Duration = .seconds(300)
    /// How long `CreateFunction` keeps retrying while a new role propagates through IAM.
    public var rolePropagationTimeout: Duration = .seconds(30)

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    var sleep: @Sendable (Duration) async throws -> Void { client.configuration.retryPolicy.sleep }

    func send<Output: Decodable>(
        _ method: HTTPRequest.Method, _ path: String, _ operation: String, function: String, labels: [String: String] = [:],
        query: [(name: String, value: String?)] = [], body: (some Encodable)? = Optional<EmptyBody>.none, code: FunctionCode? = nil,
        output: Output.Type
    ) async throws -> Output {
        try LambdaInput.checkName(function, clientRegion: client.region)
        var all = labels
        all["FunctionName"] = function
        return try await sendJSON(method, path, operation, labels: all, query: query, body: body, code: code, output: output)
    }

    /// A REST-JSON call whose body, when `code` is a zip on disk, streams the zip from its file.
    func sendJSON<Output: Decodable>(
        _ method: HTTPRequest.Method, _ path: String, _ operation: String, labels: [String: String],
        query: [(name: String, value: String?)] = [], body: (some Encodable)? = Optional<EmptyBody>.none, code: FunctionCode? = nil,
        output: Output.Type
    ) async throws -> Output {
        guard case .zipFile(let zipPath)? = code, let body else {
            return try await client.restJSON(method, path, operation: operation, labels: labels, query: query, body: body, output: output)
        }
        // The zip streams from its file into the JSON body.
        var request = try AWSRequest.restJSON(method: method, path: path, labels: labels, query: query, body: Optional<EmptyBody>.none)
        request.headers[.contentType] = "application/json"
        (request.body, request.bodyDigest) = try ZipFileBody.make(body, zipAt: zipPath)
        return try await client.send(request, operation: operation).decode(output)
    }

    // MARK: Functions

    /// `CreateFunction`, retrying for up to ``rolePropagationTimeout`` while Lambda says a new role
    /// "cannot be assumed" (IAM propagation).
    public func createFunction(_ definition: FunctionDefinition) async throws -> FunctionConfiguration {
        try LambdaInput.checkSettings(memorySize: definition.memorySize, timeout: definition.timeout)
        struct Input: Encodable {
            var FunctionName, Role, Handler, Runtime: String
            var Code: CodeInput
            var MemorySize, Timeout: Int?
            var Environment: FunctionEnvironment?
            var Architectures: [String]?
            var Layers: [String]?
            var Description: String?
            var Tags: [String: String]?
            var Publish: Bool
            var EphemeralStorage: FunctionEphemeralStorage?
            var TracingConfig: FunctionTracing?
            var VpcConfig: FunctionVPC?
            var KMSKeyArn: String?
            var DeadLetterConfig: FunctionDeadLetter?
            var LoggingConfig: FunctionLogging?
        }
        let input = Input(
            FunctionName: definition.name, Role: definition.role, Handler: definition.handler, Runtime: definition.runtime,
            Code: try CodeInput(definition.code),
            MemorySize: definition.memorySize, Timeout: definition.timeout,
            Environment: definition.environment.map(FunctionEnvironment.init),
            Architectures: definition.architectures, Layers: definition.layers, Description: definition.description, Tags: definition.tags,
            Publish: definition.publish, EphemeralStorage: definition.ephemeralStorage.map(FunctionEphemeralStorage.init),
            TracingConfig: definition.tracingMode.map(FunctionTracing.init), VpcConfig: definition.vpc, KMSKeyArn: definition.kmsKeyARN,
            DeadLetterConfig: definition.deadLetter, LoggingConfig: definition.logging
        )
        let propagation = Waiter<FunctionConfiguration>(
            name: "the role of \(definition.name) to propagate through IAM", delay: .seconds(2), maxWait: rolePropagationTimeout,
            acceptors: [
                .init(.success, "created", output: { _ in true }),
                .init(
                    .retry, "the role cannot be assumed yet",
                    error: { error in
                        guard let error = error as? AWSServiceError else { return false }
                        return error.code == "InvalidParameterValueException" && error.message.contains("cannot be assumed")
                    }),
            ],
            sleep: sleep
        )
        do {
            return try await propagation.wait {
                try await send(
                    .post, "/2015-03-31/functions", "CreateFunction", function: definition.name, body: input, code: definition.code,
                    output: FunctionConfiguration.self)
            }
        } catch let timeout as WaiterTimeout {
            // Lambda's own words on the role are the clearest error.
            throw timeout.lastError ?? timeout
        }
    }

    /// `GetFunctionConfiguration`.
    public func configuration(_ function: String, qualifier: String? = nil) async throws -> FunctionConfiguration {
        try await send(
            .get, "/2015-03-31/functions/{FunctionName}/configuration", "GetFunctionConfiguration", function: function,
            query: [("Qualifier", qualifier)], output: FunctionConfiguration.self)
    }

    /// `GetFunction`: the configuration, and where the code can be downloaded.
    public func function(
        _ function: String, qualifier: String? = nil
    ) async throws -> (configuration: FunctionConfiguration, codeLocation: String?) {
        struct Output: Decodable {
            struct Code: Decodable { var Location: String? }
            var Configuration: FunctionConfiguration
            var Code: Code?
        }
        let output = try await send(
            .get, "/2015-03-31/functions/{FunctionName}", "GetFunction", function: function, query: [("Qualifier", qualifier)],
            output: Output.self)
        return (output.Configuration, output.Code?.Location)
    }

    /// `UpdateFunctionCode`; with `revisionID`, Lambda refuses (`PreconditionFailedException`) when
    /// the function changed since that revision was read. `architectures` (`["arm64"]`) changes the
    /// instruction set with the code: Lambda takes it only here.
    public func updateFunctionCode(
        _ function: String, code: FunctionCode, publish: Bool = false, dryRun: Bool = false, revisionID: String? = nil,
        architectures: [String]? = nil
    ) async throws -> FunctionConfiguration {
        struct Input: Encodable {
            var ZipFile, S3Bucket, S3Key, S3ObjectVersion: String?
            var Publish: Bool
            var DryRun: Bool
            var RevisionId: String?
            var Architectures: [String]?
        }
        var input = Input(Publish: publish, DryRun: dryRun, RevisionId: revisionID, Architectures: architectures)
        switch code {
        case .zip(let bytes):
            try LambdaInput.checkZip(bytes)
            input.ZipFile = Data(bytes).base64EncodedString()
        case .s3(let bucket, let key, let version):
            (input.S3Bucket, input.S3Key, input.S3ObjectVersion) = (bucket, key, version)
        case .zipFile:
            input.ZipFile = ZipFileBody.marker
        }
        return try await mutate(function) {
            try await send(
                .put, "/2015-03-31/functions/{FunctionName}/code", "UpdateFunctionCode", function: function, body: input, code: code,
                output: FunctionConfiguration.self)
        }
    }

    /// `UpdateFunctionConfiguration`; with `revisionID`, Lambda refuses (`PreconditionFailedException`)
    /// when the function changed since that revision was read.
    public func updateFunctionConfiguration(
        _ function: String, _ settings: FunctionSettings, revisionID: String? = nil
    ) async throws -> FunctionConfiguration {
        try LambdaInput.checkSettings(memorySize: settings.memorySize, timeout: settings.timeout)
        struct Input: Encodable {
            var MemorySize, Timeout: Int?
            var Environment: FunctionEnvironment?
            var Description, Handler, Runtime, Role: String?
            var Layers: [String]?
            var EphemeralStorage: FunctionEphemeralStorage?
            var TracingConfig: FunctionTracing?
            var VpcConfig: FunctionVPC?
            var KMSKeyArn: String?
            var DeadLetterConfig: FunctionDeadLetter?
            var LoggingConfig: FunctionLogging?
            var RevisionId: String?
        }
        let input = Input(
            MemorySize: settings.memorySize, Timeout: settings.timeout, Environment: settings.environment.map(FunctionEnvironment.init),
            Description: settings.description, Handler: settings.handler, Runtime: settings.runtime, Role: settings.role,
            Layers: settings.layers, EphemeralStorage: settings.ephemeralStorage.map(FunctionEphemeralStorage.init),
            TracingConfig: settings.tracingMode.map(FunctionTracing.init), VpcConfig: settings.vpc, KMSKeyArn: settings.kmsKeyARN,
            DeadLetterConfig: settings.deadLetter, LoggingConfig: settings.logging, RevisionId: revisionID
        )
        return try await mutate(function) {
            try await send(
                .put, "/2015-03-31/functions/{FunctionName}/configuration", "UpdateFunctionConfiguration", function: function, body: input,
                output: FunctionConfiguration.self)
        }
    }

    /// `PublishVersion`, guarded: with `codeSHA256` or `revisionID`, Lambda refuses to publish if
    /// the function changed since it was read.
    public func publishVersion(
        _ function: String, codeSHA256: String? = nil, revisionID: String? = nil, description: String? = nil
    ) async throws -> FunctionConfiguration {
        struct Input: Encodable { var CodeSha256, RevisionId, Description: String? }
        return try await mutate(function) {
            try await send(
                .post, "/2015-03-31/functions/{FunctionName}/versions", "PublishVersion", function: function,
                body: Input(CodeSha256: codeSHA256, RevisionId: revisionID, Description: description), output: FunctionConfiguration.self
            )
        }
    }

    /// `ListVersionsByFunction`, every page.
    public func versions(_ function: String) -> AWSPaginator<FunctionConfiguration> {
        struct Output: Decodable {
            var Versions: [FunctionConfiguration]?
            var NextMarker: String?
        }
        let client = self
        return AWSPaginator { marker in
            let page = try await client.send(
                .get, "/2015-03-31/functions/{FunctionName}/versions", "ListVersionsByFunction", function: function,
                query: [("Marker", marker)], output: Output.self)
            return (page.Versions ?? [], page.NextMarker)
        }
    }

    /// `ListFunctions`, every page.
    public func functions() -> AWSPaginator<FunctionConfiguration> {
        struct Output: Decodable {
            var Functions: [FunctionConfiguration]?
            var NextMarker: String?
        }
        let client = client
        return AWSPaginator { marker in
            let page = try await client.restJSON(
                .get, "/2015-03-31/functions", operation: "ListFunctions", query: [("Marker", marker)], output: Output.self)
            return (page.Functions ?? [], page.NextMarker)
        }
    }

    /// The function's tags (from `GetFunction`, which names the function rather than its ARN).
    public func tags(_ function: String) async throws -> [String: String] {
        struct Output: Decodable { var Tags: [String: String]? }
        return try await send(.get, "/2015-03-31/functions/{FunctionName}", "GetFunction", function: function, output: Output.self).Tags
            ?? [:]
    }

    /// `DeleteFunction` (a version, with `qualifier`).
    public func deleteFunction(_ function: String, qualifier: String? = nil) async throws {
        _ = try await send(
            .delete, "/2015-03-31/functions/{FunctionName}", "DeleteFunction", function: function, query: [("Qualifier", qualifier)],
            output: EmptyBody.self)
    }

    // MARK: Aliases

    private struct AliasInput: Encodable {
        struct Routing: Encodable { var AdditionalVersionWeights: [String: Double] }
        var Name: String?
        var FunctionVersion: String?
        var Description: String?
        var RoutingConfig: Routing?
        var RevisionId: String?
    }

    /// `CreateAlias`; `weights` sends a share of traffic to other versions (a canary).
    public func createAlias(
        _ function: String, name: String, version: String, weights: [String: Double]? = nil, description: String? = nil
    ) async throws -> AliasConfiguration {
        let input = AliasInput(
            Name: name, FunctionVersion: version, Description: description, RoutingConfig: weights.map(AliasInput.Routing.init))
        return try await send(
            .post, "/2015-03-31/functions/{FunctionName}/aliases", "CreateAlias", function: function, body: input,
            output: AliasConfiguration.self)
    }

    /// `GetAlias`.
    public func alias(_ function: String, name: String) async throws -> AliasConfiguration {
        try await send(
            .get, "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "GetAlias", function: function, labels: ["Name": name],
            output: AliasConfiguration.self)
    }

    /// `UpdateAlias`: moves it to `version`; `weights: [:]` clears a canary.
    public func updateAlias(
        _ function: String, name: String, version: String? = nil, weights: [String: Double]? = nil, revisionID: String? = nil,
        description: String? = nil
    ) async throws -> AliasConfiguration {
        let input = AliasInput(
            FunctionVersion: version, Description: description, RoutingConfig: weights.map(AliasInput.Routing.init), RevisionId: revisionID)
        return try await send(
            .put, "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "UpdateAlias", function: function, labels: ["Name": name],
            body: input, output: AliasConfiguration.self)
    }

    /// `DeleteAlias`.
    public func deleteAlias(_ function: String, name: String) async throws {
        _ = try await send(
            .delete, "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "DeleteAlias", function: function, labels: ["Name": name],
            output: EmptyBody.self)
    }

    // MARK: Permissions

    /// `AddPermission`: lets a service (API Gateway; an Alexa skill, named by `eventSourceToken`)
    /// invoke the function, or (with
    /// `functionURLAuthType`/`invokedViaFunctionURL`) everyone through a public function URL;
    /// returns the statement JSON.
    /// `statementID` must match `[a-zA-Z0-9-_]{1,100}` (`APIGatewayClient.invokePermission` makes one);
    /// with `revisionID` (the policy's, from ``policyDocument(_:qualifier:)``), Lambda refuses when
    /// the policy changed since it was read.
    @discardableResult
    public func addPermission(
        _ function: String, statementID: String, principal: String, sourceARN: String? = nil, sourceAccount: String? = nil,
        eventSourceToken: String? = nil, action: String = "lambda:InvokeFunction", qualifier: String? = nil, revisionID: String? = nil,
        functionURLAuthType: FunctionURLAuthType? = nil, invokedViaFunctionURL: Bool? = nil
    ) async throws -> String {
        try LambdaInput.checkStatementID(statementID)
        struct Input: Encodable {
            var StatementId, Action, Principal: String
            var SourceArn, SourceAccount, EventSourceToken, RevisionId, FunctionUrlAuthType: String?
            var InvokedViaFunctionUrl: Bool?
        }
        struct Output: Decodable { var Statement: String? }
        let input = Input(
            StatementId: statementID, Action: action, Principal: principal, SourceArn: sourceARN, SourceAccount: sourceAccount,
            EventSourceToken: eventSourceToken, RevisionId: revisionID,
            FunctionUrlAuthType: functionURLAuthType?.rawValue, InvokedViaFunctionUrl: invokedViaFunctionURL)
        let output = try await send(
            .post, "/2015-03-31/functions/{FunctionName}/policy", "AddPermission", function: function, query: [("Qualifier", qualifier)],
            body: input, output: Output.self
        )
        return output.Statement ?? ""
    }

    /// `RemovePermission`; with `revisionID` (the policy's), Lambda refuses when the policy changed
    /// since it was read.
    public func removePermission(_ function: String, statementID: String, qualifier: String? = nil, revisionID: String? = nil) async throws
    {
        _ = try await send(
            .delete, "/2015-03-31/functions/{FunctionName}/policy/{StatementId}", "RemovePermission", function: function,
            labels: ["StatementId": statementID], query: [("Qualifier", qualifier), ("RevisionId", revisionID)], output: EmptyBody.self
        )
    }

    /// `GetPolicy`: the function's resource policy as JSON.
    public func policy(_ function: String, qualifier: String? = nil) async throws -> String {
        try await policyDocument(function, qualifier: qualifier).json
    }

    /// `GetPolicy`, decoded: the statements and the policy's revision; an empty policy when the
    /// function (or alias) has none.
    public func policyDocument(_ function: String, qualifier: String? = nil) async throws -> ResourcePolicy {
        struct Output: Decodable {
            var Policy: String?
            var RevisionId: String?
        }
        do {
            let output = try await send(
                .get, "/2015-03-31/functions/{FunctionName}/policy", "GetPolicy", function: function, query: [("Qualifier", qualifier)],
                output: Output.self)
            return try ResourcePolicy(json: output.Policy ?? "", revisionID: output.RevisionId)
        } catch let error as AWSServiceError
            where error.code == "ResourceNotFoundException" && error.message.lowercased().contains("policy")
        {
            return ResourcePolicy(statements: [], revisionID: nil, json: "")
        }
    }

    // MARK: Waiting

    /// Runs `mutation` at once; when Lambda answers `ResourceConflictException` (an update still in
    /// progress), waits for the function to be updated and tries again, within ``waitTimeout`` —
    /// never a blind retry, and no read before a mutation that does not need one.
    private func mutate<Output: Sendable>(_ function: String, _ mutation: () async throws -> Output) async throws -> Output {
        let conflictWaiter = Waiter<Output>(
            name: "\(function) to accept the change", delay: .zero, maxWait: waitTimeout,
            acceptors: [.init(.success, "accepted", output: { _ in true }), .init(.retry, errorCode: "ResourceConflictException")],
            sleep: sleep
        )
        return try await conflictWaiter.wait {
            do {
                return try await mutation()
            } catch let error as AWSServiceError where error.code == "ResourceConflictException" {
                _ = try? await waitUntilUpdated(function)
                throw error
            }
        }
    }

    /// Waits until the function is `Active` (after `CreateFunction`): the model's `FunctionActiveV2`.
    /// Throws ``/DeployCore/WaiterTimeout`` with the last state seen, or ``FunctionUpdateFailed``
    /// when it became `Failed`.
    @discardableResult
    public func waitUntilActive(_ function: String) async throws -> FunctionConfiguration {
        try await wait(
            function, "FunctionActiveV2", success: { $0.state == .active }, failure: { $0.state == .failed },
            failed: { FunctionUpdateFailed(function: function, reason: $0.stateReason ?? "no reason given") }
        )
    }

    /// Waits until the function's last update is `Successful`: the model's `FunctionUpdatedV2`.
    /// Throws ``FunctionUpdateFailed`` with Lambda's `LastUpdateStatusReason` when it `Failed`.
    @discardableResult
    public func waitUntilUpdated(_ function: String) async throws -> FunctionConfiguration {
        try await wait(
            function, "FunctionUpdatedV2", success: { $0.lastUpdateStatus == nil || $0.lastUpdateStatus == .successful },
            failure: { $0.lastUpdateStatus == .failed },
            failed: { FunctionUpdateFailed(function: function, reason: $0.lastUpdateStatusReason ?? "no reason given") }
        )
    }

    /// Waits until a published version is `Active`: the model's `PublishedVersionActive`.
    @discardableResult
    public func waitUntilVersionActive(_ function: String, version: String) async throws -> FunctionConfiguration {
        try await wait(
            function, "PublishedVersionActive", qualifier: version, success: { $0.state == .active }, failure: { $0.state == .failed },
            failed: { FunctionUpdateFailed(function: "\(function):\(version)", reason: $0.stateReason ?? "no reason given") }
        )
    }

    private func wait(
        _ function: String, _ name: String, qualifier: String? = nil, success: @escaping @Sendable (FunctionConfiguration) -> Bool,
        failure: @escaping @Sendable (FunctionConfiguration) -> Bool, failed: (FunctionConfiguration) -> any Error
    ) async throws -> FunctionConfiguration {
        let waiter = Waiter<FunctionConfiguration>(
            name: "\(name) for \(function)", delay: pollInterval, maxWait: waitTimeout,
            acceptors: [.init(.success, "success", output: success), .init(.failure, "failure", output: failure)], sleep: sleep,
            describe: { "State=\($0.state?.rawValue ?? "-"), LastUpdateStatus=\($0.lastUpdateStatus?.rawValue ?? "-")" }
        )
        do {
            return try await waiter.wait { try await self.configuration(function, qualifier: qualifier) }
        } catch let error as WaiterFailure {
            guard let last = error.lastOutput as? FunctionConfiguration else { throw error }
            throw failed(last)
        }
    }
}
