import DeployCore
import DeployLambda
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

@testable import DeployPipeline

/// On `MockTransport`: every write to an alias's policy names the revision read just before it
/// (the caller's own read once, then the policy's anew after each write), Lambda's refusal of a
/// stale revision reaches the run as the conflict it replans on, and a statement that exists is
/// success only when the policy shows it.
@Suite("Alias policy writes guarded by RevisionId")
struct AliasPolicyWriterTests {
    static let policyPath = "/2015-03-31/functions/{FunctionName}/policy"

    static func policy(revision: String, statements: [String]) -> MockReply {
        let document =
            #"{"Version":"2012-10-17","Statement":["#
            + statements.map {
                #"{"Sid":"\#($0)","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"#
                    + #""Action":"lambda:InvokeFunction","Resource":"arn"}"#
            }
            .joined(separator: ",") + "]}"
        let escaped = document.replacingOccurrences(of: "\"", with: "\\\"")
        return .json(#"{"Policy":"\#(escaped)","RevisionId":"\#(revision)"}"#)
    }

    func writer(_ mock: MockTransport, justRead: String?? = nil) throws -> AliasPolicyWriter {
        let lambda = LambdaClient(configuration: try Fixtures.configuration(mock))
        return AliasPolicyWriter(PipelineFixture.hello("fn"), lambda: lambda, justRead: justRead)
    }

    func revisions(_ mock: MockTransport) -> [String?] {
        mock.requests(matching: .rest(.post, Self.policyPath)).map {
            ((try? JSONSerialization.jsonObject(with: Data($0.body))) as? [String: Any])?["RevisionId"] as? String
        }
    }

    @Test("the first write names the caller's read; each later one the revision the policy has after the one before")
    func guardedWrites() async throws {
        let mock = MockTransport()
        mock.on(.rest(.post, Self.policyPath), reply: .json(#"{"Statement":"{}"}"#, status: 201))
        mock.on(
            .rest(.get, Self.policyPath),
            replies: [Self.policy(revision: "r2", statements: ["a"]), Self.policy(revision: "r3", statements: ["a", "b"])])
        mock.on(.rest(.delete, Self.policyPath + "/{StatementId}"), reply: .status(204))
        var first = try writer(mock, justRead: "r1")
        try await first.add("a", principal: "events.amazonaws.com", sourceARN: "arn:aws:events:us-east-1:1:rule/a")
        try await first.add("b", principal: "events.amazonaws.com", sourceARN: "arn:aws:events:us-east-1:1:rule/b")
        // Another action's writer, with no read of its own: it reads the revision before writing.
        var later = try writer(mock)
        try await later.remove("a")
        #expect(revisions(mock) == ["r1", "r2"])
        #expect(mock.requests(matching: .rest(.get, Self.policyPath)).count == 2)
        let removal = try #require(mock.requests(matching: .rest(.delete, Self.policyPath + "/{StatementId}")).first)
        #expect(removal.request.path?.contains("RevisionId=r3") == true, "\(removal.request.path ?? "")")
        #expect(removal.request.path?.contains("Qualifier=live") == true)
    }

    @Test("a policy changed by another deploy since the plan: Lambda's refusal is the run's revision conflict")
    func staleRevision() async throws {
        let mock = MockTransport()
        mock.on(
            .rest(.post, Self.policyPath),
            reply: .awsError(
                "PreconditionFailedException", message: "The Revision Id provided does not match", status: 412, protocol: .restJSON))
        let refusal = await #expect(throws: AWSServiceError.self) {
            var writer = try writer(mock, justRead: "r1")
            try await writer.add("a", principal: "apigateway.amazonaws.com")
        }
        #expect(ConcurrentChange.isRevisionConflict(refusal))
        #expect(revisions(mock) == ["r1"])
    }

    @Test("ResourceConflictException is success only when the statement is there (it also means an update in progress)")
    func existingStatement() async throws {
        let mock = MockTransport()
        mock.on(
            .rest(.post, Self.policyPath),
            reply: .awsError(
                "ResourceConflictException", message: "The statement id (a) provided already exists.", status: 409, protocol: .restJSON))
        mock.on(.rest(.get, Self.policyPath), reply: Self.policy(revision: "r2", statements: ["a"]))
        var first = try writer(mock, justRead: .some(nil))
        try await first.add("a", principal: "events.amazonaws.com")
        #expect(revisions(mock) == [nil], "no policy when read: nothing to guard")
        let busy = MockTransport()
        busy.on(
            .rest(.post, Self.policyPath),
            reply: .awsError(
                "ResourceConflictException", message: "An update is in progress for resource", status: 409, protocol: .restJSON))
        busy.on(.rest(.get, Self.policyPath), reply: Self.policy(revision: "r2", statements: []))
        await #expect(throws: AWSServiceError.self) {
            var writer = try writer(busy, justRead: "r1")
            try await writer.add("a", principal: "events.amazonaws.com")
        }
    }
}
