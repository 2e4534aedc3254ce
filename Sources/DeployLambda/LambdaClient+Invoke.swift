import DeployCore
import Foundation
import HTTPTypes

/// How to invoke.
public enum InvocationType: String, Sendable, Hashable {
    /// Wait for the result.
    case requestResponse = "RequestResponse"
    /// Queue the event and return at once (HTTP 202).
    case event = "Event"
    /// Check the parameters and permissions only (HTTP 204).
    case dryRun = "DryRun"
}

/// What an invocation returned.
public struct InvocationResult: Sendable, Hashable {
    /// 200, 202 or 204.
    public var statusCode: Int
    /// The function's response.
    public var payload: [UInt8]
    /// The version that ran, when Lambda says.
    public var executedVersion: String?
    /// The last 4 KB of the log, when asked for with `logTail: true`.
    public var logTail: String?
}

extension LambdaClient {
    /// `Invoke`. A function that fails (`X-Amz-Function-Error`) throws ``FunctionError`` with its
    /// error document and, with `logTail`, the end of its log.
    public func invoke(
        _ function: String, payload: [UInt8] = Array("{}".utf8), qualifier: String? = nil, type: InvocationType = .requestResponse,
        logTail: Bool = false
    ) async throws -> InvocationResult {
        try LambdaInput.checkName(function, clientRegion: client.region)
        let request = try AWSRequest.restJSON(
            method: .post, path: "/2015-03-31/functions/{FunctionName}/invocations", labels: ["FunctionName": function],
            query: [("Qualifier", qualifier)],
            headers: [(Self.invocationType, type.rawValue), (Self.logType, logTail ? "Tail" : nil)],
            rawBody: payload
        )
        let response = try await client.send(request, operation: "Invoke")
        let tail = response.headers[Self.logResult].flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        if let kind = response.headers[Self.functionError] {
            throw FunctionError(kind: kind, payload: response.body, logTail: tail)
        }
        return InvocationResult(
            statusCode: response.status.code, payload: response.body, executedVersion: response.headers[Self.executedVersion], logTail: tail
        )
    }

    static let invocationType = HTTPField.Name("X-Amz-Invocation-Type")!
    static let logType = HTTPField.Name("X-Amz-Log-Type")!
    static let logResult = HTTPField.Name("X-Amz-Log-Result")!
    static let functionError = HTTPField.Name("X-Amz-Function-Error")!
    static let executedVersion = HTTPField.Name("X-Amz-Executed-Version")!
}
