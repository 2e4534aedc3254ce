extension CloudFormationTemplate {
    /// The function's REST API routes: the API once per name, a resource per path segment (shared
    /// by the functions on that API), a method per route (Lambda proxy to the alias), a MOCK
    /// `OPTIONS` once per path with CORS, the invoke permission per route, and a deployment of the
    /// stage waiting for every method on it.
    mutating func addRestAPI(_ function: FunctionDeployment, id: String) {
        let api = CloudFormationExport.logicalID(function.api.name, dropping: "Api") + "RestApi"
        if resources[api] == nil {
            resources[api] = ["Type": "AWS::ApiGateway::RestApi", "Properties": ["Name": function.api.name]]
        }
        var methods: [String] = []
        for (index, route) in function.routes.enumerated() {
            let parent = restResource(api: api, path: route.path)
            let method = "\(id)Method\(index + 1)"
            methods.append(method)
            resources[method] = [
                "Type": "AWS::ApiGateway::Method",
                "Properties": [
                    "RestApiId": Self.ref(api), "ResourceId": parent, "HttpMethod": route.method, "AuthorizationType": "NONE",
                    "Integration": [
                        "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST",
                        "Uri": Self.sub(
                            "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${\(id)Alias}/invocations"),
                    ],
                ] as [String: Any],
            ]
            if route.cors, let options = addOptions(api: api, parent: parent, path: route.path, method: route.method) {
                methods.append(options)
            }
            resources["\(id)Permission\(index + 1)"] = [
                "Type": "AWS::Lambda::Permission",
                "Properties": [
                    "FunctionName": Self.ref(id + "Alias"), "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com",
                    "SourceArn": Self.sub(
                        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${\(api)}/*/\(route.method)\(route.path)"),
                ] as [String: Any],
            ]
        }
        restDeployments[api, default: [:]][function.api.stage, default: []] += methods
        outputs[id + "Endpoint"] = [
            "Description": "\(function.name)'s first route",
            "Value": Self.sub(
                "https://${\(api)}.execute-api.${AWS::Region}.${AWS::URLSuffix}/\(function.api.stage)" + function.routes[0].path),
        ]
    }

    /// The `ResourceId` of `path` on `api`, adding the resources of its segments not added yet.
    private mutating func restResource(api: String, path: String) -> Any {
        var parent: Any = Self.getAtt(api, "RootResourceId")
        var prefix = ""
        for segment in path.split(separator: "/") {
            prefix += "/" + segment
            let id = api + "Path" + CloudFormationExport.logicalID(prefix.replacingOccurrences(of: "+", with: "Plus"))
            if resources[id] == nil {
                resources[id] = [
                    "Type": "AWS::ApiGateway::Resource",
                    "Properties": ["RestApiId": Self.ref(api), "ParentId": parent, "PathPart": String(segment)],
                ]
            }
            parent = Self.ref(id)
        }
        return parent
    }

    /// The MOCK `OPTIONS` method answering CORS preflights on `path`, unless another route added it.
    private mutating func addOptions(api: String, parent: Any, path: String, method: String) -> String? {
        let id = api + "Options" + CloudFormationExport.logicalID(path.replacingOccurrences(of: "+", with: "Plus"))
        guard resources[id] == nil else { return nil }
        let headers = [
            "Access-Control-Allow-Origin": "'*'", "Access-Control-Allow-Methods": "'\(method),OPTIONS'",
            "Access-Control-Allow-Headers": "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
        ]
        resources[id] = [
            "Type": "AWS::ApiGateway::Method",
            "Properties": [
                "RestApiId": Self.ref(api), "ResourceId": parent, "HttpMethod": "OPTIONS", "AuthorizationType": "NONE",
                "Integration": [
                    "Type": "MOCK", "RequestTemplates": ["application/json": "{\"statusCode\": 200}"],
                    "IntegrationResponses": [
                        [
                            "StatusCode": "200",
                            "ResponseParameters": Dictionary(
                                uniqueKeysWithValues: headers.map { ("method.response.header." + $0.key, $0.value) }),
                        ]
                    ],
                ] as [String: Any],
                "MethodResponses": [
                    [
                        "StatusCode": "200",
                        "ResponseParameters": Dictionary(uniqueKeysWithValues: headers.keys.map { ("method.response.header." + $0, true) }),
                    ]
                ],
            ] as [String: Any],
        ]
        return id
    }

    /// The function's HTTP API routes: the API once per name (with its CORS) and its stage
    /// (auto-deployed), the function's Lambda proxy integration on the alias, a route per route
    /// key and the invoke permission scoped to it.
    mutating func addHTTPAPI(_ settings: HTTPAPISettings, function: FunctionDeployment, id: String) {
        let api = CloudFormationExport.logicalID(settings.name, dropping: "Api") + "HttpApi"
        if resources[api] == nil {
            var properties: [String: Any] = ["Name": settings.name, "ProtocolType": "HTTP", "Tags": [Teardown.managedTag: "true"]]
            if let cors = settings.cors {
                properties["CorsConfiguration"] = Self.cors(
                    origins: cors.allowOrigins, headers: cors.allowHeaders, methods: cors.allowMethods, credentials: cors.allowCredentials,
                    exposed: cors.exposeHeaders, maxAge: cors.maxAge)
            }
            resources[api] = ["Type": "AWS::ApiGatewayV2::Api", "Properties": properties]
        }
        let stage = api + "Stage" + CloudFormationExport.logicalID(settings.stage)
        if resources[stage] == nil {
            resources[stage] = [
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": ["ApiId": Self.ref(api), "StageName": settings.stage, "AutoDeploy": true] as [String: Any],
            ]
        }
        resources[id + "Integration"] = [
            "Type": "AWS::ApiGatewayV2::Integration",
            "Properties": [
                "ApiId": Self.ref(api), "IntegrationType": "AWS_PROXY", "IntegrationUri": Self.ref(id + "Alias"),
                "PayloadFormatVersion": settings.payloadFormatVersion,
            ] as [String: Any],
        ]
        for authorizer in settings.authorizers where resources[api + "Authorizer" + CloudFormationExport.logicalID(authorizer.name)] == nil
        {
            resources[api + "Authorizer" + CloudFormationExport.logicalID(authorizer.name)] = [
                "Type": "AWS::ApiGatewayV2::Authorizer",
                "Properties": [
                    "ApiId": Self.ref(api), "Name": authorizer.name, "AuthorizerType": "JWT", "IdentitySource": authorizer.identitySource,
                    "JwtConfiguration": ["Issuer": authorizer.issuer, "Audience": authorizer.audience] as [String: Any],
                ] as [String: Any],
            ]
        }
        for (index, key) in settings.routes.enumerated() {
            var route: [String: Any] = ["ApiId": Self.ref(api), "RouteKey": key, "Target": Self.sub("integrations/${\(id)Integration}")]
            // AuthorizationType always written: CloudFormation keeps an authorizer attached when it is left out.
            switch settings.authorization[key] {
            case nil: route["AuthorizationType"] = "NONE"
            case .iam: route["AuthorizationType"] = "AWS_IAM"
            case .jwt(let name, let scopes):
                route["AuthorizationType"] = "JWT"
                route["AuthorizerId"] = Self.ref(api + "Authorizer" + CloudFormationExport.logicalID(name))
                if !scopes.isEmpty { route["AuthorizationScopes"] = scopes }
            }
            resources["\(id)Route\(index + 1)"] = ["Type": "AWS::ApiGatewayV2::Route", "Properties": route]
            let scope = HTTPAPISettings.permissionScope(key)
            resources["\(id)RoutePermission\(index + 1)"] = [
                "Type": "AWS::Lambda::Permission",
                "Properties": [
                    "FunctionName": Self.ref(id + "Alias"), "Action": "lambda:InvokeFunction", "Principal": "apigateway.amazonaws.com",
                    "SourceArn": Self.sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${\(api)}/*/\(scope)"),
                ] as [String: Any],
            ]
        }
        if let first = settings.routes.first {
            let path = first == "$default" ? "/" : HTTPAPISettings.parts(first).path
            outputs[id + "HttpEndpoint"] = [
                "Description": "\(function.name)'s first HTTP API route",
                "Value": Self.sub(
                    "https://${\(api)}.execute-api.${AWS::Region}.${AWS::URLSuffix}"
                        + (settings.stage == "$default" ? "" : "/" + settings.stage)
                        + path),
            ]
        }
    }
}
