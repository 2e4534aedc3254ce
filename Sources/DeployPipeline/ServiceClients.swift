import DeployAPIGateway
import DeployCloudFormation
import DeployCloudWatch
import DeployCore
import DeployEventBridge
import DeployIAM
import DeployLambda
import DeployLogs
import DeployS3
import DeploySTS
import DeploySecrets
import Logging

/// The clients and facts one run shares; every call goes through one ``CallCounter``.
struct ServiceClients: Sendable {
    var lambda: LambdaClient
    var iam: IAMClient
    var gateway: APIGatewayClient
    var http: HTTPAPIClient
    var logs: CloudWatchLogsClient
    var cloudWatch: CloudWatchClient
    var events: EventBridgeClient
    var cloudFormation: CloudFormationClient
    var sts: STSClient
    var s3: S3Client
    var secrets: SecretCache?
    var configuration: AWSConfiguration
    let counter: CallCounter

    init(configuration: AWSConfiguration, secrets: SecretCache?, pollInterval: Duration) {
        var counted = configuration
        counter = CallCounter(wrapping: configuration.transport)
        counted.transport = counter
        lambda = LambdaClient(configuration: counted)
        lambda.pollInterval = pollInterval
        iam = IAMClient(configuration: counted)
        gateway = APIGatewayClient(configuration: counted)
        http = HTTPAPIClient(configuration: counted)
        logs = CloudWatchLogsClient(configuration: counted)
        cloudWatch = CloudWatchClient(configuration: counted)
        events = EventBridgeClient(configuration: counted)
        cloudFormation = CloudFormationClient(configuration: counted)
        cloudFormation.pollInterval = pollInterval
        sts = STSClient(configuration: counted)
        s3 = S3Client(configuration: counted)
        self.secrets = secrets ?? SecretCache(client: SecretsManagerClient(configuration: counted))
        self.configuration = counted
    }

    var region: Region { configuration.region }
}
