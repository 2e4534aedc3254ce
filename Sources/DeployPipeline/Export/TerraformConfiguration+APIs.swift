extension TerraformConfiguration {
    /// The function's REST API routes: the API once per name, a resource per path segment, a
    /// method and Lambda proxy integration on the alias per route, a MOCK `OPTIONS` per path with
    /// CORS, the invoke permission per route, and per stage a deployment (redeployed when the routes
    /// change) and the stage.
    mutating func addRestAPI(_ function: FunctionDeployment, name: String) {
        let api = Self.name(function.api.name)
        if !contains("aws_api_gateway_rest_api", api) {
            add("aws_api_gateway_rest_api", api, ["name": Self.literal(function.api.name), "tags": Self.tags(nil)])
        }
        var dependencies: [String] = []
        for (index, route) in function.routes.enumerated() {
            let resource = restResource(api: api, path: route.path)
            let method = "\(name)_\(index + 1)"
            add(
                "aws_api_gateway_method", method,
                [
                    "rest_api_id": "${aws_api_gateway_rest_api.\(api).id}", "resource_id": resource, "http_method": route.method,
                    "authorization": "NONE",
                ])
            add(
                "aws_api_gateway_integration", method,
                [
                    "rest_api_id": "${aws_api_gateway_rest_api.\(api).id}", "resource_id": resource,
                    "http_method": "${aws_api_gateway_method.\(method).http_method}", "type": "AWS_PROXY",
                    "integration_http_method": "POST", "uri": "${aws_lambda_alias.\(name).invoke_arn}",
                ])
            dependencies += ["aws_api_gateway_method.\(method)", "aws_api_gateway_integration.\(method)"]
            if route.cors { dependencies += addOptions(api: api, resource: resource, path: route.path, method: route.method) }
            add(
                "aws_lambda_permission", "\(name)_route_\(index + 1)",
                [
                    "statement_id": "lambdadeploykit-rest-\(index + 1)", "action": "lambda:InvokeFunction",
                    "function_name": "${aws_lambda_alias.\(name).function_name}", "qualifier": "${aws_lambda_alias.\(name).name}",
                    "principal": "apigateway.amazonaws.com",
                    "source_arn": "${aws_api_gateway_rest_api.\(api).execution_arn}/*/\(route.method)\(Self.literal(route.path))",
                ])
        }
        let stage = function.api.stage
        var deployment = restDeployments[api, default: [:]][stage] ?? (dependencies: [], routes: [])
        deployment.dependencies += dependencies
        deployment.routes += function.routes.map { "\($0.method) \(Self.literal($0.path))" + ($0.cors ? " cors" : "") }
        restDeployments[api, default: [:]][stage] = deployment
        outputs[name + "_endpoint"] = [
            "description": "\(function.name)'s first route",
            "value": "${aws_api_gateway_stage.\(api)_\(Self.name(stage)).invoke_url}" + Self.literal(function.routes[0].path),
        ]
    }

    /// The `resource_id` of `path` on `api`, adding the resources of its segments not added yet.
    private mutating func restResource(api: String, path: String) -> String {
        var parent = "${aws_api_gateway_rest_api.\(api).root_resource_id}"
        var prefix = ""
        for segment in path.split(separator: "/") {
            prefix += "/" + segment
            let name = api + Self.name(prefix.replacingOccurrences(of: "+", with: "_plus"))
            if !contains("aws_api_gateway_resource", name) {
                add(
                    "aws_api_gateway_resource", name,
                    [
                        "rest_api_id": "${aws_api_gateway_rest_api.\(api).id}", "parent_id": parent,
                        "path_part": Self.literal(String(segment)),
                    ])
            }
            parent = "${aws_api_gateway_resource.\(name).id}"
        }
        return parent
    }

    /// The MOCK `OPTIONS` method answering CORS preflights on `path` (method, integration, method
    /// response, integration response), unless another route added it: the addresses the
    /// deployment waits for.
    private mutating func addOptions(api: String, resource: String, path: String, method: String) -> [String] {
        let name = api + "_options" + Self.name(path.replacingOccurrences(of: "+", with: "_plus"))
        guard !contains("aws_api_gateway_method", name) else { return [] }
        let target: [String: Any] = [
            "rest_api_id": "${aws_api_gateway_rest_api.\(api).id}", "resource_id": resource, "http_method": "OPTIONS",
        ]
        let headers = [
            "Access-Control-Allow-Origin": "'*'", "Access-Control-Allow-Methods": "'\(method),OPTIONS'",
            "Access-Control-Allow-Headers": "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'",
        ]
        add("aws_api_gateway_method", name, target.merging(["authorization": "NONE"]) { $1 })
        add(
            "aws_api_gateway_integration", name,
            target.merging(["type": "MOCK", "request_templates": ["application/json": "{\"statusCode\": 200}"]]) { $1 })
        add(
            "aws_api_gateway_method_response", name,
            target.merging([
                "status_code": "200", "depends_on": ["aws_api_gateway_method.\(name)"],
                "response_parameters": Dictionary(uniqueKeysWithValues: headers.keys.map { ("method.response.header." + $0, true) }),
            ]) { $1 })
        add(
            "aws_api_gateway_integration_response", name,
            target.merging([
                "status_code": "${aws_api_gateway_method_response.\(name).status_code}",
                "depends_on": ["aws_api_gateway_integration.\(name)"],
                "response_parameters": Dictionary(uniqueKeysWithValues: headers.map { ("method.response.header." + $0.key, $0.value) }),
            ]) { $1 })
        return ["method", "integration", "method_response", "integration_response"].map { "aws_api_gateway_\($0).\(name)" }
    }

    /// The function's HTTP API routes: the API once per name (with its CORS) and its stage
    /// (auto-deployed), the function's Lambda proxy integration on the alias, a route per route
    /// key and the invoke permission scoped to it.
    mutating func addHTTPAPI(_ settings: HTTPAPISettings, function: FunctionDeployment, name: String) {
        let api = Self.name(settings.name)
        if !contains("aws_apigatewayv2_api", api) {
            var arguments: [String: Any] = ["name": Self.literal(settings.name), "protocol_type": "HTTP", "tags": Self.tags(nil)]
            if let cors = settings.cors {
                arguments["cors_configuration"] = Self.cors(
                    origins: cors.allowOrigins, headers: cors.allowHeaders, methods: cors.allowMethods, credentials: cors.allowCredentials,
                    exposed: cors.exposeHeaders, maxAge: cors.maxAge)
            }
            add("aws_apigatewayv2_api", api, arguments)
        }
        let stage = api + "_" + Self.name(settings.stage)
        if !contains("aws_apigatewayv2_stage", stage) {
            add(
                "aws_apigatewayv2_stage", stage,
                ["api_id": "${aws_apigatewayv2_api.\(api).id}", "name": Self.literal(settings.stage), "auto_deploy": true])
        }
        add(
            "aws_apigatewayv2_integration", name,
            [
                "api_id": "${aws_apigatewayv2_api.\(api).id}", "integration_type": "AWS_PROXY",
                "integration_uri": "${aws_lambda_alias.\(name).arn}", "payload_format_version": settings.payloadFormatVersion,
            ])
        for authorizer in settings.authorizers where !contains("aws_apigatewayv2_authorizer", api + "_" + Self.name(authorizer.name)) {
            add(
                "aws_apigatewayv2_authorizer", api + "_" + Self.name(authorizer.name),
                [
                    "api_id": "${aws_apigatewayv2_api.\(api).id}", "name": Self.literal(authorizer.name), "authorizer_type": "JWT",
                    "identity_sources": authorizer.identitySource.map(Self.literal),
                    "jwt_configuration": [
                        "issuer": Self.literal(authorizer.issuer), "audience": authorizer.audience.map(Self.literal),
                    ] as [String: Any],
                ])
        }
        for (index, key) in settings.routes.enumerated() {
            var route: [String: Any] = [
                "api_id": "${aws_apigatewayv2_api.\(api).id}", "route_key": Self.literal(key),
                "target": "integrations/${aws_apigatewayv2_integration.\(name).id}", "authorization_type": "NONE",
            ]
            switch settings.authorization[key] {
            case nil: break
            case .iam: route["authorization_type"] = "AWS_IAM"
            case .jwt(let authorizer, let scopes):
                route["authorization_type"] = "JWT"
                route["authorizer_id"] = "${aws_apigatewayv2_authorizer.\(api)_\(Self.name(authorizer)).id}"
                if !scopes.isEmpty { route["authorization_scopes"] = scopes.map(Self.literal) }
            }
            add("aws_apigatewayv2_route", "\(name)_\(index + 1)", route)
            add(
                "aws_lambda_permission", "\(name)_http_route_\(index + 1)",
                [
                    "statement_id": "lambdadeploykit-http-\(index + 1)", "action": "lambda:InvokeFunction",
                    "function_name": "${aws_lambda_alias.\(name).function_name}", "qualifier": "${aws_lambda_alias.\(name).name}",
                    "principal": "apigateway.amazonaws.com",
                    "source_arn": "${aws_apigatewayv2_api.\(api).execution_arn}/*/" + Self.literal(HTTPAPISettings.permissionScope(key)),
                ])
        }
        if let first = settings.routes.first {
            let path = first == "$default" ? "" : String(HTTPAPISettings.parts(first).path.dropFirst())
            // A stage's invoke URL ends with `/` for `$default`, and with the stage's name otherwise.
            let separator = settings.stage == "$default" ? "" : "/"
            outputs[name + "_http_endpoint"] = [
                "description": "\(function.name)'s first HTTP API route",
                "value": "${aws_apigatewayv2_stage.\(stage).invoke_url}" + separator + Self.literal(path),
            ]
        }
    }
}
