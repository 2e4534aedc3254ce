import DeployManifests
import DeployPipeline
import Testing

/// `http` events this library would deploy as something else are refused while the file is read,
/// naming the route: behind an authorizer or an API key (the route would be open without it), or
/// with an integration other than Lambda proxy (the handler would answer 502). Lambda proxy,
/// written out, and `private: false` load.
@Suite("REST routes refused rather than deployed as something else")
struct ServerlessRESTRefusalTests {
    func load(_ http: String) throws -> DeploymentConfiguration {
        let text = """
            service: shop
            provider: {name: aws, runtime: python3.12}
            functions:
              api:
                handler: app.handler
                events:
                  - http: \(http)
            """
        return try DeploymentConfiguration(serverless: try ServerlessFile(yaml: text), sourceDirectory: "/nonexistent", environment: [:])
    }

    @Test(
        "refused, naming the route and why",
        arguments: [
            ("{path: orders, method: get, authorizer: auth}", "get orders has an authorizer"),
            ("{path: orders, method: post, private: true}", "post orders is `private: true` (callers need an API key)"),
            ("{path: orders, method: get, integration: lambda}", "get orders uses `integration: lambda`"),
            ("{path: orders, method: get, integration: mock}", "uses `integration: mock`"),
        ])
    func refused(_ http: String, _ reason: String) throws {
        let diagnosis = try #require(throws: DeploymentDiagnosis.self) { try load(http) }
        #expect(diagnosis.summary.contains(reason), "\(diagnosis.summary)")
        #expect(diagnosis.kind == .invalidInput)
    }

    @Test("Lambda proxy written out, and private: false, load as routes")
    func loads() throws {
        for http in ["{path: orders, method: get, integration: lambda-proxy}", "{path: orders, method: get, private: false}"] {
            #expect(try load(http).functions.first?.routes.count == 1, "\(http)")
        }
    }
}
