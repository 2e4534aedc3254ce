import Foundation

/// A function's configuration as Lambda reports it.
public struct FunctionConfiguration: Sendable, Hashable, Decodable {
    /// The name.
    public var name: String
    /// The ARN (with the version for a published version).
    public var arn: String
    /// `python3.12`, `provided.al2023`, …
    public var runtime: String?
    /// The execution role's ARN.
    public var role: String?
    /// `lambda_function.lambda_handler`.
    public var handler: String?
    /// The zip's size.
    public var codeSize: Int?
    /// The description.
    public var description: String?
    /// Seconds.
    public var timeout: Int?
    /// MB.
    public var memorySize: Int?
    /// Base64 of the zip's SHA-256.
    public var codeSHA256: String?
    /// `$LATEST` or a version number.
    public var version: String?
    /// The environment, values redacted when printed.
    public var environment: FunctionEnvironment?
    /// Changes with every update.
    public var revisionID: String?
    /// `Pending`, `Active`, `Inactive`, `Failed`, or a state added later.
    public var state: FunctionState?
    /// Why the state is what it is.
    public var stateReason: String?
    /// `InProgress`, `Successful`, `Failed`, or a status added later.
    public var lastUpdateStatus: FunctionUpdateStatus?
    /// Why the last update failed.
    public var lastUpdateStatusReason: String?
    /// `x86_64` or `arm64`.
    public var architectures: [String]?
    /// The layers it runs with, in order.
    public var layers: [AttachedLayer]?
    /// `/tmp`'s size.
    public var ephemeralStorage: FunctionEphemeralStorage?
    /// X-Ray tracing.
    public var tracing: FunctionTracing?
    /// The VPC, when the function is in one.
    public var vpc: FunctionVPC?
    /// The KMS key that encrypts the environment, when not Lambda's own.
    public var kmsKeyARN: String?
    /// Where failed asynchronous invocations go.
    public var deadLetter: FunctionDeadLetter?
    /// The log format and levels.
    public var logging: FunctionLogging?

    enum CodingKeys: String, CodingKey {
        case name = "FunctionName"
        case arn = "FunctionArn"
        case runtime = "Runtime"
        case role = "Role"
        case handler = "Handler"
        case codeSize = "CodeSize"
        case description = "Description"
        case timeout = "Timeout"
        case memorySize = "MemorySize"
        case codeSHA256 = "CodeSha256"
        case version = "Version"
        case environment = "Environment"
        case revisionID = "RevisionId"
        case state = "State"
        case stateReason = "StateReason"
        case lastUpdateStatus = "LastUpdateStatus"
        case lastUpdateStatusReason = "LastUpdateStatusReason"
        case architectures = "Architectures"
        case layers = "Layers"
        case ephemeralStorage = "EphemeralStorage"
        case tracing = "TracingConfig"
        case vpc = "VpcConfig"
        case kmsKeyARN = "KMSKeyArn"
        case deadLetter = "DeadLetterConfig"
        case logging = "LoggingConfig"
    }
}

/// A function's `/tmp` size, as Lambda reports it.
public struct FunctionEphemeralStorage: Sendable, Hashable, Codable {
    /// MB, 512 to 10,240.
    public var size: Int

    /// A size in MB.
    public init(size: Int) { self.size = size }

    enum CodingKeys: String, CodingKey { case size = "Size" }
}

/// A function's X-Ray tracing, as Lambda reports it.
public struct FunctionTracing: Sendable, Hashable, Codable {
    /// `Active` or `PassThrough`.
    public var mode: String

    /// A tracing mode.
    public init(mode: String) { self.mode = mode }

    enum CodingKeys: String, CodingKey { case mode = "Mode" }
}

/// A layer version a function runs with.
public struct AttachedLayer: Sendable, Hashable, Decodable {
    /// The layer version's ARN.
    public var arn: String
    /// The layer zip's size in bytes.
    public var codeSize: Int?

    enum CodingKeys: String, CodingKey {
        case arn = "Arn"
        case codeSize = "CodeSize"
    }
}

/// A function's environment variables. They often hold secrets, so `description` and `dump`
/// show the names only; read the values through ``variables``.
public struct FunctionEnvironment: Sendable, Hashable, Codable, CustomStringConvertible, CustomReflectable {
    /// Name → value.
    public var variables: [String: String]

    /// Creates an environment.
    public init(_ variables: [String: String]) { self.variables = variables }

    enum CodingKeys: String, CodingKey { case variables = "Variables" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        variables = try container.decodeIfPresent([String: String].self, forKey: .variables) ?? [:]
    }

    public var description: String { "FunctionEnvironment(\(variables.keys.sorted().map { "\($0)=<redacted>" }.joined(separator: ", ")))" }
    public var customMirror: Mirror { Mirror(self, children: variables.keys.sorted().map { (label: $0, value: "<redacted>" as Any) }) }
}

/// An alias and where it points.
public struct AliasConfiguration: Sendable, Hashable, Decodable {
    /// The alias's ARN.
    public var arn: String
    /// The alias name (`live`).
    public var name: String
    /// The version it points to.
    public var functionVersion: String
    /// Extra versions and the share of traffic each gets (a canary).
    public var additionalVersionWeights: [String: Double]
    /// Changes with every update.
    public var revisionID: String?
    /// The alias's description.
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case arn = "AliasArn"
        case name = "Name"
        case functionVersion = "FunctionVersion"
        case routing = "RoutingConfig"
        case revisionID = "RevisionId"
        case description = "Description"
    }
    enum RoutingKeys: String, CodingKey { case weights = "AdditionalVersionWeights" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arn = try container.decode(String.self, forKey: .arn)
        name = try container.decode(String.self, forKey: .name)
        functionVersion = try container.decode(String.self, forKey: .functionVersion)
        revisionID = try container.decodeIfPresent(String.self, forKey: .revisionID)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        let routing = try? container.nestedContainer(keyedBy: RoutingKeys.self, forKey: .routing)
        additionalVersionWeights = (try? routing?.decodeIfPresent([String: Double].self, forKey: .weights)) ?? [:]
    }
}

/// Where a function's code comes from.
public enum FunctionCode: Sendable, Hashable {
    /// A zip uploaded in the request (at most 50 MB).
    case zip([UInt8])
    /// A zip in S3.
    case s3(bucket: String, key: String, objectVersion: String? = nil)
    /// A zip on disk (at most 50 MB), base64-encoded into the request as it is sent: never held
    /// whole in memory.
    case zipFile(path: String)
}

/// A function to create.
public struct FunctionDefinition: Sendable {
    /// The name.
    public var name: String
    /// The execution role's ARN.
    public var role: String
    /// `lambda_function.lambda_handler`.
    public var handler: String
    /// `python3.12`.
    public var runtime: String
    /// The code.
    public var code: FunctionCode
    /// MB, 128 to 10,240.
    public var memorySize: Int?
    /// Seconds, 1 to 900.
    public var timeout: Int?
    /// Environment variables.
    public var environment: [String: String]?
    /// `x86_64` or `arm64`.
    public var architectures: [String]?
    /// Layer version ARNs, in order (at most 5).
    public var layers: [String]?
    /// A description.
    public var description: String?
    /// Tags.
    public var tags: [String: String]?
    /// Publish version 1 at once.
    public var publish: Bool
    /// `/tmp`'s size in MB (512 to 10,240).
    public var ephemeralStorage: Int?
    /// X-Ray tracing: `Active` or `PassThrough`.
    public var tracingMode: String?

    /// The VPC, when it runs in one.
    public var vpc: FunctionVPC?
    /// The KMS key for the environment.
    public var kmsKeyARN: String?
    /// Where failed asynchronous invocations go.
    public var deadLetter: FunctionDeadLetter?
    /// The log format and levels.
    public var logging: FunctionLogging?

    /// Creates a definition.
    public init(
        name: String, role: String, handler: String, runtime: String, code: FunctionCode, memorySize: Int? = nil, timeout: Int? = nil,
        environment: [String: String]? = nil, architectures: [String]? = nil, layers: [String]? = nil, description: String? = nil,
        tags: [String: String]? = nil, publish: Bool = false, ephemeralStorage: Int? = nil, tracingMode: String? = nil
    ) {
        self.name = name
        self.role = role
        self.handler = handler
        self.runtime = runtime
        self.code = code
        self.memorySize = memorySize
        self.timeout = timeout
        self.environment = environment
        self.architectures = architectures
        self.layers = layers
        self.description = description
        self.tags = tags
        self.publish = publish
        self.ephemeralStorage = ephemeralStorage
        self.tracingMode = tracingMode
    }
}

/// Settings to change with `UpdateFunctionConfiguration` (`nil` leaves a setting as it is).
public struct FunctionSettings: Sendable {
    /// MB, 128 to 10,240.
    public var memorySize: Int?
    /// Seconds, 1 to 900.
    public var timeout: Int?
    /// The whole environment (replaces the old one).
    public var environment: [String: String]?
    /// The description.
    public var description: String?
    /// The handler.
    public var handler: String?
    /// The runtime.
    public var runtime: String?
    /// The execution role.
    public var role: String?
    /// The layer version ARNs, in order (replaces the old list; empty detaches every layer).
    public var layers: [String]?
    /// `/tmp`'s size in MB.
    public var ephemeralStorage: Int?
    /// X-Ray tracing: `Active` or `PassThrough`.
    public var tracingMode: String?
    /// The VPC (``FunctionVPC/none`` detaches it).
    public var vpc: FunctionVPC?
    /// The KMS key for the environment (empty: Lambda's own key).
    public var kmsKeyARN: String?
    /// Where failed asynchronous invocations go (an empty ARN removes it).
    public var deadLetter: FunctionDeadLetter?
    /// The log format and levels.
    public var logging: FunctionLogging?

    /// Creates settings.
    public init(
        memorySize: Int? = nil, timeout: Int? = nil, environment: [String: String]? = nil, description: String? = nil,
        handler: String? = nil, runtime: String? = nil, role: String? = nil, layers: [String]? = nil, ephemeralStorage: Int? = nil,
        tracingMode: String? = nil
    ) {
        self.memorySize = memorySize
        self.timeout = timeout
        self.environment = environment
        self.description = description
        self.handler = handler
        self.runtime = runtime
        self.role = role
        self.layers = layers
        self.ephemeralStorage = ephemeralStorage
        self.tracingMode = tracingMode
    }
}
