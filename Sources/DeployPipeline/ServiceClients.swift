import DeployAPIGateway
import DeployCore
import DeployIAM
import DeployLambda
import DeploySecrets
import DeploySTS
import Logging

/// The clients and facts one run shares; every call goes through one ``CallCounter``.
struct ServiceClients: Sendable {
    var lambda: LambdaClient
    var iam: IAMClient
    var gateway: APIGatewayClient
    var sts: STSClient
    var secrets: SecretCache?
    var configuration: AWSConfiguration
    let counter: CallCounter

    init(configuration: AWSConfiguration, secrets: SecretCache?, pollInterval: Duration) throws {
        var counted = configuration
        counter = CallCounter(wrapping: configuration.transport)
        counted.transport = counter
        lambda = LambdaClient(configuration: counted)
        lambda.pollInterval = pollInterval
        iam = IAMClient(configuration: counted)
        gateway = APIGatewayClient(configuration: counted)
        sts = STSClient(configuration: counted)
        // A cache is made lazily on first use only when none was given; making one cannot fail
        // once the Lambda client could be made (same configuration, same endpoint rules).
        self.secrets = try secrets ?? SecretCache(client: SecretsManagerClient(configuration: counted))
        self.configuration = counted
    }

    var region: Region { configuration.region }
}
