// swift-format-ignore-file: AlwaysUseLowerCamelCase

// The Codable shapes here name their properties as the wire names its members.
import DeployCore

extension LambdaClient {
    private struct FunctionURLInput: Encodable {
        var AuthType: String?
        var Cors: FunctionURLCORS?
        var InvokeMode: String?
    }

    /// `CreateFunctionUrlConfig`: a URL for the alias or version `qualifier` (or `$LATEST`).
    public func createFunctionURL(
        _ function: String, qualifier: String? = nil, _ settings: FunctionURLSettings
    ) async throws -> FunctionURLConfiguration {
        try await send(
            .post, "/2021-10-31/functions/{FunctionName}/url", "CreateFunctionUrlConfig", function: function,
            query: [("Qualifier", qualifier)],
            body: FunctionURLInput(AuthType: settings.authType.rawValue, Cors: settings.cors, InvokeMode: settings.invokeMode.rawValue),
            output: FunctionURLConfiguration.self)
    }

    /// `GetFunctionUrlConfig`.
    public func functionURL(_ function: String, qualifier: String? = nil) async throws -> FunctionURLConfiguration {
        try await send(
            .get, "/2021-10-31/functions/{FunctionName}/url", "GetFunctionUrlConfig", function: function,
            query: [("Qualifier", qualifier)], output: FunctionURLConfiguration.self)
    }

    /// `UpdateFunctionUrlConfig`: replaces the URL's auth type, CORS and invoke mode.
    public func updateFunctionURL(
        _ function: String, qualifier: String? = nil, _ settings: FunctionURLSettings
    ) async throws -> FunctionURLConfiguration {
        try await send(
            .put, "/2021-10-31/functions/{FunctionName}/url", "UpdateFunctionUrlConfig", function: function,
            query: [("Qualifier", qualifier)],
            body: FunctionURLInput(
                AuthType: settings.authType.rawValue, Cors: settings.cors ?? FunctionURLCORS(), InvokeMode: settings.invokeMode.rawValue),
            output: FunctionURLConfiguration.self)
    }

    /// `DeleteFunctionUrlConfig`.
    public func deleteFunctionURL(_ function: String, qualifier: String? = nil) async throws {
        _ = try await send(
            .delete, "/2021-10-31/functions/{FunctionName}/url", "DeleteFunctionUrlConfig", function: function,
            query: [("Qualifier", qualifier)], output: EmptyBody.self)
    }
}
