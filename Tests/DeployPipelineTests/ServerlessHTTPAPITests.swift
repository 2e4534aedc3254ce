import DeployAPIGateway
import DeployManifests
import DeployPipeline
import Foundation
import Testing

@Suite("serverless.yml httpApi events onto an HTTP API")
struct ServerlessHTTPAPITests {
    @Test("short and long forms, '*' and method '*', one API per service and stage, provider.httpApi.cors and payload")
    func routes() throws {
        let text = """
            service: shop
            provider:
              name: aws
              runtime: python3.12
              httpApi: {cors: true, payload: '1.0'}
            functions:
              api:
                handler: app.handler
                events:
                  - httpApi: 'GET /hello'
                  - httpApi: {method: post, path: 'items/{id}'}
                  - httpApi: {method: '*', path: /any}
              fallback:
                handler: app.fallback
                events:
                  - httpApi: '*'
            """
        let configuration = try DeploymentConfiguration(
            serverless: try ServerlessFile(yaml: text), sourceDirectory: "/src", stage: "prod", environment: [:])
        let functions = Dictionary(uniqueKeysWithValues: configuration.functions.map { ($0.name, $0) })
        #expect(
            functions["shop-prod-api"]?.httpAPI
                == HTTPAPISettings(
                    name: "prod-shop", routes: ["GET /hello", "POST /items/{id}", "ANY /any"], cors: .permissive,
                    payloadFormatVersion: "1.0"))
        #expect(functions["shop-prod-fallback"]?.httpAPI?.routes == ["$default"])
        #expect(functions["shop-prod-fallback"]?.httpAPI?.name == "prod-shop")
    }
}
