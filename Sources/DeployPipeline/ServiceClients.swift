import DeployAPIGateway
import DeployCore
import DeployIAM
import DeployLambda
import DeploySecrets
import DeploySTS
import Logging

/// The clients and facts one run shares.
struct ServiceClients: Sendable {
    var lambda: LambdaClient
    var iam: IAMClient
    var gateway: APIGatewayClient
    var sts: STSClient
    var secrets: SecretCache?
    var configuration: AWSConfiguration

    init(configuration: AWSConfiguration, secrets: SecretCache?, pollInterval: Duration) throws {
        lambda = try LambdaClient(configuration: configuration)
        lambda.pollInterval = pollInterval
        iam = try IAMClient(configuration: configuration)
        gateway = try APIGatewayClient(configuration: configuration)
        sts = try STSClient(configuration: configuration)
        self.secrets = secrets ?? (try? SecretCache(client: SecretsManagerClient(configuration: configuration)))
        self.configuration = configuration
    }

    var region: Region { configuration.region }
}
