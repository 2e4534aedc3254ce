import DeploySecrets
import DeployZip

/// One function to deploy: where its code comes from, how it runs, and how it is exposed.
public struct FunctionDeployment: Sendable {
    /// Where the function's code comes from.
    public enum Source: Sendable {
        /// A folder, zipped with `DeployZip` (patterns in `package.patterns` style).
        case directory(String, patterns: [String] = [])
        /// A zip a build job already made (the seed's `function.zip`).
        case archive(String)
        /// Files given in memory (generated code, tests).
        case entries([PackageEntry])
    }

    /// The role the function runs as.
    public enum ExecutionRole: Sendable, Hashable {
        /// An existing role, by ARN.
        case arn(String)
        /// A role by name, created when missing with Lambda's trust policy and
        /// `LeastPrivilege.executionRolePolicy` (logs for this function only).
        case managed(String)
    }

    /// How the alias moves to the new version.
    public enum Rollout: Sendable, Hashable {
        /// All traffic at once, after the health check.
        case allAtOnce
        /// `weight` (0–1) of the traffic to the new version, the health check, then all of it.
        case canary(weight: Double)
    }

    /// A value for the function's environment: text, or a Secrets Manager secret read at deploy time.
    public enum EnvironmentValue: Sendable, Hashable, ExpressibleByStringLiteral {
        case text(String)
        case secret(SecretReference)

        public init(stringLiteral value: String) { self = .text(value) }
    }

    /// The Lambda function's name (`myLambdaFunction`).
    public var name: String
    public var source: Source
    /// `file.function`, for example `lambda_function.lambda_handler`.
    public var handler: String
    public var runtime: String
    public var memorySize: Int?
    public var timeout: Int?
    public var environment: [String: EnvironmentValue]
    public var role: ExecutionRole
    /// The alias production traffic goes through; the API and the permission point at it.
    public var alias: String
    /// API Gateway routes; empty for a function without an HTTP endpoint.
    public var routes: [HTTPRoute]
    /// The REST API's name and stage.
    public var api: APISettings
    public var healthCheck: HealthCheck
    public var rollout: Rollout
    /// Where the zip is written when the source is a folder or entries (default: a temporary folder).
    public var artifactPath: String?
    public var description: String?

    public init(
        name: String, source: Source, handler: String, runtime: String, memorySize: Int? = nil, timeout: Int? = nil,
        environment: [String: EnvironmentValue] = [:], role: ExecutionRole, alias: String = "live", routes: [HTTPRoute] = [],
        api: APISettings? = nil, healthCheck: HealthCheck = .invocation(), rollout: Rollout = .allAtOnce,
        artifactPath: String? = nil, description: String? = nil
    ) {
        self.name = name
        self.source = source
        self.handler = handler
        self.runtime = runtime
        self.memorySize = memorySize
        self.timeout = timeout
        self.environment = environment
        self.role = role
        self.alias = alias
        self.routes = routes
        self.api = api ?? APISettings(name: "\(name)-api")
        self.healthCheck = healthCheck
        self.rollout = rollout
        self.artifactPath = artifactPath
        self.description = description
    }
}

/// An HTTP route to the function through API Gateway (the seed's `GET /hello` with CORS).
public struct HTTPRoute: Sendable, Hashable {
    public var method: String
    public var path: String
    public var cors: Bool

    public init(method: String = "GET", path: String, cors: Bool = false) {
        self.method = method.uppercased()
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.cors = cors
    }
}

/// The REST API a function's routes live in.
public struct APISettings: Sendable, Hashable {
    public var name: String
    public var stage: String

    public init(name: String, stage: String = "production") {
        self.name = name
        self.stage = stage
    }
}
