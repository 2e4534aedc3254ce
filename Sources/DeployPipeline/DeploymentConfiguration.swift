import DeployAPIGateway
import DeployLambda
import DeployManifests
import DeploySecrets
import Foundation

/// A run: the functions, and how to deploy them.
public struct DeploymentConfiguration: Sendable {
    /// The functions, deployed in this order of report.
    public var functions: [FunctionDeployment]
    /// How many functions deploy (build, upload, apply) at once. With ``skipsUnchangedFunctions``,
    /// four times as many are checked at once (an unchanged function costs reads only), unless the
    /// run ``stopsOnFirstFailure``: functions then start in their order.
    public var maximumConcurrency: Int
    /// Whether the first failure cancels the functions not yet finished.
    public var stopsOnFirstFailure: Bool
    /// The CI context (read from the environment by default).
    public var gitLab: GitLabContext
    /// API stages that count as production, for the branch policy.
    public var productionStages: Set<String>
    /// Whether a production stage may deploy from a branch other than the default one.
    public var allowsProductionFromAnyBranch: Bool
    /// Where to write the dotenv report (`deploy.env`), if anywhere.
    public var dotenvPath: String?
    /// Where packages are built.
    public var workDirectory: String
    /// Whether a function whose inputs did not change since the deploy of the version its alias
    /// serves (its ``InputFingerprint``), and whose live state did not drift, is skipped before its
    /// package is built; `false` builds and compares every package (`--force`).
    public var skipsUnchangedFunctions = true
    /// The service's own CloudFormation resources (`resources:`), deployed as a stack before the
    /// functions, which take the values they refer to from its outputs; `nil` for none.
    public var stack: CompanionStack?

    /// A run of `functions`; by default four at a time, production only from the default branch.
    public init(
        functions: [FunctionDeployment], maximumConcurrency: Int = 4, stopsOnFirstFailure: Bool = false,
        gitLab: GitLabContext = GitLabContext(), productionStages: Set<String> = ["production", "prod"],
        allowsProductionFromAnyBranch: Bool = false, dotenvPath: String? = nil,
        workDirectory: String = (NSTemporaryDirectory() as NSString).appendingPathComponent("lambda-deploy-kit")
    ) {
        self.functions = functions
        self.maximumConcurrency = max(1, maximumConcurrency)
        self.stopsOnFirstFailure = stopsOnFirstFailure
        self.gitLab = gitLab
        self.productionStages = productionStages
        self.allowsProductionFromAnyBranch = allowsProductionFromAnyBranch
        self.dotenvPath = dotenvPath
        self.workDirectory = workDirectory
    }

    /// The functions of a `serverless.yml`, variables resolved (`stage` and `region` as `--stage`/`--region`):
    /// each zipped from `sourceDirectory` with the file's `package.patterns`, behind its `http` events.
    public init(
        serverless file: ServerlessFile, sourceDirectory: String, stage: String? = nil, region: String? = nil,
        role: FunctionDeployment.ExecutionRole? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        var options: [String: String] = [:]
        options["stage"] = stage
        options["region"] = region
        let configuration = try file.configuration(
            resolver: LocalVariableResolver(
                options: options, environment: environment, directory: file.directory ?? sourceDirectory, limits: file.limits))
        try UnresolvedVariables.check(configuration.yaml)
        guard let provider = configuration.provider else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "serverless.yml has no provider.", fix: "Add `provider: {name: aws, runtime: …}`.")
        }
        let service = configuration.service ?? "service"
        let stageName = stage ?? provider.stage ?? "dev"
        let patterns = configuration.package?.effectivePatterns ?? []
        let layers = try Self.layers(configuration, sourceDirectory: sourceDirectory)
        let authorizers = try ServerlessHTTPAPIAuthorization.authorizers(provider.httpApi)
        var stack = CompanionStack(name: "\(service)-\(stageName)-resources", resources: configuration.resources)
        // A role the caller gives wins over the file's (which is then not read).
        let providerRole =
            role != nil
            ? nil
            : try ServerlessRoleStatements.role(
                provider.iam?["role"] ?? provider.rest.first { $0.key.scalarText == "role" }?.value, stack: &stack,
                path: "provider.iam.role")
        let statements = try ServerlessRoleStatements.statements(
            provider.iamRoleStatements ?? [], stack: &stack,
            path: provider.usesLegacyIAMStatements ? "provider.iamRoleStatements" : "provider.iam.role.statements")
        let managedPolicies = try ServerlessRoleStatements.managedPolicies(
            (provider.iam?["role"]?["managedPolicies"] ?? provider.rest.first { $0.key.scalarText == "iamManagedPolicies" }?.value)
                .map { $0.sequence ?? [$0] } ?? [], stack: &stack, path: "provider.iam.role.managedPolicies")
        let restAPI = try Self.restAPI(provider, service: service, stage: stageName)
        var functions: [FunctionDeployment] = []
        for entry in configuration.functions ?? [] {
            let function = entry.value
            if function.image != nil {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "function \(entry.name) is a container image (`image:`), which this library does not deploy.",
                    fix: "Deploy image functions with the Serverless Framework or SAM, or package the function as a zip "
                        + "(`handler:`, `runtime:`).")
            }
            guard let handler = function.handler, let runtime = function.runtime ?? provider.runtime else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(entry.name) needs a handler and a runtime.",
                    fix: "Set `handler:` and `provider.runtime` (or the function's `runtime:`).")
            }
            let name = function.name ?? "\(service)-\(stageName)-\(entry.name)"
            var routes: [HTTPRoute] = []
            for event in function.events ?? [] {
                if case .http(let http) = event, let path = http.path {
                    try ServerlessHTTPAPIAuthorization.refuseUnsupportedREST(http, function: entry.name)
                    routes.append(HTTPRoute(method: http.method ?? "GET", path: path, cors: http.cors?.enabled ?? false))
                }
            }
            var variables: [String: FunctionDeployment.EnvironmentValue] = [:]
            for source in [provider.environment, function.environment] {
                for (key, value) in source?.strings ?? [:] {
                    variables[key] = SecretReference(value).map { .secret($0) } ?? .text(value)
                }
                // `!Ref Table`, `!GetAtt Queue.Arn`: the stack's output, once it is deployed.
                guard case .variables(let named)? = source else { continue }
                for variable in named where variable.value.isMapping {
                    if let placeholder = stack?.reference(from: variable.value) { variables[variable.name] = .text(placeholder) }
                }
            }
            functions.append(
                FunctionDeployment(
                    name: name, source: .directory(sourceDirectory, patterns: patterns + (function.package?.effectivePatterns ?? [])),
                    handler: handler, runtime: runtime, memorySize: function.memorySize?.known ?? provider.memorySize?.known,
                    timeout: function.timeout?.known ?? provider.timeout?.known, environment: variables,
                    role: try role
                        ?? ServerlessRoleStatements.role(
                            function.rest.first { $0.key.scalarText == "role" }?.value, stack: &stack, path: "functions.\(entry.name).role")
                        ?? providerRole ?? .managed("\(service)-\(stageName)-lambda"), routes: routes,
                    api: restAPI, description: function.description,
                    layers: try (function.layers ?? provider.layers ?? []).map { try Self.layer($0, of: entry.name, layers: layers) }))
            var httpRoutes: [String] = []
            var authorization: [String: HTTPAPISettings.RouteAuthorizer] = [:]
            for case .httpAPI(let http) in function.events ?? [] {
                let key = Self.routeKey(http)
                httpRoutes.append(key)
                authorization[key] = try ServerlessHTTPAPIAuthorization.authorizer(
                    of: http, routeKey: key, function: entry.name, authorizers: authorizers)
            }
            if !httpRoutes.isEmpty {
                functions[functions.count - 1].httpAPI = HTTPAPISettings(
                    name: provider.httpApi?["name"]?.scalarText ?? "\(stageName)-\(service)", routes: httpRoutes,
                    cors: Self.httpAPICORS(provider.httpApi?["cors"]),
                    payloadFormatVersion: provider.httpApi?["payload"]?.scalarText ?? "2.0")
                functions[functions.count - 1].httpAPI?.authorization = authorization
                functions[functions.count - 1].httpAPI?.authorizers = Set(
                    authorization.values.compactMap { if case .jwt(let name, _) = $0 { name } else { nil } }
                ).sorted().compactMap { authorizers[$0] }
            }
            func setting(_ key: String) -> YAMLNode? { (function.rest + provider.rest).first { $0.key.scalarText == key }?.value }
            functions[functions.count - 1].architecture = setting("architecture")?.scalarText
            functions[functions.count - 1].ephemeralStorage = setting("ephemeralStorageSize").flatMap {
                $0.int ?? $0.scalarText.flatMap { Int($0) }
            }
            // provider.tracing.lambda: true / Active / PassThrough.
            if let tracing = setting("tracing")?["lambda"] {
                functions[functions.count - 1].tracingMode =
                    tracing.bool == true || tracing.scalarText == "true" ? "Active" : tracing.bool == false ? nil : tracing.scalarText
            }
            try ServerlessFunctionSettings.apply(setting, to: &functions[functions.count - 1], function: entry.name, stack: &stack)
            functions[functions.count - 1].tags = ServerlessFunctionSettings.tags(
                provider: provider.rest.first { $0.key.scalarText == "tags" }?.value,
                function: function.rest.first { $0.key.scalarText == "tags" }?.value)
            let retention = setting("logRetentionInDays")
            functions[functions.count - 1].logRetentionInDays = retention.flatMap { $0.int ?? $0.scalarText.flatMap { Int($0) } }
            functions[functions.count - 1].url = try function.rest.first { $0.key.scalarText == "url" }.flatMap {
                try Self.functionURL($0.value, of: entry.name)
            }
            let rules = try ServerlessEventSources.eventPatterns(function.events ?? [], function: entry.name)
            functions[functions.count - 1].schedules =
                try ServerlessEventSources.schedules(function.events ?? [], function: entry.name) + rules.schedules
            functions[functions.count - 1].eventPatterns = rules.patterns
            functions[functions.count - 1].queues = try ServerlessEventSources.queues(
                function.events ?? [], function: entry.name, stack: &stack)
            functions[functions.count - 1].alexaSkills = try ServerlessEventSources.alexaSkills(function.events ?? [], function: entry.name)
            functions[functions.count - 1].streams = try ServerlessEventSources.streams(
                function.events ?? [], function: entry.name, stack: &stack)
            functions[functions.count - 1].bucketEvents = try ServerlessEventSources.bucketEvents(
                function.events ?? [], function: entry.name)
            functions[functions.count - 1].eventsNotDeployed = (function.events ?? []).enumerated().compactMap { index, event in
                guard case .other(let type, _) = event, !ServerlessEventSources.deployed.contains(type) else { return nil }
                return "\(type) (events[\(index)])"
            }
            if let (rollout, alias) = try ServerlessRollout.settings(
                function: function.rest.first { $0.key.scalarText == "deploymentSettings" }?.value,
                custom: configuration.custom, resources: configuration.resources, stage: stageName, function: entry.name)
            {
                functions[functions.count - 1].rollout = rollout
                if let alias { functions[functions.count - 1].alias = alias }
            }
            try ServerlessRoleStatements.applyFunctionRole(
                function, named: entry.name, to: &functions[functions.count - 1], statements: statements, managedPolicies: managedPolicies,
                defaultInherit: configuration.custom?["serverless-iam-roles-per-function"]?["defaultInherit"]?.bool ?? false,
                roleName: role == nil ? "\(service)-\(stageName)-\(entry.name)-lambda" : nil, stack: &stack)
            // Every stage's deployment of this function stores its package under one name: the same object is promoted.
            functions[functions.count - 1].artifactName = "\(service)/\(entry.name)"
        }
        if let undeclared = stack?.undeclaredReferences, !undeclared.isEmpty {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "resources: refers to \(undeclared.joined(separator: ", ")), which it does not declare — resources only a "
                    + "Serverless Framework stack has (its functions, API, role); this library deploys resources: as a stack of its own.",
                fix: "Refer to those by name or ARN (`!Sub arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:NAME`), or deploy this "
                    + "service with the Serverless Framework.")
        }
        self.init(functions: functions)
        self.stack = stack
    }

    /// The REST API the `http` events go on, as the framework names it: `STAGE-SERVICE`,
    /// `SERVICE-STAGE` with `provider.apiGateway.shouldStartNameWithService`, or `provider.apiName`;
    /// `provider.apiGateway.restApiId` puts them on an API made elsewhere (its id, or
    /// `Fn::ImportValue` of the export holding it).
    private static func restAPI(_ provider: ServerlessProvider, service: String, stage: String) throws -> APISettings {
        let gateway = provider.apiGateway
        let startsWithService = gateway?["shouldStartNameWithService"].map { $0.bool ?? ($0.scalarText == "true") } ?? false
        let name = provider.rest.first { $0.key.scalarText == "apiName" }?.value.scalarText
        var settings = APISettings(name: name ?? (startsWithService ? "\(service)-\(stage)" : "\(stage)-\(service)"), stage: stage)
        guard let given = gateway?["restApiId"] else { return settings }
        // `!ImportValue NAME` is a scalar too: its tag is read first.
        if let export = CloudFormationTags.longForm(given)["Fn::ImportValue"]?.scalarText {
            settings.existing = .export(export)
        } else if let id = given.scalarText {
            settings.existing = .id(id)
        } else {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "provider.apiGateway.restApiId is neither an API id nor `Fn::ImportValue: EXPORT` with the export's name.",
                fix:
                    "Give the id (`${env:REST_API_ID}`) or the name of the CloudFormation export holding it (`!ImportValue shared-api-id`)."
            )
        }
        return settings
    }

    /// The top-level `layers:` by the logical id functions `Ref` them with.
    private static func layers(_ configuration: ServerlessConfiguration, sourceDirectory: String) throws -> [String: LayerDeployment] {
        var layers: [String: LayerDeployment] = [:]
        for entry in configuration.layers ?? [] {
            guard let path = entry.value.path else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "layer \(entry.name) has no `path:`.", fix: "Set `path:` to the folder the layer zips.")
            }
            let folder = path.hasPrefix("/") ? path : (sourceDirectory as NSString).appendingPathComponent(path)
            layers[ServerlessLayer.logicalID(forKey: entry.name)] = LayerDeployment(
                name: entry.value.name ?? entry.name, source: .directory(folder),
                compatibleRuntimes: entry.value.compatibleRuntimes ?? [],
                compatibleArchitectures: entry.value.compatibleArchitectures ?? [],
                description: entry.value.description, licenseInfo: entry.value.licenseInfo)
        }
        return layers
    }

    /// `provider.httpApi.cors`: `true` opens the API to browsers as the framework does (any origin,
    /// its usual headers, any method); the detailed form allows what it lists, the framework's
    /// defaults for what it leaves out.
    private static func httpAPICORS(_ node: YAMLNode?) -> HTTPAPICORS? {
        guard let node else { return nil }
        guard let detailed = ServerlessCORS(node) else { return node.bool == true || node.scalarText == "true" ? .permissive : nil }
        return HTTPAPICORS(
            allowOrigins: detailed.origins ?? ["*"], allowHeaders: detailed.headers ?? HTTPAPICORS.permissive.allowHeaders,
            allowMethods: detailed.methods ?? ["*"], allowCredentials: detailed.credentials, exposeHeaders: detailed.exposedHeaders,
            maxAge: detailed.maxAge)
    }

    /// An `httpApi` event's route key: `GET /hello`, `ANY /items/{id}` for `method: '*'`, `$default` for `'*'`.
    private static func routeKey(_ event: HTTPEvent) -> String {
        guard let path = event.path else { return "$default" }
        let method = (event.method ?? "*").uppercased()
        return "\(method == "*" ? "ANY" : method) \(path.hasPrefix("/") ? path : "/" + path)"
    }

    /// A function's `url:`: `true`, or `{authorizer: aws_iam, cors: true | {…}, invokeMode: RESPONSE_STREAM}`.
    private static func functionURL(_ node: YAMLNode, of function: String) throws -> FunctionURLSettings? {
        if let flag = node.bool ?? node.scalarText.flatMap({ Bool($0.lowercased()) }) { return flag ? FunctionURLSettings() : nil }
        guard node.isMapping else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "function \(function): `url:` is neither true/false nor a mapping.",
                fix: "Write `url: true`, or `url: {authorizer: aws_iam, cors: true, invokeMode: RESPONSE_STREAM}`.")
        }
        var settings = FunctionURLSettings()
        if let authorizer = node["authorizer"]?.scalarText {
            guard authorizer.lowercased() == "aws_iam" else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function): url.authorizer \(authorizer) is not one Lambda knows.",
                    fix: "Use `aws_iam`, or leave it out for a public URL.")
            }
            settings.authType = .awsIAM
        }
        if let mode = node["invokeMode"]?.scalarText {
            guard let invokeMode = FunctionURLInvokeMode(rawValue: mode.uppercased()) else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function): url.invokeMode \(mode) is not BUFFERED or RESPONSE_STREAM.",
                    fix: "Use `BUFFERED` (the default) or `RESPONSE_STREAM`.")
            }
            settings.invokeMode = invokeMode
        }
        if let cors = node["cors"] {
            if cors.bool == true || cors.scalarText == "true" {
                settings.cors = .permissive
            } else if let detailed = ServerlessCORS(cors) {
                settings.cors = FunctionURLCORS(
                    allowCredentials: detailed.credentials, allowHeaders: detailed.headers ?? FunctionURLCORS.permissive.allowHeaders,
                    allowMethods: detailed.methods ?? ["*"], allowOrigins: detailed.origins ?? ["*"],
                    exposeHeaders: detailed.exposedHeaders, maxAge: detailed.maxAge)
            }
        }
        return settings
    }

    /// One item of a function's `layers:`: a layer version ARN, or `{Ref: KEYLambdaLayer}` (`!Ref`).
    private static func layer(_ node: YAMLNode, of function: String, layers: [String: LayerDeployment]) throws -> FunctionLayer {
        let reference = node.tag == "!Ref" ? node.scalarText : node["Ref"]?.scalarText
        if let reference {
            guard let layer = layers[reference] else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "function \(function) names the layer \(reference), which `layers:` does not define.",
                    fix: "Define it under `layers:` (the key `deps` is referred to as `DepsLambdaLayer`), or give the layer version's ARN.")
            }
            return .managed(layer)
        }
        if let text = node.scalarText, node.tag == nil, text.hasPrefix("arn:"), text.contains(":layer:") { return .arn(text) }
        let written = node.scalarText ?? (node.isMapping ? "a mapping" : "a list")
        throw DeploymentDiagnosis(
            kind: .invalidInput, summary: "function \(function) has a layer this library cannot resolve: \(written).",
            fix: "Give a layer version ARN (arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION) or `{Ref: KEYLambdaLayer}`.")
    }
}
