import DeployAPIGateway
import DeployAsyncHTTPClient
import DeployManifests
import DeployPipeline
import DeployTestSupport
import Foundation
import Testing

/// `provider.httpApi.cors` end to end against moto: the detailed form deployed as written (not as
/// `*`), a change planned as only the CORS change and applied with `UpdateApi`, read back in
/// another order as no change, and removed with `DeleteCorsConfiguration`.
@Suite("HTTP API CORS on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct HTTPAPICORSMotoTests {
    func configuration(_ function: String, service: String, cors: String, folder: String) throws -> DeploymentConfiguration {
        let text = """
            service: \(service)
            provider:
              name: aws
              runtime: python3.12
              httpApi:
            \(cors)
            functions:
              api:
                name: \(function)
                handler: lambda_function.lambda_handler
                events:
                  - httpApi: GET /hello
            """
        return try PipelineFixture.serverless(text, folder: folder, role: "\(function)-role", work: "http-cors-tests")
    }

    @Test("the detailed form as written; a changed origin is the only change; removed → deleted")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("cors-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let http = HTTPAPIClient(configuration: aws)
        let name = MotoEnvironment.uniqueName("cors-api")
        let service = MotoEnvironment.uniqueName("cors")
        let detailed = """
                cors:
                  allowedOrigins: [https://shop.example.com, https://admin.example.com]
                  allowedHeaders: [Content-Type, Authorization]
                  allowedMethods: [GET, POST]
                  allowCredentials: true
                  maxAge: 600
            """
        let first = try configuration(name, service: service, cors: detailed, folder: folder)
        #expect(
            first.functions.first?.httpAPI?.cors
                == HTTPAPICORS(
                    allowOrigins: ["https://shop.example.com", "https://admin.example.com"],
                    allowHeaders: ["Content-Type", "Authorization"],
                    allowMethods: ["GET", "POST"], allowCredentials: true, maxAge: 600))
        let report = await pipeline.deploy(first)
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        let api = try #require(try await http.api(named: "dev-\(service)"))
        #expect(api.cors?.allowOrigins == ["https://shop.example.com", "https://admin.example.com"] && api.cors?.maxAge == 600)
        #expect(try await pipeline.plan(first).isEmpty)

        // The same configuration in another order and case: no change.
        let reordered = detailed.replacingOccurrences(of: "[Content-Type, Authorization]", with: "[authorization, content-type]")
            .replacingOccurrences(of: "[GET, POST]", with: "[POST, GET]")
        #expect(try await pipeline.plan(try configuration(name, service: service, cors: reordered, folder: folder)).isEmpty)

        let narrowed = detailed.replacingOccurrences(of: ", https://admin.example.com", with: "")
        let plan = try await pipeline.plan(try configuration(name, service: service, cors: narrowed, folder: folder))
        let actions = plan[function: name]?.actions.filter { $0.change != .keep } ?? []
        #expect(actions.map(\.step) == [.api] && actions.first?.attributes.map(\.name) == ["CORS"], "\(plan)")
        #expect(await pipeline.apply(plan).report().succeeded)
        #expect(try await http.api(named: "dev-\(service)")?.cors?.allowOrigins == ["https://shop.example.com"])

        let none = try configuration(name, service: service, cors: "    payload: '2.0'", folder: folder)
        let removal = try await pipeline.plan(none)
        #expect(removal[function: name]?.actions.first { $0.step == .api }?.attributes.first?.after == nil)
        #expect(await pipeline.apply(removal).report().succeeded)
        #expect(try await http.api(named: "dev-\(service)")?.cors == nil)
        #expect(try await pipeline.plan(none).isEmpty)
    }
}
