import DeployAPIGateway
import DeployCloudFormation
import DeployManifests
import DeployPipeline
import DeployTestSupport
import Foundation
import Testing

/// `provider.apiGateway.restApiId` against moto: the routes of a service go on a REST API made
/// elsewhere (a gateway several services share, its id exported by another stack), found by the
/// export's name or by id; no API of the service's own is made, and teardown leaves the shared one.
@Suite(
    "Routes on a REST API made elsewhere, on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason))
)
struct SharedGatewayMotoTests {
    func configuration(service: String, restApiID: String, folder: String) throws -> DeploymentConfiguration {
        let text = """
            service: \(service)
            provider:
              name: aws
              runtime: python3.12
              apiGateway:
                restApiId: \(restApiID)
                restApiRootResourceId: !ImportValue SharedGW-rootResourceId
            functions:
              list:
                handler: lambda_function.lambda_handler
                events:
                  - http: {path: \(service), method: get}
            """
        return try PipelineFixture.serverless(text, folder: folder, role: "\(service)-role", work: "shared-gateway-tests")
    }

    @Test("by !ImportValue and by id: the routes land on that API and the report names it; none of its own; teardown leaves it")
    func sharedGateway() async throws {
        let folder = try PipelineFixture.sourceFolder("shared-gateway-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let gateway = APIGatewayClient(configuration: aws)
        let shared = try await gateway.createRestAPI(name: MotoEnvironment.uniqueName("SharedGW"))
        let export = MotoEnvironment.uniqueName("SharedGW-restApiId")
        let template =
            #"{"Resources":{"Marker":{"Type":"AWS::SQS::Queue"}},"Outputs":{"RestApiId":{"Value":"\#(shared.id)","#
            + #""Export":{"Name":"\#(export)"}}}}"#
        let stacks = CloudFormationClient(configuration: aws)
        try await stacks.createStack(MotoEnvironment.uniqueName("shared-gw"), template: template)
        #expect(try await stacks.exports()[export] == shared.id)

        let users = MotoEnvironment.uniqueName("users")
        let imported = try configuration(service: users, restApiID: "!ImportValue \(export)", folder: folder)
        #expect(imported.functions.first?.api.existing == .export(export))
        let report = await pipeline.deploy(imported)
        #expect(report.succeeded, "\(report)")
        #expect(report.functions.first?.endpoints.first?.url.contains(shared.id) == true, "\(report)")
        let paths = try await gateway.resources(apiID: shared.id).collect().map(\.path)
        #expect(paths.contains("/\(users)"), "\(paths)")
        #expect(try await gateway.restAPI(named: "dev-\(users)") == nil, "no API of the service's own")

        let products = MotoEnvironment.uniqueName("products")
        let byID = try configuration(service: products, restApiID: shared.id, folder: folder)
        #expect(await pipeline.deploy(byID).succeeded)
        #expect(try await gateway.resources(apiID: shared.id).collect().map(\.path).contains("/\(products)"))

        let teardown = try await pipeline.planTeardown(imported)
        #expect(teardown[function: "\(users)-dev-list"]?.actions.contains { $0.detail.contains("made elsewhere: left") } == true)
        #expect(await pipeline.apply(teardown).report().succeeded)
        #expect(try await gateway.restAPI(id: shared.id) != nil, "the shared API stays")

        let unknown = await pipeline.deploy(try configuration(service: users, restApiID: "!ImportValue no-such-export", folder: folder))
        #expect(unknown.functions.first?.diagnosis?.summary.contains("exports no-such-export") == true, "\(unknown)")
        let missing = await pipeline.deploy(try configuration(service: users, restApiID: "abc123nope", folder: folder))
        #expect(missing.functions.first?.diagnosis?.summary.contains("REST API abc123nope its routes go on does not exist") == true)
    }

    @Test("the API's name as the framework makes it: STAGE-SERVICE, SERVICE-STAGE with shouldStartNameWithService, apiName")
    func names() throws {
        func name(_ provider: String) throws -> String? {
            let text = """
                service: shop
                provider:
                  name: aws
                  runtime: python3.12
                \(provider)
                functions:
                  api: {handler: app.handler, events: [{http: GET orders}]}
                """
            return try DeploymentConfiguration(
                serverless: try ServerlessFile(yaml: text), sourceDirectory: "/nonexistent", stage: "prod", environment: [:]
            ).functions.first?.api.name
        }
        #expect(try name("") == "prod-shop")
        #expect(try name("  apiGateway: {shouldStartNameWithService: true}") == "shop-prod")
        #expect(try name("  apiName: storefront") == "storefront")
        #expect(throws: DeploymentDiagnosis.self) { try name("  apiGateway: {restApiId: {Ref: SharedApi}}") }
    }
}
