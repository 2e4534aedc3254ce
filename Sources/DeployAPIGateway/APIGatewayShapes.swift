import DeployCore

/// A REST API.
public struct RestAPI: Sendable, Hashable, Decodable {
    /// The API id (the first label of its invoke URL).
    public var id: String
    /// The name.
    public var name: String
    /// The description.
    public var description: String?
}

/// A resource (a path) of a REST API.
public struct APIResource: Sendable, Hashable, Decodable {
    /// The resource id.
    public var id: String
    /// The parent resource's id (`nil` for the root, `/`).
    public var parentID: String?
    /// The last path segment (`hello`).
    public var pathPart: String?
    /// The full path (`/hello`).
    public var path: String

    enum CodingKeys: String, CodingKey {
        case id
        case parentID = "parentId"
        case pathPart, path
    }
}

/// How a method reaches its backend.
public struct APIIntegration: Sendable, Hashable, Decodable {
    /// `AWS_PROXY`, `MOCK`, …
    public var type: String
    /// The backend's URI (for `AWS_PROXY`, the Lambda invocation URI).
    public var uri: String?
    /// The method API Gateway uses to call the backend.
    public var httpMethod: String?
}

/// A deployment.
public struct APIDeployment: Sendable, Hashable, Decodable {
    /// The deployment id.
    public var id: String
    /// The description.
    public var description: String?
}

/// A stage: a named deployment with its own URL.
public struct APIStage: Sendable, Hashable, Decodable {
    /// `production`.
    public var stageName: String
    /// The deployment it serves.
    public var deploymentID: String?

    enum CodingKeys: String, CodingKey {
        case stageName
        case deploymentID = "deploymentId"
    }
}

/// The permission a Lambda function needs so that API Gateway may invoke it, for
/// `LambdaClient.addPermission(_:statementID:principal:sourceARN:)`.
public struct LambdaInvokePermission: Sendable, Hashable {
    /// A statement id unique per API, method and path.
    public var statementID: String
    /// `apigateway.amazonaws.com`.
    public var principal: String
    /// `arn:aws:execute-api:REGION:ACCOUNT:API/*/METHOD/PATH`: only this method of this API.
    public var sourceARN: String
}

/// The URL a deployed stage answers on.
public struct InvokeURL: Sendable, Hashable, CustomStringConvertible {
    /// `https://{api}.execute-api.{region}.{dns suffix}/{stage}/{path}`.
    public var url: String
    /// The HTTP method.
    public var method: String

    /// The URL of `path` on `stage` of API `apiID`, in `region`'s partition
    /// (`amazonaws.com.cn` in China).
    public init(apiID: String, region: Region, stage: String, path: String, method: String = "GET") {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        url = "https://\(apiID).execute-api.\(region.name).\(region.partition.dnsSuffix)/\(stage)/\(trimmed)"
        self.method = method
    }

    /// Any other endpoint (a function URL, `ANY`).
    public init(url: String, method: String) {
        self.url = url
        self.method = method
    }

    /// The seed pipeline's line: `GET - https://…/production/hello`.
    public var description: String { "\(method) - \(url)" }
}
