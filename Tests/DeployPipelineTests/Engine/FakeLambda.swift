import DeployCore
import DeploySigV4
import DeployTesting
import Foundation
import HTTPTypes
import Synchronization

/// Lambda as the engine sees it, in memory, enforcing what moto does not: `RevisionId` on every
/// guarded write (`PreconditionFailedException`, HTTP 412), as the Lambda API reference documents.
/// Plus STS's `GetCallerIdentity`. Enough for functions without routes and with a role ARN.
final class FakeLambda: Sendable {
    struct Function: @unchecked Sendable {  // JSON objects, only touched under the lock
        var configuration: [String: Any]
        var versions: [Int: [String: Any]] = [:]
        var aliases: [String: (version: String, weights: [String: Double], revision: String)] = [:]
        var publishedRevision: String?
        var reserved: Int?
        var tags: [String: String] = [:]
        /// Provisioned concurrency by qualifier: requested, and whether it is READY yet (the first read after a put says IN_PROGRESS).
        var provisioned: [String: (requested: Int, ready: Bool)] = [:]
    }

    struct World: @unchecked Sendable {
        var functions: [String: Function] = [:]
        var revision = 0
        var calls: [String] = []
    }

    let world = Mutex(World())
    /// Called before each request is handled (to inject a concurrent change or a cancellation).
    let beforeEach = Mutex<(@Sendable (String) -> Void)?>(nil)
    /// When set, every invocation fails (`X-Amz-Function-Error: Unhandled`) with this error
    /// document, and the log tail Lambda returns for `LogType: Tail`.
    let failingInvocation = Mutex<(error: String, log: String)?>(nil)

    var transport: MockTransport {
        let mock = MockTransport()
        mock.on(.any, reply: .handler { [self] in try handle($0) })
        // Later routes win. No scheduled rules (EventBridge is read on every deploy).
        mock.on(.target("AWSEvents.ListRules"), reply: .handler { _ in Self.json(["Rules": [] as [Any]]) })
        mock.on(
            .action("GetCallerIdentity"),
            reply: .queryResult(
                "GetCallerIdentity",
                "<Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"))
        return mock
    }

    /// The operations sent, in order (`GetFunctionConfiguration`, `UpdateAlias`…).
    var calls: [String] { world.withLock { $0.calls } }

    /// Where the alias is: version and weights.
    func alias(_ function: String, _ name: String = "live") -> (version: String, weights: [String: Double])? {
        world.withLock { world in world.functions[function]?.aliases[name].map { ($0.version, $0.weights) } }
    }

    /// A change made by someone else: the alias moved to `version`.
    func moveAlias(_ function: String, to version: String, name: String = "live") {
        world.withLock { world in
            world.revision += 1
            world.functions[function]?.aliases[name] = (version, [:], "r\(world.revision)")
        }
    }

    /// A change made by someone else: a setting of `$LATEST`.
    func setLatest(_ function: String, _ key: String, _ value: any Sendable) {
        world.withLock { world in
            world.revision += 1
            world.functions[function]?.configuration[key] = value
            world.functions[function]?.configuration["RevisionId"] = "r\(world.revision)"
        }
    }

    private static func json(_ object: Any) -> TransportResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/x-amz-json-1.1"
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return TransportResponse(response: HTTPResponse(status: .ok, headerFields: headers), body: Array(body))
    }

    private func reply(_ status: Int, _ object: Any) -> TransportResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return TransportResponse(response: HTTPResponse(status: .init(code: status), headerFields: headers), body: Array(body))
    }

    private func error(_ code: String, _ message: String, _ status: Int) -> TransportResponse {
        AWSErrorResponses.make(code: code, message: message, status: status, protocol: .restJSON)
    }

    private func handle(_ request: RecordedRequest) throws -> TransportResponse {
        let segments = request.path.split(separator: "/").map(String.init)  // 2015-03-31, functions, NAME, …
        let method = request.request.method
        let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
        let qualifier = request.queryItems.first { $0.name == "Qualifier" }?.value
        let operation = Self.operation(method, segments)
        beforeEach.withLock { $0 }?(operation)
        return world.withLock { world -> TransportResponse in
            world.calls.append(operation)
            func nextRevision() -> String {
                world.revision += 1
                return "r\(world.revision)"
            }
            if segments.count >= 3, segments[1] == "tags" {
                // /2017-03-31/tags/ARN: the function is the ARN's last part.
                let name = segments[2].removingPercentEncoding?.split(separator: ":").last.map(String.init) ?? ""
                guard world.functions[name] != nil else { return error("ResourceNotFoundException", "Function not found: \(name)", 404) }
                if method == .post {
                    world.calls.append("TagResource")
                    for (key, value) in body["Tags"] as? [String: String] ?? [:] { world.functions[name]?.tags[key] = value }
                } else if method == .delete {
                    world.calls.append("UntagResource")
                    for item in request.queryItems where item.name == "tagKeys" { world.functions[name]?.tags[item.value] = nil }
                }
                return reply(204, [:] as [String: Any])
            }
            guard segments.count >= 2, segments[1] == "functions" else { return error("UnknownOperationException", request.path, 400) }
            if segments.count == 2, method == .post {
                let name = body["FunctionName"] as? String ?? ""
                guard world.functions[name] == nil else {
                    return error("ResourceConflictException", "Function already exist: \(name)", 409)
                }
                let code = (body["Code"] as? [String: Any])?["ZipFile"] as? String ?? ""
                var configuration: [String: Any] = [
                    "FunctionName": name, "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:\(name)",
                    "Runtime": body["Runtime"] ?? "", "Handler": body["Handler"] ?? "", "Role": body["Role"] ?? "",
                    "CodeSha256": Self.sha(code), "State": "Active", "LastUpdateStatus": "Successful", "Version": "$LATEST",
                    "MemorySize": body["MemorySize"] ?? 128, "Timeout": body["Timeout"] ?? 3, "RevisionId": nextRevision(),
                ]
                if let environment = body["Environment"] { configuration["Environment"] = environment }
                for key in Self.settingKeys where body[key] != nil { configuration[key] = body[key] }
                world.functions[name] = Function(configuration: configuration, tags: body["Tags"] as? [String: String] ?? [:])
                return reply(201, configuration)
            }
            let name = segments[2]
            guard var function = world.functions[name] else {
                return error("ResourceNotFoundException", "Function not found: \(name)", 404)
            }
            defer { world.functions[name] = function }
            func guarded(_ revision: String?, _ current: String?) -> TransportResponse? {
                guard let revision, revision != current else { return nil }
                return error(
                    "PreconditionFailedException",
                    "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the "
                        + "latest Revision Id",
                    412)
            }
            switch (method, segments.count > 3 ? segments[3] : "") {
            case (.get, ""):
                return reply(200, ["Configuration": function.configuration, "Tags": function.tags])
            case (.get, "concurrency"):
                return reply(200, function.reserved.map { ["ReservedConcurrentExecutions": $0] } ?? [:])
            case (.put, "concurrency"):
                function.reserved = body["ReservedConcurrentExecutions"] as? Int
                return reply(200, ["ReservedConcurrentExecutions": function.reserved ?? 0])
            case (.delete, "concurrency"):
                function.reserved = nil
                return reply(204, [:] as [String: Any])
            case (let verb, "provisioned-concurrency"):
                let qualifier = qualifier ?? ""
                switch verb {
                case .put:
                    let requested = body["ProvisionedConcurrentExecutions"] as? Int ?? 0
                    function.provisioned[qualifier] = (requested, false)
                    return reply(202, ["RequestedProvisionedConcurrentExecutions": requested, "Status": "IN_PROGRESS"])
                case .delete:
                    function.provisioned[qualifier] = nil
                    return reply(204, [:] as [String: Any])
                default:
                    guard let config = function.provisioned[qualifier] else {
                        return error("ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency Config found", 404)
                    }
                    function.provisioned[qualifier] = (config.requested, true)
                    return reply(
                        200,
                        [
                            "RequestedProvisionedConcurrentExecutions": config.requested, "Status": config.ready ? "READY" : "IN_PROGRESS",
                            "AvailableProvisionedConcurrentExecutions": config.ready ? config.requested : 0,
                        ])
                }
            case (.get, "url"):
                // No function URL (the pipeline looks for one on every deploy).
                return error("ResourceNotFoundException", "The resource you requested does not exist.", 404)
            case (.get, "configuration"):
                if let qualifier, qualifier != "$LATEST" {
                    guard let number = Int(qualifier), let version = function.versions[number] else {
                        return error("ResourceNotFoundException", "no version \(qualifier)", 404)
                    }
                    return reply(200, version)
                }
                return reply(200, function.configuration)
            case (.put, "code"):
                if let refused = guarded(body["RevisionId"] as? String, function.configuration["RevisionId"] as? String) { return refused }
                function.configuration["CodeSha256"] = Self.sha(body["ZipFile"] as? String ?? "")
                if let architectures = body["Architectures"] { function.configuration["Architectures"] = architectures }
                function.configuration["RevisionId"] = nextRevision()
                return reply(200, function.configuration)
            case (.put, "configuration"):
                if let refused = guarded(body["RevisionId"] as? String, function.configuration["RevisionId"] as? String) { return refused }
                for key in ["Handler", "Runtime", "Role", "MemorySize", "Timeout", "Environment"] + Self.settingKeys.dropFirst()
                where body[key] != nil {
                    function.configuration[key] = body[key]
                }
                function.configuration["RevisionId"] = nextRevision()
                return reply(200, function.configuration)
            case (.post, "versions"):
                if let refused = guarded(body["RevisionId"] as? String, function.configuration["RevisionId"] as? String) { return refused }
                let latest = function.configuration["RevisionId"] as? String
                if latest == function.publishedRevision, let last = function.versions.keys.max() {
                    return reply(201, function.versions[last]!)
                }
                let number = (function.versions.keys.max() ?? 0) + 1
                var version = function.configuration
                version["Version"] = String(number)
                version["Description"] = body["Description"] ?? ""
                function.versions[number] = version
                function.publishedRevision = latest
                return reply(201, version)
            case (.get, "versions"):
                let all = [function.configuration] + function.versions.keys.sorted().map { function.versions[$0]! }
                return reply(200, ["Versions": all])
            case (.post, "aliases"):
                let aliasName = body["Name"] as? String ?? ""
                guard function.aliases[aliasName] == nil else { return error("ResourceConflictException", "Alias already exists", 409) }
                function.aliases[aliasName] = (body["FunctionVersion"] as? String ?? "", [:], nextRevision())
                return reply(201, aliasJSON(name, aliasName, function.aliases[aliasName]!))
            case (.get, "aliases"):
                guard let alias = function.aliases[segments[4]] else { return error("ResourceNotFoundException", "Cannot find alias", 404) }
                return reply(200, aliasJSON(name, segments[4], alias))
            case (.put, "aliases"):
                guard var alias = function.aliases[segments[4]] else { return error("ResourceNotFoundException", "Cannot find alias", 404) }
                if let refused = guarded(body["RevisionId"] as? String, alias.revision) { return refused }
                if let version = body["FunctionVersion"] as? String { alias.version = version }
                if let routing = body["RoutingConfig"] as? [String: Any] {
                    alias.weights = routing["AdditionalVersionWeights"] as? [String: Double] ?? [:]
                }
                alias.revision = nextRevision()
                function.aliases[segments[4]] = alias
                return reply(200, aliasJSON(name, segments[4], alias))
            case (.delete, "aliases"):
                function.aliases[segments[4]] = nil
                return reply(204, [:] as [String: Any])
            case (.post, "invocations"):
                guard let failure = failingInvocation.withLock({ $0 }) else { return reply(200, ["ok": true]) }
                var response = reply(200, ["errorMessage": failure.error, "errorType": "Exception"])
                response.response.headerFields[HTTPField.Name("X-Amz-Function-Error")!] = "Unhandled"
                if request.request.headerFields[HTTPField.Name("X-Amz-Log-Type")!] == "Tail" {
                    response.response.headerFields[HTTPField.Name("X-Amz-Log-Result")!] = Data(failure.log.utf8).base64EncodedString()
                }
                return response
            case (.delete, ""):
                if let qualifier, let number = Int(qualifier) { function.versions[number] = nil }
                return reply(204, [:] as [String: Any])
            default:
                return error("UnknownOperationException", "\(method) \(request.path)", 400)
            }
        }
    }

    private func aliasJSON(
        _ function: String, _ name: String, _ alias: (version: String, weights: [String: Double], revision: String)
    ) -> [String: Any] {
        var object: [String: Any] = [
            "Name": name, "FunctionVersion": alias.version, "RevisionId": alias.revision,
            "AliasArn": "arn:aws:lambda:us-east-1:123456789012:function:\(function):\(name)",
        ]
        if !alias.weights.isEmpty { object["RoutingConfig"] = ["AdditionalVersionWeights": alias.weights] }
        return object
    }

    static func operation(_ method: HTTPRequest.Method, _ segments: [String]) -> String {
        switch (method, segments.count > 3 ? segments[3] : (segments.count == 2 ? "*" : "")) {
        case (.post, "*"): return "CreateFunction"
        case (.get, "configuration"): return "GetFunctionConfiguration"
        case (.put, "code"): return "UpdateFunctionCode"
        case (.put, "configuration"): return "UpdateFunctionConfiguration"
        case (.post, "versions"): return "PublishVersion"
        case (.get, "versions"): return "ListVersionsByFunction"
        case (.post, "aliases"): return "CreateAlias"
        case (.get, "aliases"): return "GetAlias"
        case (.put, "aliases"): return "UpdateAlias"
        case (.delete, "aliases"): return "DeleteAlias"
        case (.post, "invocations"): return "Invoke"
        case (.delete, ""): return "DeleteFunction"
        case (.get, "url"): return "GetFunctionUrlConfig"
        case (.put, "concurrency"): return "PutFunctionConcurrency"
        case (.put, "provisioned-concurrency"): return "PutProvisionedConcurrencyConfig"
        case (.get, "provisioned-concurrency"): return "GetProvisionedConcurrencyConfig"
        default: return "\(method) \(segments.joined(separator: "/"))"
        }
    }

    /// The settings kept as sent (`Architectures` only at creation).
    static let settingKeys = [
        "Architectures", "EphemeralStorage", "TracingConfig", "VpcConfig", "KMSKeyArn", "DeadLetterConfig", "LoggingConfig",
    ]

    /// Lambda's `CodeSha256`: the base64 SHA-256 of the zip.
    static func sha(_ base64: String) -> String {
        SHA256Hasher.hash(Array(Data(base64Encoded: base64) ?? Data())).base64String
    }
}
