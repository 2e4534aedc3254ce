/// A typed `serverless.yml` (AWS provider).
public struct ServerlessConfiguration: YAMLModel {
    /// `service:`
    public var service: String?
    /// `frameworkVersion:`
    public var frameworkVersion: String?
    /// `provider:`
    public var provider: ServerlessProvider?
    /// `functions:`, in file order (the list-of-mappings form merged).
    public var functions: [Named<ServerlessFunction>]?
    /// `layers:`, in file order.
    public var layers: [Named<ServerlessLayer>]?
    /// `package:`
    public var package: ServerlessPackage?
    /// `plugins:`
    public var plugins: [String]?
    /// `custom:` as written (plugin settings, shared values).
    public var custom: YAMLNode?
    /// `resources:`, CloudFormation short tags in long form (`{Ref: X}`, `{Fn::GetAtt: [a, b]}`).
    public var resources: YAMLNode?
    /// Other top-level keys, as written.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(service: String, provider: ServerlessProvider, functions: [Named<ServerlessFunction>]) {
        self.service = service
        self.provider = provider
        self.functions = functions
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        if let service = reader.value("service") {
            // The v1 form `service: {name: x}` is still seen.
            if let name = service["name"] {
                self.service = try NodeReader.scalar(name, path: "service.name")
            } else {
                self.service = try NodeReader.scalar(service, path: "service")
            }
        }
        frameworkVersion = try reader.string("frameworkVersion")
        provider = try reader.decode("provider")
        if let node = reader.value("functions") { functions = try ServerlessConfiguration.functions(node) }
        package = try reader.decode("package")
        layers = try reader.named("layers")
        if let plugins = reader.value("plugins") {
            // `plugins: {localPath:, modules: […]}` is the other documented form.
            self.plugins = try NodeReader.strings(plugins["modules"] ?? plugins, path: "plugins")
        }
        custom = reader.value("custom").map(CloudFormationTags.longForm)
        resources = reader.value("resources").map(CloudFormationTags.longForm)
        rest = reader.rest
    }

    /// `functions:` as a mapping, or as a list of mappings (merged in order).
    private static func functions(_ node: YAMLNode) throws(ManifestError) -> [Named<ServerlessFunction>] {
        let groups = node.sequence ?? [node]
        var result: [Named<ServerlessFunction>] = []
        for (index, group) in groups.enumerated() where group.isMapping {
            let path = node.sequence == nil ? "functions" : ManifestPath.index("functions", index)
            result += try NodeReader.named(group, path: path)
        }
        return result
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("service", service)
        writer.set("frameworkVersion", frameworkVersion)
        writer.set("provider", provider)
        writer.set("plugins", plugins)
        writer.set("package", package)
        writer.set("custom", custom)
        writer.set("functions", functions)
        writer.set("layers", layers)
        writer.set("resources", resources)
        writer.append(rest)
        return writer.node
    }

    /// The `serverless.yml` text.
    public var text: String { YAMLEmitter.emit(yaml) }

    /// The function called `name`.
    public subscript(function name: String) -> ServerlessFunction? {
        functions?.last { $0.name == name }?.value
    }
}

/// `provider:`.
public struct ServerlessProvider: YAMLModel {
    /// `name:`
    public var name: String?
    /// `runtime:`
    public var runtime: String?
    /// `region:`
    public var region: String?
    /// `stage:`
    public var stage: String?
    /// `memorySize:`
    public var memorySize: ConfigValue<Int>?
    /// `timeout:`
    public var timeout: ConfigValue<Int>?
    /// `environment:`
    public var environment: ServerlessEnvironment?
    /// `iam.role.statements` (and the older `iamRoleStatements`), tags in long form.
    public var iamRoleStatements: [YAMLNode]?
    /// Whether the statements came from the deprecated `iamRoleStatements`.
    public var usesLegacyIAMStatements: Bool
    /// `iam:` apart from `role.statements` (managed policies, a role ARN, the deployment role).
    public var iam: YAMLNode?
    /// `apiGateway:`
    public var apiGateway: YAMLNode?
    /// `httpApi:`
    public var httpApi: YAMLNode?
    /// `deploymentBucket:`
    public var deploymentBucket: YAMLNode?
    /// `layers:`: every function's layers unless it names its own (ARNs or `{Ref: …LambdaLayer}`), as written.
    public var layers: [YAMLNode]?
    /// Keys this model does not type, as written: nothing is lost in a round trip.
    public var rest: [YAMLPair]
    /// Whether the file wrote only the name, `provider: aws` (a form Serverless v3 accepts).
    var isNameOnly = false

    /// Builds the value in code; the keys not given stay unset.
    public init(runtime: String, region: String? = nil, stage: String? = nil) {
        name = "aws"
        self.runtime = runtime
        self.region = region
        self.stage = stage
        usesLegacyIAMStatements = false
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        if let name = yaml.scalarText {
            // `provider: aws`: the name alone.
            self.name = name
            usesLegacyIAMStatements = false
            rest = []
            isNameOnly = true
            return
        }
        var reader = try NodeReader(yaml, path: path)
        name = try reader.string("name")
        runtime = try reader.string("runtime")
        region = try reader.string("region")
        stage = try reader.string("stage")
        memorySize = try reader.setting("memorySize")
        timeout = try reader.setting("timeout")
        environment = try reader.decode("environment")
        let iamNode = reader.value("iam")
        let statements = iamNode?["role"]?["statements"]
        let legacy = reader.value("iamRoleStatements")
        usesLegacyIAMStatements = statements == nil && legacy != nil
        iamRoleStatements = (statements ?? legacy).map { ($0.sequence ?? [$0]).map(CloudFormationTags.longForm) }
        iam = iamNode.flatMap(ServerlessProvider.removingStatements).map(CloudFormationTags.longForm)
        apiGateway = reader.value("apiGateway")
        httpApi = reader.value("httpApi")
        deploymentBucket = reader.value("deploymentBucket")
        layers = reader.structured("layers").map { $0.sequence ?? [$0] }
        rest = reader.rest
    }

    private static func removingStatements(_ iam: YAMLNode) -> YAMLNode? {
        guard var pairs = iam.pairs else { return iam }
        if let index = pairs.firstIndex(where: { $0.key.scalarText == "role" }), var role = pairs[index].value.pairs {
            role.removeAll { $0.key.scalarText == "statements" }
            if role.isEmpty { pairs.remove(at: index) } else { pairs[index].value = YAMLNode(.mapping(role)) }
        }
        return pairs.isEmpty ? nil : YAMLNode(.mapping(pairs))
    }

    public var yaml: YAMLNode {
        if isNameOnly, let name, runtime == nil, region == nil, stage == nil, memorySize == nil, timeout == nil, environment == nil,
            iamRoleStatements == nil, iam == nil, apiGateway == nil, httpApi == nil, deploymentBucket == nil, rest.isEmpty
        {
            return .string(name)
        }
        var writer = NodeWriter()
        writer.set("name", name)
        writer.set("runtime", runtime)
        writer.set("stage", stage)
        writer.set("region", region)
        writer.set("memorySize", memorySize)
        writer.set("timeout", timeout)
        writer.set("environment", environment)
        if usesLegacyIAMStatements {
            writer.set("iam", iam)
            writer.set("iamRoleStatements", iamRoleStatements.map { YAMLNode.sequence($0) })
        } else if let statements = iamRoleStatements {
            let statementsPair = YAMLPair(key: .string("statements"), value: .sequence(statements))
            var pairs = iam?.pairs ?? []
            if let index = pairs.firstIndex(where: { $0.key.scalarText == "role" }), let role = pairs[index].value.pairs {
                pairs[index].value = YAMLNode(.mapping(role + [statementsPair]))
            } else {
                pairs.append(YAMLPair(key: .string("role"), value: YAMLNode(.mapping([statementsPair]))))
            }
            writer.set("iam", YAMLNode(.mapping(pairs)))
        } else {
            writer.set("iam", iam)
        }
        writer.set("apiGateway", apiGateway)
        writer.set("httpApi", httpApi)
        writer.set("deploymentBucket", deploymentBucket)
        writer.set("layers", layers.map { YAMLNode.sequence($0) })
        writer.append(rest)
        return writer.node
    }
}

/// `package:` (top level or per function).
public struct ServerlessPackage: YAMLModel {
    /// `patterns:`
    public var patterns: [String]?
    /// Deprecated since v2: `include`/`exclude`, replaced by `patterns`.
    public var include: [String]?
    /// `exclude:`
    public var exclude: [String]?
    /// `individually:`
    public var individually: Bool?
    /// `artifact:`
    public var artifact: String?
    /// Keys this model does not type, as written: nothing is lost in a round trip.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(patterns: [String]? = nil, individually: Bool? = nil, artifact: String? = nil) {
        self.patterns = patterns
        self.individually = individually
        self.artifact = artifact
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        patterns = try reader.strings("patterns")
        include = try reader.strings("include")
        exclude = try reader.strings("exclude")
        individually = try reader.bool("individually")
        artifact = try reader.string("artifact")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("individually", individually)
        writer.set("artifact", artifact)
        writer.set("patterns", patterns)
        writer.set("include", include)
        writer.set("exclude", exclude)
        writer.append(rest)
        return writer.node
    }

    /// The patterns in the order they apply: legacy `exclude` as `!x`, then `include`, then `patterns`.
    public var effectivePatterns: [String] {
        (exclude ?? []).map { "!" + $0 } + (include ?? []) + (patterns ?? [])
    }
}
