import DeployCore
import DeployIAM

/// Ensures the execution role: an ARN is used as given; a name is read, or created with Lambda's
/// trust policy and the least-privilege logging policy.
enum RoleProvisioner {
    static func ensure(_ role: FunctionDeployment.ExecutionRole, function: String, account: String, clients: ServiceClients) async throws -> (String, String) {
        switch role {
        case let .arn(arn):
            return (arn, "using \(arn)")
        case let .managed(name):
            do {
                return (try await clients.iam.role(name).arn, "\(name) exists")
            } catch let error as AWSServiceError where error.code == "NoSuchEntity" {
                let created = try await clients.iam.createRole(name: name, trustPolicy: LeastPrivilege.lambdaTrustPolicy,
                                                               description: "Execution role of \(function), created by LambdaDeployKit")
                let policy = LeastPrivilege.executionRolePolicy(functionName: function, region: clients.region.name, account: account,
                                                                partition: clients.region.partition.id)
                try await clients.iam.putRolePolicy(roleName: name, policyName: "\(function)-logs", document: policy)
                return (created.arn, "created \(name) (least privilege: its own log group only)")
            }
        }
    }
}
