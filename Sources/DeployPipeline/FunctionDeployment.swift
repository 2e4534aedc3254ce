import DeployIAM
import DeployLambda
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

    /// A value for the function's environment: text, or a Secrets Manager secret read at deploy time.
    public enum EnvironmentValue: Sendable, Hashable, ExpressibleByStringLiteral {
        case text(String)
        case secret(SecretReference)

        /// A text value.
        public init(stringLiteral value: String) { self = .text(value) }
    }

    /// The Lambda function's name (`myLambdaFunction`).
    public var name: String
    /// Where the code comes from.
    public var source: Source
    /// `file.function`, for example `lambda_function.lambda_handler`.
    public var handler: String
    /// The Lambda runtime (`python3.12`).
    public var runtime: String
    /// Memory in MB; `nil` leaves Lambda's (or the current) setting.
    public var memorySize: Int?
    /// Timeout in seconds; `nil` leaves Lambda's (or the current) setting.
    public var timeout: Int?
    /// The function's environment; secrets are read at deploy time and never reported.
    public var environment: [String: EnvironmentValue]
    /// The execution role.
    public var role: ExecutionRole
    /// What a managed role grants besides logging: its inline policy `iam-role-statements` holds
    /// exactly these statements (from `provider.iam.role.statements`), and is removed when there are
    /// none. Resources and condition values may hold `${AWS::AccountId}`, `${AWS::Region}`,
    /// `${AWS::Partition}` and `${AWS::URLSuffix}`, filled in at deploy time. Functions sharing a
    /// managed role must grant the same; a role given by ARN keeps its own permissions.
    public var roleStatements: [PolicyStatement] = []
    /// Managed policies a managed role has attached (from `provider.iam.role.managedPolicies`),
    /// attached when missing; one no longer named stays attached (detach it with `aws iam
    /// detach-role-policy`). May hold the same placeholders as ``roleStatements``.
    public var roleManagedPolicies: [String] = []
    /// The alias production traffic goes through; the API and the permission point at it.
    public var alias: String
    /// API Gateway routes; empty for a function without an HTTP endpoint.
    public var routes: [HTTPRoute]
    /// The REST API's name and stage.
    public var api: APISettings
    /// How the new version is judged before it takes traffic.
    public var healthCheck: HealthCheck
    /// How the alias moves.
    public var rollout: Rollout
    /// Where the zip is written when the source is a folder or entries (default: a temporary folder).
    public var artifactPath: String?
    /// The function's description.
    public var description: String?
    /// The layers it runs with, in order (at most 5; with the function, 250 MB unzipped).
    public var layers: [FunctionLayer]
    /// The instruction set: `x86_64` or `arm64`; `nil` leaves Lambda's (or the current) one.
    public var architecture: String?
    /// `/tmp`'s size in MB (512 to 10,240); `nil` leaves it.
    public var ephemeralStorage: Int?
    /// X-Ray tracing: `Active` or `PassThrough`; `nil` leaves it.
    public var tracingMode: String?
    /// How many days CloudWatch Logs keeps the function's log events (one of
    /// `CloudWatchLogsClient.retentionDays`); `nil` leaves the log group as it is (Lambda creates
    /// one that keeps them forever).
    public var logRetentionInDays: Int?
    /// An HTTP API in front of the alias (`httpApi` events); `nil` for none.
    public var httpAPI: HTTPAPISettings?
    /// A function URL on the alias (`url: true` in `serverless.yml`); `nil` for none (one the
    /// function has is deleted).
    public var url: FunctionURLSettings?
    /// The VPC the function runs in (``/DeployLambda/FunctionVPC/none`` takes it out); `nil` leaves
    /// it. A managed role gets `AWSLambdaVPCAccessExecutionRole` for its network interfaces.
    public var vpc: FunctionVPC?
    /// The KMS key that encrypts the environment at rest (empty: Lambda's own); `nil` leaves it.
    public var kmsKeyARN: String?
    /// The SQS queue or SNS topic failed asynchronous invocations go to (empty removes it); `nil` leaves it.
    public var deadLetterTargetARN: String?
    /// The log format (`Text`/`JSON`) and, for JSON, the levels kept; `nil` leaves it.
    public var logging: FunctionLogging?
    /// The function's tags (besides the library's own `lambdadeploykit:managed`): exactly these,
    /// others removed; `nil` leaves them.
    public var tags: [String: String]?
    /// Concurrency reserved for the function (and its cap; 0 throttles every invocation); `nil`
    /// leaves it.
    public var reservedConcurrency: Int?
    /// Environments kept initialised for the alias — billed every hour they are configured (the
    /// plan shows the monthly estimate); 0 removes them; `nil` leaves it.
    public var provisionedConcurrency: Int?
    /// `schedule` events: EventBridge rules invoking the alias (`FUNCTION-schedule-N`); rules of
    /// this function that left the list are deleted.
    public var schedules: [ScheduleSettings] = []
    /// `eventBridge` and `cloudwatchEvent` events: EventBridge rules on the default bus invoking the
    /// alias with the events their patterns match (`FUNCTION-event-N`); rules of this function that
    /// left the list are deleted.
    public var eventPatterns: [EventPatternSettings] = []
    /// `sqs` events: queues feeding the alias through event source mappings; a managed role gets
    /// Lambda's SQS actions on exactly these queues. Mappings of queues that left the list are deleted.
    public var queues: [QueueSubscription] = []
    /// `stream` events: DynamoDB and Kinesis streams feeding the alias through event source
    /// mappings; a managed role gets Lambda's read actions on exactly these streams
    /// (`FUNCTION-streams`). Mappings of streams that left the list are deleted.
    public var streams: [StreamSubscription] = []
    /// `s3` events: bucket notifications invoking the alias (one configuration each, identified by
    /// the alias's ARN; what others configured on the bucket is kept). Configurations of buckets
    /// that left the list are removed; the buckets stay.
    public var bucketEvents: [BucketEventSettings] = []
    /// `alexaSkill` and `alexaSmartHome` events: the skills allowed to invoke the alias (a statement
    /// each on its policy); statements of skills that left the list are removed.
    public var alexaSkills: [AlexaSkillSettings] = []
    /// Events of a `serverless.yml` this library does not deploy (`sns`, `websocket`, `iot`…),
    /// each as `TYPE (events[N])`: the plan lists them (changing nothing), so that a trigger the
    /// function will not have does not pass unnoticed.
    public var eventsNotDeployed: [String] = []
    /// The name its artifacts are stored under in the S3 deployment bucket
    /// (`PREFIX/ARTIFACTNAME/SHA256.zip`); the function's name when `nil`. Functions deployed to
    /// several stages under different names (`orders-dev-api`, `orders-prod-api`) share one object
    /// when this is the same: the package is uploaded once and promoted from stage to stage.
    public var artifactName: String?

    /// A function; the API is `NAME-api` on stage `production` unless `api` says otherwise, and the
    /// new version is invoked with `{}` before it takes traffic.
    public init(
        name: String, source: Source, handler: String, runtime: String, memorySize: Int? = nil, timeout: Int? = nil,
        environment: [String: EnvironmentValue] = [:], role: ExecutionRole, alias: String = "live", routes: [HTTPRoute] = [],
        api: APISettings? = nil, healthCheck: HealthCheck = .invocation(), rollout: Rollout = .allAtOnce,
        artifactPath: String? = nil, description: String? = nil, layers: [FunctionLayer] = []
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
        self.layers = layers
    }
}

/// An HTTP route to the function through API Gateway (the seed's `GET /hello` with CORS).
public struct HTTPRoute: Sendable, Hashable {
    /// `GET`, `POST`, … (upper-cased).
    public var method: String
    /// The resource path, with a leading `/`.
    public var path: String
    /// Whether `OPTIONS` answers CORS preflights (the Serverless Framework's `cors: true`).
    public var cors: Bool

    /// A route; `path` gets a leading `/` when it lacks one.
    public init(method: String = "GET", path: String, cors: Bool = false) {
        self.method = method.uppercased()
        self.path = path.hasPrefix("/") ? path : "/" + path
        self.cors = cors
    }
}

/// The REST API a function's routes live in.
public struct APISettings: Sendable, Hashable {
    /// A REST API made elsewhere that the routes go on (a gateway several services share).
    public enum ExistingAPI: Sendable, Hashable, CustomStringConvertible {
        /// The API with this id.
        case id(String)
        /// The API whose id a CloudFormation stack exports under this name (`Fn::ImportValue`),
        /// looked up once per run.
        case export(String)

        public var description: String {
            switch self {
            case .id(let id): "id \(id)"
            case .export(let name): "the id exported as \(name)"
            }
        }
    }

    /// The REST API's name (found by name, created when missing).
    public var name: String
    /// The stage deployed to (`production`).
    public var stage: String
    /// The REST API made elsewhere that the routes go on, instead of the API called ``name``: never
    /// created, never deleted (teardown leaves it); `nil` for the API called ``name``.
    public var existing: ExistingAPI?

    /// Settings for the API called `name`.
    public init(name: String, stage: String = "production") {
        self.name = name
        self.stage = stage
    }
}
