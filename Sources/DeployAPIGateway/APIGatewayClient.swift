import DeployCore
import HTTPTypes

/// Amazon API Gateway REST APIs (v1, REST-JSON, API 2015-07-09): the wiring in front of a function.
///
/// ```swift
/// let api = try await gateway.createRestAPI(name: "hello-api")
/// let hello = try await gateway.ensureResource(apiID: api.id, path: "/hello")
/// try await gateway.wireLambdaProxy(apiID: api.id, resourceID: hello.id, method: "GET", functionARN: aliasARN)
/// try await gateway.enableCORS(apiID: api.id, resourceID: hello.id, methods: ["GET"])
/// _ = try await gateway.createDeployment(apiID: api.id, stageName: "production")
/// print(InvokeURL(apiID: api.id, region: gateway.client.region, stage: "production", path: "/hello"))
/// ```
///
/// HTTP APIs (v2) are not covered: moto, which the tests run against, lacks their routes and stages.
public struct APIGatewayClient: Sendable {
    /// The API Gateway service.
    public static let service = AWSService(
        serviceID: "API Gateway", signingName: "apigateway", endpointPrefix: "apigateway", apiVersion: "2015-07-09", wireProtocol: .restJSON
    )

    /// The core client the operations go through.
    public let client: AWSClient

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    private func send<Output: Decodable>(
        _ method: HTTPRequest.Method, _ path: String, _ operation: String, labels: [String: String] = [:],
        query: [(name: String, value: String?)] = [], body: (some Encodable)? = Optional<EmptyBody>.none, output: Output.Type
    ) async throws -> Output {
        try await client.restJSON(method, path, operation: operation, labels: labels, query: query, body: body, output: output)
    }

    /// A list page: API Gateway names its items `item` on the wire.
    private struct Page<Item: Decodable>: Decodable {
        var item: [Item]?
        var position: String?
    }

    // MARK: APIs

    /// `CreateRestApi`.
    public func createRestAPI(name: String, description: String? = nil) async throws -> RestAPI {
        struct Input: Encodable {
            var name: String
            var description: String?
        }
        return try await send(.post, "/restapis", "CreateRestApi", body: Input(name: name, description: description), output: RestAPI.self)
    }

    /// `GetRestApis`, every page.
    public func restAPIs() -> AWSPaginator<RestAPI> {
        let client = self
        return AWSPaginator { position in
            let page = try await client.send(.get, "/restapis", "GetRestApis", query: [("position", position)], output: Page<RestAPI>.self)
            return (page.item ?? [], page.position)
        }
    }

    /// The API named `name`, if there is one (the first, when several share it).
    public func restAPI(named name: String) async throws -> RestAPI? {
        for try await api in restAPIs() where api.name == name { return api }
        return nil
    }

    /// `GetRestApi`: the API with id `apiID`, or `nil` when there is none.
    public func restAPI(id apiID: String) async throws -> RestAPI? {
        do {
            return try await send(.get, "/restapis/{restapi_id}", "GetRestApi", labels: ["restapi_id": apiID], output: RestAPI.self)
        } catch let error as AWSServiceError where error.code == "NotFoundException" {
            return nil
        }
    }

    /// `DeleteRestApi`.
    public func deleteRestAPI(_ apiID: String) async throws {
        _ = try await send(.delete, "/restapis/{restapi_id}", "DeleteRestApi", labels: ["restapi_id": apiID], output: EmptyBody.self)
    }

    // MARK: Resources

    /// `GetResources`, every page.
    public func resources(apiID: String) -> AWSPaginator<APIResource> {
        let client = self
        return AWSPaginator { position in
            let page = try await client.send(
                .get, "/restapis/{restapi_id}/resources", "GetResources", labels: ["restapi_id": apiID], query: [("position", position)],
                output: Page<APIResource>.self
            )
            return (page.item ?? [], page.position)
        }
    }

    /// `CreateResource`: `pathPart` under `parentID`.
    public func createResource(apiID: String, parentID: String, pathPart: String) async throws -> APIResource {
        struct Input: Encodable { var pathPart: String }
        return try await send(
            .post, "/restapis/{restapi_id}/resources/{parent_id}", "CreateResource", labels: ["restapi_id": apiID, "parent_id": parentID],
            body: Input(pathPart: pathPart), output: APIResource.self
        )
    }

    /// The resource for `path` (`/hello/world`), creating the parts that are missing.
    public func ensureResource(apiID: String, path: String) async throws -> APIResource {
        let existing = try await resources(apiID: apiID).collect()
        guard var current = existing.first(where: { $0.path == "/" }) else {
            throw AWSDecodingError("the API \(apiID) has no root resource")
        }
        for part in path.split(separator: "/").map(String.init) {
            let childPath = (current.path == "/" ? "" : current.path) + "/" + part
            if let child = existing.first(where: { $0.path == childPath }) {
                current = child
            } else {
                current = try await createResource(apiID: apiID, parentID: current.id, pathPart: part)
            }
        }
        return current
    }

    // MARK: Methods and integrations

    private func methodLabels(_ apiID: String, _ resourceID: String, _ method: String) -> [String: String] {
        ["restapi_id": apiID, "resource_id": resourceID, "http_method": method.uppercased()]
    }

    /// `PutMethod` (no authorization: a public endpoint, as in the seed).
    public func putMethod(apiID: String, resourceID: String, method: String, authorizationType: String = "NONE") async throws {
        struct Input: Encodable { var authorizationType: String }
        _ = try await send(
            .put, "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}", "PutMethod",
            labels: methodLabels(apiID, resourceID, method), body: Input(authorizationType: authorizationType), output: EmptyBody.self
        )
    }

    /// `PutIntegration` of type `type` (`AWS_PROXY`, `MOCK`).
    public func putIntegration(
        apiID: String, resourceID: String, method: String, type: String, uri: String? = nil, integrationHTTPMethod: String? = nil,
        requestTemplates: [String: String]? = nil
    ) async throws {
        struct Input: Encodable {
            var type: String
            var uri: String?
            var integrationHttpMethod: String?
            var requestTemplates: [String: String]?

            // The model's member integrationHttpMethod travels as "httpMethod".
            enum CodingKeys: String, CodingKey {
                case type, uri
                case integrationHttpMethod = "httpMethod"
                case requestTemplates
            }
        }
        _ = try await send(
            .put, "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration", "PutIntegration",
            labels: methodLabels(apiID, resourceID, method),
            body: Input(type: type, uri: uri, integrationHttpMethod: integrationHTTPMethod, requestTemplates: requestTemplates),
            output: EmptyBody.self
        )
    }

    /// `GetIntegration`.
    public func integration(apiID: String, resourceID: String, method: String) async throws -> APIIntegration {
        try await send(
            .get, "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration", "GetIntegration",
            labels: methodLabels(apiID, resourceID, method), output: APIIntegration.self
        )
    }

    /// `PutMethodResponse`; `headers` are the response headers the method may return.
    public func putMethodResponse(
        apiID: String, resourceID: String, method: String, statusCode: String = "200", headers: [String] = []
    ) async throws {
        struct Input: Encodable { var responseParameters: [String: Bool] }
        var labels = methodLabels(apiID, resourceID, method)
        labels["status_code"] = statusCode
        let parameters = Dictionary(uniqueKeysWithValues: headers.map { ("method.response.header.\($0)", false) })
        _ = try await send(
            .put, "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/responses/{status_code}", "PutMethodResponse",
            labels: labels, body: Input(responseParameters: parameters), output: EmptyBody.self
        )
    }

    /// `PutIntegrationResponse`; `headers` maps a response header to its value (a quoted literal such as `'*'`).
    public func putIntegrationResponse(
        apiID: String, resourceID: String, method: String, statusCode: String = "200", headers: [String: String] = [:]
    ) async throws {
        struct Input: Encodable { var responseParameters: [String: String] }
        var labels = methodLabels(apiID, resourceID, method)
        labels["status_code"] = statusCode
        let parameters = Dictionary(uniqueKeysWithValues: headers.map { ("method.response.header.\($0.key)", $0.value) })
        _ = try await send(
            .put, "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration/responses/{status_code}",
            "PutIntegrationResponse", labels: labels, body: Input(responseParameters: parameters), output: EmptyBody.self
        )
    }

    /// `method` on the resource, proxied to a Lambda function or alias (`AWS_PROXY`, invoked with POST).
    public func wireLambdaProxy(apiID: String, resourceID: String, method: String, functionARN: String) async throws {
        try await putMethod(apiID: apiID, resourceID: resourceID, method: method)
        let uri =
            "arn:\(client.region.partition.id):apigateway:\(client.region.name):lambda:path/2015-03-31/functions/\(functionARN)/invocations"
        try await putIntegration(
            apiID: apiID, resourceID: resourceID, method: method, type: "AWS_PROXY", uri: uri, integrationHTTPMethod: "POST")
    }

    /// CORS as the Serverless Framework's `cors: true` sets it up: an `OPTIONS` method answered by a
    /// `MOCK` integration with the `Access-Control-Allow-*` headers.
    public func enableCORS(
        apiID: String, resourceID: String, methods: [String], origin: String = "*",
        headers: [String] = CORSDefaults.allowedHeaders
    ) async throws {
        try await putMethod(apiID: apiID, resourceID: resourceID, method: "OPTIONS")
        try await putIntegration(
            apiID: apiID, resourceID: resourceID, method: "OPTIONS", type: "MOCK",
            requestTemplates: ["application/json": #"{"statusCode": 200}"#]
        )
        let names = ["Access-Control-Allow-Origin", "Access-Control-Allow-Headers", "Access-Control-Allow-Methods"]
        try await putMethodResponse(apiID: apiID, resourceID: resourceID, method: "OPTIONS", headers: names)
        let allowed = (methods.map { $0.uppercased() } + ["OPTIONS"]).joined(separator: ",")
        try await putIntegrationResponse(
            apiID: apiID, resourceID: resourceID, method: "OPTIONS",
            headers: [
                "Access-Control-Allow-Origin": "'\(origin)'", "Access-Control-Allow-Headers": "'\(headers.joined(separator: ","))'",
                "Access-Control-Allow-Methods": "'\(allowed)'",
            ])
    }

    // MARK: Deployments

    /// `CreateDeployment` to `stageName` (created when missing).
    public func createDeployment(apiID: String, stageName: String, description: String? = nil) async throws -> APIDeployment {
        struct Input: Encodable {
            var stageName: String
            var description: String?
        }
        return try await send(
            .post, "/restapis/{restapi_id}/deployments", "CreateDeployment", labels: ["restapi_id": apiID],
            body: Input(stageName: stageName, description: description), output: APIDeployment.self
        )
    }

    /// `GetStage`.
    public func stage(apiID: String, name: String) async throws -> APIStage {
        try await send(
            .get, "/restapis/{restapi_id}/stages/{stage_name}", "GetStage", labels: ["restapi_id": apiID, "stage_name": name],
            output: APIStage.self)
    }

    /// The Lambda permission that lets this API's `method` on `path` invoke a function.
    public func invokePermission(apiID: String, method: String, path: String, account: String) -> LambdaInvokePermission {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        let sourceARN =
            "arn:\(client.region.partition.id):execute-api:\(client.region.name):\(account):\(apiID)/*/\(method.uppercased())/\(trimmed)"
        return LambdaInvokePermission(
            statementID: Self.statementID(apiID: apiID, method: method, path: trimmed, sourceARN: sourceARN),
            principal: "apigateway.amazonaws.com", sourceARN: sourceARN)
    }

    /// `apigateway-ID-get-items-id-…`: within Lambda's `[a-zA-Z0-9-_]{1,100}` whatever the path
    /// (`{id}`, `{proxy+}`, dots), and unique per source ARN: when the path had to be changed or
    /// shortened, an 8-digit hash of the source ARN is appended.
    static func statementID(apiID: String, method: String, path: String, sourceARN: String) -> String {
        let raw = "apigateway-\(apiID)-\(method.lowercased())-\(path)"
        var cleaned = String(
            raw.map { character -> Character in
                character.isASCII && (character.isLetter || character.isNumber || character == "-" || character == "_") ? character : "-"
            })
        guard cleaned != raw.replacingOccurrences(of: "/", with: "-") || cleaned.count > 100 else { return cleaned }
        var hash: UInt32 = 2_166_136_261  // FNV-1a: stable across runs and machines
        for byte in sourceARN.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let suffix = "-" + String(hash, radix: 16).leftPadded(to: 8)
        cleaned = String(cleaned.prefix(100 - suffix.count)) + suffix
        return cleaned
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
