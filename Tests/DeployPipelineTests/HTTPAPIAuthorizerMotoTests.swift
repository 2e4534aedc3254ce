import DeployAPIGateway
import DeployAsyncHTTPClient
import DeployCore
import DeployManifests
import DeployPipeline
import DeployTestSupport
import Foundation
import Testing

/// HTTP API authorization end to end against moto, from a `serverless.yml`: JWT authorizers
/// (`provider.httpApi.authorizers`) created on the API, routes with `authorizer: {name, scopes}` and
/// `type: aws_iam`; unchanged → an empty plan; a changed issuer → only that change; a route made
/// open → only that change; and the API found by its tag after a rename.
@Suite("HTTP API authorizers on moto", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct HTTPAPIAuthorizerMotoTests {
    func configuration(
        _ function: String, service: String, issuer: String, meAuthorizer: String, folder: String
    ) throws
        -> DeploymentConfiguration
    {
        let text = """
            service: \(service)
            provider:
              name: aws
              runtime: python3.12
              httpApi:
                authorizers:
                  auth0:
                    identitySource: $request.header.Authorization
                    issuerUrl: \(issuer)
                    audience: [client-1, client-2]
            functions:
              api:
                name: \(function)
                handler: lambda_function.lambda_handler
                events:
                  - httpApi:
                      method: GET
                      path: /me
            \(meAuthorizer)
                  - httpApi:
                      method: POST
                      path: /admin
                      authorizer: {type: aws_iam}
                  - httpApi: GET /public
            """
        return try PipelineFixture.serverless(text, folder: folder, role: "\(function)-role", work: "http-authorizer-tests")
    }

    static let jwt = """
                  authorizer:
                    name: auth0
                    scopes: [user.read]
        """

    @Test("JWT and IAM routes created, read back, unchanged, issuer changed, a route opened: each plan only the change")
    func lifecycle() async throws {
        let folder = try PipelineFixture.sourceFolder("authorizer-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let http = HTTPAPIClient(configuration: aws)
        let name = MotoEnvironment.uniqueName("auth-api")
        let service = MotoEnvironment.uniqueName("svc")
        let issuer = "https://example.auth0.com/"
        let first = try configuration(name, service: service, issuer: issuer, meAuthorizer: Self.jwt, folder: folder)
        let report = await pipeline.deploy(first)
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")

        let api = try #require(try await http.api(named: "dev-\(service)"))
        #expect(api.tags?["lambdadeploykit:http-api"] == "dev-\(service)")
        let authorizers = try await http.authorizers(apiID: api.id).collect()
        #expect(authorizers.count == 1)
        let authorizer = try #require(authorizers.first)
        #expect(
            authorizer.jwt
                == HTTPAPIJWTAuthorizer(
                    name: "auth0", issuer: issuer, audience: ["client-1", "client-2"], identitySource: ["$request.header.Authorization"]))
        var routes = Dictionary(uniqueKeysWithValues: try await http.routes(apiID: api.id).collect().map { ($0.routeKey, $0) })
        #expect(routes["GET /me"].map(HTTPAPIRouteAuthorization.init) == .jwt(authorizerID: authorizer.id, scopes: ["user.read"]))
        #expect(routes["POST /admin"].map(HTTPAPIRouteAuthorization.init) == .iam)
        #expect(routes["GET /public"].map(HTTPAPIRouteAuthorization.init) == HTTPAPIRouteAuthorization.none)

        let unchanged = try await pipeline.plan(first)
        #expect(unchanged.isEmpty, "\(unchanged)")
        var undeclared = first
        undeclared.functions[0].httpAPI?.authorization["GET /public"] = .jwt(name: "missing", scopes: [])
        let refused = await pipeline.deploy(undeclared)
        #expect(refused[function: name]?.diagnosis?.summary.contains("names authorizer missing, which is not declared") == true)

        // The issuer changes: the authorizer is updated in place, nothing else.
        let moved = try configuration(name, service: service, issuer: "https://login.example.com/", meAuthorizer: Self.jwt, folder: folder)
        let issuerPlan = try await pipeline.plan(moved)
        let issuerActions = issuerPlan[function: name]?.actions.filter { $0.change != .keep } ?? []
        #expect(issuerActions.map(\.step) == [.api], "\(issuerPlan)")
        #expect(issuerActions.first?.attributes.map(\.name) == ["authorizer auth0"])
        #expect(issuerActions.first?.attributes.first?.after?.contains("https://login.example.com/") == true)
        #expect(await pipeline.apply(issuerPlan).report().succeeded)
        let updated = try await http.authorizers(apiID: api.id).collect()
        #expect(updated.map(\.id) == [authorizer.id] && updated.first?.jwt?.issuer == "https://login.example.com/")

        // GET /me opened: only its authorization changes.
        let opened = try configuration(name, service: service, issuer: "https://login.example.com/", meAuthorizer: "", folder: folder)
        let openPlan = try await pipeline.plan(opened)
        let openActions = openPlan[function: name]?.actions.filter { $0.change != .keep } ?? []
        #expect(
            openActions.first?.attributes == [AttributeChange("route GET /me authorization", "JWT auth0 scopes user.read", "open")],
            "\(openPlan)")
        #expect(await pipeline.apply(openPlan).report().succeeded)
        routes = Dictionary(uniqueKeysWithValues: try await http.routes(apiID: api.id).collect().map { ($0.routeKey, $0) })
        #expect(routes["GET /me"].map(HTTPAPIRouteAuthorization.init) == HTTPAPIRouteAuthorization.none)
        #expect(routes["POST /admin"].map(HTTPAPIRouteAuthorization.init) == .iam)
        #expect(try await pipeline.plan(opened).isEmpty)

        // Back to JWT, with other scopes: the route gets the authorizer again.
        let rescoped = Self.jwt.replacingOccurrences(of: "[user.read]", with: "[user.read, user.write]")
        let closed = try configuration(name, service: service, issuer: "https://login.example.com/", meAuthorizer: rescoped, folder: folder)
        #expect(await pipeline.deploy(closed).succeeded)
        let me = try await http.routes(apiID: api.id).collect().first { $0.routeKey == "GET /me" }
        #expect(me.map(HTTPAPIRouteAuthorization.init) == .jwt(authorizerID: authorizer.id, scopes: ["user.read", "user.write"]))
    }

    @Test("the API is found by its tag when its name changed in the console, not by a namesake")
    func foundByTag() async throws {
        let folder = try PipelineFixture.sourceFolder("authorizer-tag-src")
        let (pipeline, aws) = try PipelineFixture.motoPipeline()
        let http = HTTPAPIClient(configuration: aws)
        let service = MotoEnvironment.uniqueName("tagged")
        // A namesake created first (listed first), then the library's API, renamed: tagged with the settings' name.
        let namesake = try await http.createAPI(name: "dev-\(service)")
        let renamed = try await http.createAPI(
            name: "renamed-in-console", tags: ["lambdadeploykit:managed": "true", "lambdadeploykit:http-api": "dev-\(service)"])
        let name = MotoEnvironment.uniqueName("tagged-fn")
        let report = await pipeline.deploy(
            try configuration(name, service: service, issuer: "https://example.auth0.com/", meAuthorizer: "", folder: folder))
        #expect(report.succeeded, "\(report) \(report.functions.compactMap(\.diagnosis))")
        #expect(try await http.routes(apiID: renamed.id).collect().count == 3)
        #expect(try await http.routes(apiID: namesake.id).collect().isEmpty, "the namesake is left alone")
    }
}

@Suite("HTTP API authorization in serverless.yml")
struct ServerlessHTTPAPIAuthorizationTests {
    func load(_ text: String) throws -> DeploymentConfiguration {
        try DeploymentConfiguration(serverless: try ServerlessFile(yaml: text), sourceDirectory: "/tmp", stage: "dev", environment: [:])
    }

    @Test("JWT authorizers and route authorizers read; what is not deployed is refused instead of deployed open")
    func parsing() throws {
        let configuration = try load(
            """
            service: s
            provider:
              name: aws
              runtime: python3.12
              httpApi:
                authorizers:
                  cognito: {issuerUrl: 'https://cognito-idp.us-east-1.amazonaws.com/pool', audience: client}
                  unused: {issuerUrl: 'https://other.example.com', audience: [x]}
            functions:
              f:
                handler: h.h
                events:
                  - httpApi: {method: GET, path: /me, authorizer: {name: cognito, scopes: [email]}}
                  - httpApi: {method: GET, path: /short, authorizer: cognito}
                  - httpApi: {method: POST, path: /iam, authorizer: {type: aws_iam}}
                  - httpApi: GET /open
            """)
        let api = try #require(configuration.functions.first?.httpAPI)
        #expect(
            api.authorizers == [
                HTTPAPIJWTAuthorizer(name: "cognito", issuer: "https://cognito-idp.us-east-1.amazonaws.com/pool", audience: ["client"])
            ], "only the authorizers the routes name")
        #expect(
            api.authorization == [
                "GET /me": .jwt(name: "cognito", scopes: ["email"]), "GET /short": .jwt(name: "cognito", scopes: []), "POST /iam": .iam,
            ])

        func refusal(_ text: String) -> String {
            do {
                _ = try load(text)
                return "loaded"
            } catch { return (error as? DeploymentDiagnosis).map { $0.summary + " " + $0.fix } ?? "\(error)" }
        }
        let header = "service: s\nprovider:\n  name: aws\n  runtime: python3.12\n"
        #expect(
            refusal(
                header + "functions:\n  f:\n    handler: h.h\n    events:\n      - httpApi: {path: /x, method: GET, authorizer: nope}\n"
            )
            .contains("authorizer `nope` is not declared"))
        #expect(
            refusal(
                header + "  httpApi:\n    authorizers:\n      custom: {type: request, functionName: auth}\n"
                    + "functions:\n  f: {handler: h.h}\n"
            ).contains("`request` authorizer"))
        #expect(
            refusal(
                header
                    + "functions:\n  f:\n    handler: h.h\n    events:\n      - httpApi: {path: /x, method: GET, authorizer: {id: abc}}\n"
            )
            .contains("named by `id`"))
        #expect(
            refusal(header + "functions:\n  f:\n    handler: h.h\n    events:\n      - http: {path: x, method: get, authorizer: aws_iam}\n")
                .contains("leave it open"))
        #expect(
            refusal(
                header + "  httpApi:\n    authorizers:\n      a: {issuerUrl: 'https://x.example.com'}\nfunctions:\n  f: {handler: h.h}\n"
            )
            .contains("has no `audience`"))
    }
}
