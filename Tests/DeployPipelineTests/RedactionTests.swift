import DeployCore
import DeployPipeline
import DeploySTS
import DeploySecrets
import DeploySigV4
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

/// Secrets that AWS echoes back in its own error messages reach no event, log line, report,
/// diagnosis or dotenv file (on a mock: the echoes are AWS's, as documented, and moto does not make them).
@Suite("Redaction of echoed secrets")
struct RedactionTests {
    static let credentials = Credentials(
        accessKeyID: "ASIAQWERTYUIOPASDFGH", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzz9EXAMPLE",
        sessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD" + UUID().uuidString)

    /// Where AWS can echo what it was sent: the environment on create/update, the canonical request
    /// (token included) on a signature failure, and a parameter validation message.
    enum Echo: String, CaseIterable {
        case createFunction, getCallerIdentity, updateConfiguration
    }

    func mock(echo: Echo, secretValue: String, strayKey: String) -> MockTransport {
        let mock = MockTransport()
        let everything =
            #"{\"DB_PASSWORD\":\"\#(secretValue)\",\"STAGE\":\"production\"}"#
            + " key \(Self.credentials.secretAccessKey) token \(Self.credentials.sessionToken!) other \(strayKey)"
        let lambdaEcho = MockReply.awsError(
            "InvalidParameterValueException",
            message:
                "Lambda was unable to configure your environment variables because the environment variables you have provided exceeded "
                + "the 4KB limit. String measured: \(everything)",
            protocol: .restJSON)
        if echo == .getCallerIdentity {
            mock.on(
                .action("GetCallerIdentity"),
                reply: .awsError(
                    "SignatureDoesNotMatch",
                    message:
                        "The request signature we calculated does not match. The Canonical String for this request should have been "
                        + "'POST\n/\n\nx-amz-security-token:\(Self.credentials.sessionToken!)\n' \(everything)",
                    status: 403, protocol: .query))
        } else {
            mock.on(
                .action("GetCallerIdentity"),
                reply: .queryResult(
                    "GetCallerIdentity",
                    "<Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"))
        }
        mock.on(
            .target("secretsmanager.GetSecretValue"),
            reply: .json(
                #"{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf","Name":"db","VersionId":"v1","#
                    + #""VersionStages":["AWSCURRENT"],"SecretString":"\#(secretValue)"}"#
            ))
        mock.on(
            .rest(.get, "/2015-03-31/functions/{name}/aliases/{alias}"),
            reply: .awsError(
                "ResourceNotFoundException", message: "Cannot find alias", status: 404, protocol: .restJSON))
        mock.on(.rest(.get, "/2015-03-31/functions/{name}/versions"), reply: .json(#"{"Versions":[]}"#))
        mock.on(
            .rest(.get, "/2021-10-31/functions/{name}/url"),
            reply: .awsError(
                "ResourceNotFoundException", message: "The resource you requested does not exist.", status: 404, protocol: .restJSON))
        if echo == .updateConfiguration {
            mock.on(
                .rest(.get, "/2015-03-31/functions/{name}/configuration"),
                reply: .json(
                    #"{"FunctionName":"f","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:f","Runtime":"python3.12","#
                        + #""Handler":"lambda_function.lambda_handler","Role":"arn:aws:iam::123456789012:role/r","CodeSha256":"x","#
                        + #""State":"Active","LastUpdateStatus":"Successful"}"#
                ))
            mock.on(
                .rest(.put, "/2015-03-31/functions/{name}/code"),
                reply: .json(
                    #"{"FunctionName":"f","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:f","Runtime":"python3.12","#
                        + #""Handler":"lambda_function.lambda_handler","Role":"arn:aws:iam::123456789012:role/r","CodeSha256":"y","#
                        + #""State":"Active","LastUpdateStatus":"Successful"}"#
                ))
            mock.on(.rest(.put, "/2015-03-31/functions/{name}/configuration"), reply: lambdaEcho)
        } else {
            mock.on(
                .rest(.get, "/2015-03-31/functions/{name}/configuration"),
                reply: .awsError(
                    "ResourceNotFoundException", message: "Function not found", status: 404, protocol: .restJSON))
            mock.on(.rest(.post, "/2015-03-31/functions"), reply: lambdaEcho)
        }
        return mock
    }

    @Test("each secret, echoed in each place AWS echoes, is in no output", arguments: Echo.allCases)
    func echoedSecrets(_ echo: Echo) async throws {
        let secretValue = "pw-\(UUID().uuidString)"
        let strayKey = "AKIAZZZZYYYYXXXXWWWW"
        let mock = mock(echo: echo, secretValue: secretValue, strayKey: strayKey)
        let capture = LogCapture()
        let configuration = try AWSConfiguration(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(Self.credentials), transport: mock, retryPolicy: .none,
            logger: capture.logger(), environment: [:])
        let pipeline = DeploymentPipeline(configuration: configuration, logger: capture.logger(), redactor: Redactor())
        let function = FunctionDeployment(
            name: "f", source: .entries(PipelineFixture.entries()), handler: "lambda_function.lambda_handler", runtime: "python3.12",
            environment: ["DB_PASSWORD": .secret(SecretReference(secretID: "db")), "STAGE": "production"],
            role: .arn("arn:aws:iam::123456789012:role/r"))
        let dotenv = NSTemporaryDirectory() + "redaction-\(UUID().uuidString).env"
        defer { try? FileManager.default.removeItem(atPath: dotenv) }
        let (report, events) = await PipelineFixture.run([function], pipeline: pipeline, dotenvPath: dotenv)
        #expect(!report.succeeded)
        let diagnosis = try #require(report.diagnosis ?? report.functions.first?.diagnosis)
        var thrown: [String] = []
        if echo == .getCallerIdentity {
            // The diagnosis says what to do without quoting AWS; the error itself quotes it, redacted.
            do {
                _ = try await STSClient(configuration: configuration).callerIdentity()
            } catch {
                thrown = ["\(error)", String(reflecting: error)]
            }
            #expect(thrown.first?.contains("x-amz-security-token:<redacted>") == true, "\(thrown)")
        } else {
            #expect(diagnosis.summary.contains("<redacted>"), "the echo reached the diagnosis, redacted: \(diagnosis.summary)")
        }
        let outputs =
            thrown + events.map(\.description) + events.map { String(reflecting: $0) } + ["\(report)", String(reflecting: report)]
            + capture.entries.map(\.rendered) + [(try? String(contentsOfFile: dotenv, encoding: .utf8)) ?? ""]
        // A preflight failure comes before the secret is read: the library cannot know that value.
        let known =
            (echo == .getCallerIdentity ? [] : [secretValue]) + [
                Self.credentials.secretAccessKey, Self.credentials.sessionToken!, strayKey,
            ]
        for secret in known {
            let leaks = outputs.filter { $0.contains(secret) }
            #expect(leaks.isEmpty, "\(echo): \(secret.prefix(6))… leaked in \(leaks.map { String($0.prefix(200)) })")
        }
    }

    @Test("the redactor: registered values longest first, key ids by prefix, 40-character keys; commit SHAs and CodeSha256 stay")
    func redactorRules() {
        let redactor = Redactor()
        redactor.register("abc")  // too short to register
        redactor.register("hunter2-password")
        redactor.register("hunter2-password-long")
        let commit = "3f786850e387550fdab836ed7e6dc881de23001b"
        let codeSHA = "bXlMYW1iZGFGdW5jdGlvbkNvZGVTaGEyNTZWYWx1ZT0="
        let text = "abc hunter2-password-long ASIAQWERTYUIOPASDFGH wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY commit \(commit) sha \(codeSHA)"
        #expect(redactor.redact(text) == "abc <redacted> ASIA<redacted> <redacted> commit \(commit) sha \(codeSHA)")
        #expect(redactor.count == 2)
    }
}
