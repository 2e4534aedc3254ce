import DeployLambda
import DeployManifests
import DeployPipeline
import Foundation
import Testing

@Suite("serverless.yml url: onto function URLs")
struct ServerlessFunctionURLTests {
    func url(_ value: String) throws -> FunctionURLSettings? {
        let text = """
            service: shop
            provider: {name: aws, runtime: nodejs20.x}
            functions:
              api:
                handler: index.handler
                url: \(value)
            """
        let configuration = try DeploymentConfiguration(
            serverless: try ServerlessFile(yaml: text), sourceDirectory: "/src", stage: "dev", environment: [:])
        return configuration.functions.first?.url
    }

    @Test("url: true is a public, buffered URL; false or absent is none")
    func flag() throws {
        #expect(try url("true") == FunctionURLSettings())
        #expect(try url("false") == nil)
    }

    @Test("the detailed form: aws_iam, cors: true, RESPONSE_STREAM")
    func detailed() throws {
        #expect(
            try url("{authorizer: aws_iam, cors: true, invokeMode: RESPONSE_STREAM}")
                == FunctionURLSettings(authType: .awsIAM, cors: .permissive, invokeMode: .responseStream))
    }

    @Test("cors spelled out as the Serverless Framework names it")
    func cors() throws {
        let settings = try url(
            "{cors: {allowedOrigins: [https://shop.example], allowedMethods: [GET, POST], allowCredentials: true, maxAge: 60}}")
        #expect(settings?.authType == .public)
        #expect(
            settings?.cors
                == FunctionURLCORS(
                    allowCredentials: true, allowHeaders: FunctionURLCORS.permissive.allowHeaders, allowMethods: ["GET", "POST"],
                    allowOrigins: ["https://shop.example"], maxAge: 60))
    }

    @Test("architecture, ephemeralStorageSize and provider.tracing.lambda onto the function's settings")
    func settings() throws {
        let text = """
            service: shop
            provider: {name: aws, runtime: python3.12, architecture: arm64, tracing: {lambda: true}}
            functions:
              api: {handler: app.handler, ephemeralStorageSize: 2048}
              worker: {handler: app.worker, architecture: x86_64}
            """
        let functions = try DeploymentConfiguration(
            serverless: try ServerlessFile(yaml: text), sourceDirectory: "/src", stage: "dev", environment: [:]
        ).functions
        #expect(functions[0].architecture == "arm64" && functions[0].ephemeralStorage == 2048 && functions[0].tracingMode == "Active")
        #expect(functions[1].architecture == "x86_64" && functions[1].ephemeralStorage == nil)
    }

    @Test("an authorizer Lambda has no URL for is a typed error naming it")
    func unknownAuthorizer() throws {
        let error = #expect(throws: DeploymentDiagnosis.self) { _ = try url("{authorizer: jwt}") }
        #expect(error?.summary.contains("url.authorizer jwt") == true)
    }
}
