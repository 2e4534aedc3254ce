/// What the core needs to know about one AWS service to address, sign and encode its calls.
public struct AWSService: Sendable, Hashable {
    /// The wire protocol of the service's API.
    public enum WireProtocol: Sendable, Hashable {
        /// REST paths, query and header members, JSON bodies (Lambda, API Gateway).
        case restJSON
        /// `POST /` with `X-Amz-Target` and a JSON body (Secrets Manager); the version is
        /// `1.1` or `1.0`.
        case json(version: String, targetPrefix: String)
        /// Form-encoded `Action`/`Version`, XML responses (IAM, STS).
        case query
        /// REST paths, query and header members, XML bodies (S3). S3 signs its path as sent (no
        /// normalisation, no second encoding) and always sends `X-Amz-Content-SHA256`.
        case restXML
    }

    /// The service id as AWS names it (`Lambda`, `API Gateway`).
    public let serviceID: String
    /// The name in the SigV4 credential scope (`lambda`, `apigateway`).
    public let signingName: String
    /// The first label of the endpoint host (`lambda`, `apigateway`).
    public let endpointPrefix: String
    /// The API version (`2015-03-31`).
    public let apiVersion: String
    /// The wire protocol.
    public let wireProtocol: WireProtocol
    /// Whether one endpoint serves every region of a partition (IAM).
    public let isGlobal: Bool

    /// Describes a service.
    public init(
        serviceID: String, signingName: String, endpointPrefix: String, apiVersion: String, wireProtocol: WireProtocol,
        isGlobal: Bool = false
    ) {
        self.serviceID = serviceID
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.apiVersion = apiVersion
        self.wireProtocol = wireProtocol
        self.isGlobal = isGlobal
    }

    /// The suffix of this service's endpoint override variable: `AWS_ENDPOINT_URL_` followed by
    /// the service id upper-cased with spaces as underscores (`AWS_ENDPOINT_URL_API_GATEWAY`).
    public var endpointVariable: String {
        "AWS_ENDPOINT_URL_" + serviceID.uppercased().replacingOccurrences(of: " ", with: "_")
    }
}
