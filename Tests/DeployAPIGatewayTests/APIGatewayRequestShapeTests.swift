import DeployAPIGateway
import DeployCore
import DeployTestSupport
import Testing

/// Every operation of the API Gateway client: our request (method, canonical URI and query, member
/// headers, body) against botocore's for the same input.
@Suite("API Gateway requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct APIGatewayRequestShapeTests {
    static let invocationURI =
        "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn:live/invocations"

    static let cases: [OperationCase] = [
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "CreateApi", note: "HTTP, with CORS",
            parameters: Botocore.json([
                "Name": "prod-shop", "ProtocolType": "HTTP", "CorsConfiguration": ["AllowOrigins": ["*"], "AllowMethods": ["*"]],
            ])
        ) {
            _ = try await HTTPAPIClient(configuration: $0).createAPI(
                name: "prod-shop", cors: HTTPAPICORS(allowOrigins: ["*"], allowMethods: ["*"]))
        },
        OperationCase(service: "apigatewayv2", signingName: "apigateway", operation: "GetApis", parameters: Botocore.json([:])) {
            _ = try await HTTPAPIClient(configuration: $0).apis().collect()
        },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "CreateIntegration", note: "Lambda proxy, payload 2.0",
            parameters: Botocore.json([
                "ApiId": "a1", "IntegrationType": "AWS_PROXY", "PayloadFormatVersion": "2.0",
                "IntegrationUri": "arn:aws:lambda:us-east-1:123456789012:function:fn:live",
            ])
        ) {
            _ = try await HTTPAPIClient(configuration: $0).createLambdaIntegration(
                apiID: "a1", functionARN: "arn:aws:lambda:us-east-1:123456789012:function:fn:live")
        },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "GetIntegrations", parameters: Botocore.json(["ApiId": "a1"])
        ) { _ = try await HTTPAPIClient(configuration: $0).integrations(apiID: "a1").collect() },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "CreateRoute", note: "a path parameter",
            parameters: Botocore.json(["ApiId": "a1", "RouteKey": "ANY /items/{id}", "Target": "integrations/i1"])
        ) { _ = try await HTTPAPIClient(configuration: $0).createRoute(apiID: "a1", routeKey: "ANY /items/{id}", integrationID: "i1") },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "GetRoutes", parameters: Botocore.json(["ApiId": "a1"])
        ) {
            _ = try await HTTPAPIClient(configuration: $0).routes(apiID: "a1").collect()
        },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "DeleteRoute",
            parameters: Botocore.json(["ApiId": "a1", "RouteId": "r1"])
        ) { try await HTTPAPIClient(configuration: $0).deleteRoute(apiID: "a1", routeID: "r1") },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "DeleteIntegration",
            parameters: Botocore.json(["ApiId": "a1", "IntegrationId": "i1"])
        ) { try await HTTPAPIClient(configuration: $0).deleteIntegration(apiID: "a1", integrationID: "i1") },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "GetStages", parameters: Botocore.json(["ApiId": "a1"])
        ) {
            _ = try await HTTPAPIClient(configuration: $0).stageNames(apiID: "a1")
        },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "CreateStage", note: "$default, auto-deployed",
            parameters: Botocore.json(["ApiId": "a1", "StageName": "$default", "AutoDeploy": true])
        ) { try await HTTPAPIClient(configuration: $0).createStage(apiID: "a1") },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "CreateRoute", note: "a JWT authorizer with scopes",
            parameters: Botocore.json([
                "ApiId": "a1", "RouteKey": "GET /me", "Target": "integrations/i1", "AuthorizationType": "JWT", "AuthorizerId": "au1",
                "AuthorizationScopes": ["read", "profile"],
            ])
        ) {
            _ = try await HTTPAPIClient(configuration: $0).createRoute(
                apiID: "a1", routeKey: "GET /me", integrationID: "i1",
                authorization: .jwt(authorizerID: "au1", scopes: ["read", "profile"]))
        },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "UpdateRoute", note: "the authorizer removed: NONE",
            parameters: Botocore.json(["ApiId": "a1", "RouteId": "r1", "AuthorizationType": "NONE"])
        ) { _ = try await HTTPAPIClient(configuration: $0).updateRouteAuthorization(apiID: "a1", routeID: "r1", .none) },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "UpdateRoute", note: "IAM",
            parameters: Botocore.json(["ApiId": "a1", "RouteId": "r1", "AuthorizationType": "AWS_IAM"])
        ) { _ = try await HTTPAPIClient(configuration: $0).updateRouteAuthorization(apiID: "a1", routeID: "r1", .iam) },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "GetAuthorizers", parameters: Botocore.json(["ApiId": "a1"])
        ) { _ = try await HTTPAPIClient(configuration: $0).authorizers(apiID: "a1").collect() },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "CreateAuthorizer", note: "JWT",
            parameters: Botocore.json([
                "ApiId": "a1", "Name": "auth0", "AuthorizerType": "JWT", "IdentitySource": ["$request.header.Authorization"],
                "JwtConfiguration": ["Audience": ["client-1"], "Issuer": "https://example.auth0.com/"],
            ])
        ) {
            _ = try await HTTPAPIClient(configuration: $0).createAuthorizer(
                apiID: "a1", HTTPAPIJWTAuthorizer(name: "auth0", issuer: "https://example.auth0.com/", audience: ["client-1"]))
        },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "UpdateAuthorizer", note: "JWT, a cookie as the source",
            parameters: Botocore.json([
                "ApiId": "a1", "AuthorizerId": "au1", "Name": "auth0", "AuthorizerType": "JWT",
                "IdentitySource": ["$request.header.X-Token"],
                "JwtConfiguration": ["Audience": ["a", "b"], "Issuer": "https://issuer.example.com"],
            ])
        ) {
            _ = try await HTTPAPIClient(configuration: $0).updateAuthorizer(
                apiID: "a1", id: "au1",
                HTTPAPIJWTAuthorizer(
                    name: "auth0", issuer: "https://issuer.example.com", audience: ["a", "b"], identitySource: ["$request.header.X-Token"]))
        },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "DeleteAuthorizer",
            parameters: Botocore.json(["ApiId": "a1", "AuthorizerId": "au1"])
        ) { try await HTTPAPIClient(configuration: $0).deleteAuthorizer(apiID: "a1", id: "au1") },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "UpdateApi", note: "CORS replaced",
            parameters: Botocore.json([
                "ApiId": "a1",
                "CorsConfiguration": ["AllowOrigins": ["https://shop.example.com"], "AllowCredentials": true, "MaxAge": 300],
            ])
        ) {
            try await HTTPAPIClient(configuration: $0).updateCORS(
                apiID: "a1", HTTPAPICORS(allowOrigins: ["https://shop.example.com"], allowCredentials: true, maxAge: 300))
        },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "DeleteCorsConfiguration",
            parameters: Botocore.json(["ApiId": "a1"])
        ) { try await HTTPAPIClient(configuration: $0).deleteCORS(apiID: "a1") },
        OperationCase(
            service: "apigatewayv2", signingName: "apigateway", operation: "DeleteApi", parameters: Botocore.json(["ApiId": "a1"])
        ) {
            try await HTTPAPIClient(configuration: $0).deleteAPI(id: "a1")
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "PutIntegration",
            note: "a member whose wire name differs: httpMethod",
            parameters:
                #"{"restApiId":"abc","resourceId":"r1","httpMethod":"GET","type":"AWS_PROXY","integrationHttpMethod":"POST","#
                + #""uri":"\#(invocationURI)"}"#
        ) {
            try await APIGatewayClient(configuration: $0).putIntegration(
                apiID: "abc", resourceID: "r1", method: "GET", type: "AWS_PROXY",
                uri: invocationURI,
                integrationHTTPMethod: "POST"
            )
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "CreateRestApi",
            parameters: Botocore.json(["name": "hello-api", "description": "seed"])
        ) {
            _ = try await APIGatewayClient(configuration: $0).createRestAPI(name: "hello-api", description: "seed")
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "GetRestApi", parameters: Botocore.json(["restApiId": "abc"])
        ) { _ = try await APIGatewayClient(configuration: $0).restAPI(id: "abc") },
        OperationCase(service: "apigateway", signingName: "apigateway", operation: "GetRestApis", parameters: Botocore.json([:])) {
            _ = try await APIGatewayClient(configuration: $0).restAPIs().collect()
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "GetResources", parameters: Botocore.json(["restApiId": "abc"])
        ) { _ = try await APIGatewayClient(configuration: $0).resources(apiID: "abc").collect() },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "CreateResource",
            parameters: Botocore.json(["restApiId": "abc", "parentId": "root", "pathPart": "hello"])
        ) {
            _ = try await APIGatewayClient(configuration: $0).createResource(apiID: "abc", parentID: "root", pathPart: "hello")
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "PutMethod",
            parameters: Botocore.json(["restApiId": "abc", "resourceId": "r1", "httpMethod": "GET", "authorizationType": "NONE"])
        ) {
            try await APIGatewayClient(configuration: $0).putMethod(apiID: "abc", resourceID: "r1", method: "GET")
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "PutMethodResponse",
            parameters: Botocore.json([
                "restApiId": "abc", "resourceId": "r1", "httpMethod": "OPTIONS", "statusCode": "200",
                "responseParameters": ["method.response.header.Access-Control-Allow-Origin": false],
            ])
        ) {
            try await APIGatewayClient(configuration: $0).putMethodResponse(
                apiID: "abc", resourceID: "r1", method: "OPTIONS", headers: ["Access-Control-Allow-Origin"])
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "PutIntegrationResponse",
            parameters: Botocore.json([
                "restApiId": "abc", "resourceId": "r1", "httpMethod": "OPTIONS", "statusCode": "200",
                "responseParameters": ["method.response.header.Access-Control-Allow-Origin": "'*'"],
            ])
        ) {
            try await APIGatewayClient(configuration: $0).putIntegrationResponse(
                apiID: "abc", resourceID: "r1", method: "OPTIONS", headers: ["Access-Control-Allow-Origin": "'*'"])
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "GetIntegration",
            parameters: Botocore.json(["restApiId": "abc", "resourceId": "r1", "httpMethod": "GET"])
        ) {
            _ = try await APIGatewayClient(configuration: $0).integration(apiID: "abc", resourceID: "r1", method: "GET")
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "CreateDeployment",
            parameters: Botocore.json(["restApiId": "abc", "stageName": "production", "description": "seed"])
        ) {
            _ = try await APIGatewayClient(configuration: $0).createDeployment(apiID: "abc", stageName: "production", description: "seed")
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "GetStage",
            parameters: Botocore.json(["restApiId": "abc", "stageName": "production"])
        ) {
            _ = try await APIGatewayClient(configuration: $0).stage(apiID: "abc", name: "production")
        },
        OperationCase(
            service: "apigateway", signingName: "apigateway", operation: "DeleteRestApi", parameters: Botocore.json(["restApiId": "abc"])
        ) { try await APIGatewayClient(configuration: $0).deleteRestAPI("abc") },
    ]

    /// The cases with botocore's requests for them, from one Python process.
    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
