import DeployCore
import DeployLambda

/// Adds and removes statements of an alias's resource-based policy, every `AddPermission` and
/// `RemovePermission` naming the policy's `RevisionId` as read just before: Lambda refuses the
/// write (`PreconditionFailedException`) when another deploy changed the policy in between, and
/// the run plans again (``ConcurrentChange``).
///
/// The revision is read when the action writes, not taken from the plan: the run's own earlier
/// writes (a version published, the alias moved, the URL's configuration changed) give the
/// policy a new revision too. A write's answer carries none, so each write reads it anew. A write
/// whose answer was lost is judged by reading the policy (the statement there: it landed), and a
/// statement id that already exists is success when the policy has it (Lambda's
/// `ResourceConflictException` also means "an update is in progress", which is not).
struct AliasPolicyWriter {
    let function: String
    let qualifier: String
    let lambda: LambdaClient
    /// The revision of a read this action made before any write (`.some(nil)`: it found no policy).
    private var justRead: String??

    /// A writer for `function`'s alias; `justRead` is the policy's revision when the caller read it
    /// in this action and has written nothing since.
    init(_ function: FunctionDeployment, lambda: LambdaClient, justRead: String?? = nil) {
        self.function = function.name
        qualifier = function.alias
        self.lambda = lambda
        self.justRead = justRead
    }

    /// Adds the statement `statementID` (see `LambdaClient.addPermission`).
    mutating func add(
        _ statementID: String, principal: String, sourceARN: String? = nil, sourceAccount: String? = nil, eventSourceToken: String? = nil,
        action: String = "lambda:InvokeFunction",
        functionURLAuthType: FunctionURLAuthType? = nil, invokedViaFunctionURL: Bool? = nil
    ) async throws {
        let revision = try await currentRevision()
        do {
            _ = try await UnknownOutcome.write {
                try await lambda.addPermission(
                    function, statementID: statementID, principal: principal, sourceARN: sourceARN, sourceAccount: sourceAccount,
                    eventSourceToken: eventSourceToken, action: action, qualifier: qualifier,
                    revisionID: revision, functionURLAuthType: functionURLAuthType, invokedViaFunctionURL: invokedViaFunctionURL)
            } observe: {
                try await has(statementID) ? .landed(statementID) : .absent
            }
        } catch let error as AWSServiceError where error.code == "ResourceConflictException" {
            guard try await has(statementID) else { throw error }
        }
    }

    /// Removes the statement `statementID`; one already gone is success.
    mutating func remove(_ statementID: String) async throws {
        let revision = try await currentRevision()
        _ = try await absentIfNotFound {
            try await lambda.removePermission(function, statementID: statementID, qualifier: qualifier, revisionID: revision)
        }
    }

    /// The revision to name: the caller's read once, then the policy's as read now.
    private mutating func currentRevision() async throws -> String? {
        defer { justRead = nil }
        if let justRead { return justRead }
        return try await absentIfNotFound { try await lambda.policyDocument(function, qualifier: qualifier) }?.revisionID
    }

    private func has(_ statementID: String) async throws -> Bool {
        let policy = try await absentIfNotFound { try await lambda.policyDocument(function, qualifier: qualifier) }
        return policy?.statements.contains { $0.id == statementID } == true
    }
}
