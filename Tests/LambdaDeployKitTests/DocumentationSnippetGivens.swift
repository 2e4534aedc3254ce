import LambdaDeployKit

// The types the doc-comment samples assume (see Tests/Support/documentation_snippets.py).

/// A secret's JSON, as `SecretsManagerClient`'s sample decodes it.
struct Login: Decodable {
    var username: String
    var password: String
}

/// The transport a reader brings, as `TransportConformance`'s sample checks it.
struct MyTransport: HTTPTransport {
    func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
        throw TransportError(.connectFailed, "not a real transport")
    }
}
