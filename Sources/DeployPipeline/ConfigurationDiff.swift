import DeployCore
import DeployLambda

/// What differs between a function as Lambda has it and as it should be; shared by the deploy and the dry run.
enum ConfigurationDiff {
    /// The settings to send, and the names of those that changed (never their values).
    static func between(_ current: FunctionConfiguration, _ function: FunctionDeployment, roleARN: String, environment: [String: String]) -> (FunctionSettings, [String]) {
        var changed: [String] = []
        var settings = FunctionSettings()
        if current.handler != function.handler { settings.handler = function.handler; changed.append("handler") }
        if current.runtime != function.runtime { settings.runtime = function.runtime; changed.append("runtime") }
        if current.role != roleARN { settings.role = roleARN; changed.append("role") }
        if let memory = function.memorySize, current.memorySize != memory { settings.memorySize = memory; changed.append("memory") }
        if let timeout = function.timeout, current.timeout != timeout { settings.timeout = timeout; changed.append("timeout") }
        if (current.environment?.variables ?? [:]) != environment { settings.environment = environment; changed.append("environment") }
        return (settings, changed)
    }

    /// The function's configuration, or `nil` when it does not exist.
    static func function(_ name: String, lambda: LambdaClient) async throws -> FunctionConfiguration? {
        do {
            return try await lambda.configuration(name)
        } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
            return nil
        }
    }

    /// The alias, or `nil` when it (or the function) does not exist.
    static func alias(_ function: FunctionDeployment, lambda: LambdaClient) async throws -> AliasConfiguration? {
        do {
            return try await lambda.alias(function.name, name: function.alias)
        } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {
            return nil
        }
    }
}
