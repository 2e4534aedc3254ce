import DeployCore
import DeploySTS
import DeploySigV4
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

@Suite("STS on MockTransport")
struct STSMockTests {
    @Test("GetCallerIdentity is a signed query POST and its XML is decoded")
    func callerIdentity() async throws {
        let mock = MockTransport()
        mock.on(
            .action("GetCallerIdentity"),
            reply: .queryResult(
                "GetCallerIdentity",
                "<Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
            ))
        let sts = try STSClient(configuration: Fixtures.configuration(mock))
        let identity = try await sts.callerIdentity()
        #expect(identity == CallerIdentity(account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci", userID: "AIDAEXAMPLE"))
        let sent = try #require(mock.requests.first)
        #expect(sent.parameter("Version") == "2011-06-15")
        #expect(sent.request.authority == "sts.us-east-1.amazonaws.com")
        #expect(sent.request.headerFields[.authorization]?.contains("/us-east-1/sts/aws4_request") == true)
    }

    @Test("AssumeRoleWithWebIdentity is sent unsigned and its credentials decoded")
    func webIdentity() async throws {
        let mock = MockTransport()
        mock.on(
            .action("AssumeRoleWithWebIdentity"),
            reply: .queryResult(
                "AssumeRoleWithWebIdentity",
                """
                <Credentials><AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>websecret</SecretAccessKey>\
                <SessionToken>webtoken</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>\
                <AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/ci/job</Arn></AssumedRoleUser>
                """))
        let assumer = STSRoleAssumer(transport: mock, environment: [:])
        let credentials = try await assumer.assumeRoleWithWebIdentity(
            roleARN: "arn:aws:iam::1:role/ci", sessionName: "job", webIdentityToken: "eyJ.token", region: try Region("eu-west-1")
        )
        #expect(credentials.accessKeyID == "ASIAWEB")
        #expect(credentials.sessionToken == "webtoken")
        let sent = try #require(mock.requests.first)
        #expect(sent.request.headerFields[.authorization] == nil)
        #expect(sent.parameter("WebIdentityToken") == "eyJ.token")
        #expect(sent.request.authority == "sts.eu-west-1.amazonaws.com")
    }

    static let diagnoses: [(String, AuthenticationDiagnosis.Kind, String)] = [
        ("SignatureDoesNotMatch", .secretMismatch, "the secret access key does not belong to this key id"),
        ("InvalidClientTokenId", .unknownAccessKey, "the access key id is unknown or deactivated"),
        ("ExpiredToken", .expiredToken, "the session token expired"),
    ]

    @Test("the usual credential failures become diagnoses", arguments: 0..<diagnoses.count)
    func diagnosis(_ index: Int) async throws {
        let (code, kind, summary) = Self.diagnoses[index]
        let mock = MockTransport()
        mock.on(.action("GetCallerIdentity"), reply: .awsError(code, message: "AWS says no", status: 403, protocol: .query))
        let sts = try STSClient(configuration: Fixtures.configuration(mock))
        let error = try await #require(throws: CredentialCheckError.self) { try await sts.checkCredentials() }
        #expect(error.diagnosis.kind == kind)
        #expect(error.diagnosis.summary == summary)
        #expect(!"\(error)".contains(Fixtures.keys.secretAccessKey))
        #expect(mock.requests.count == 1, "authentication failures are not retried")
    }

    @Test("the unknown-key diagnosis says to regenerate the key and update the CI/CD variable")
    func unknownKeyFix() throws {
        let error = AWSServiceError(
            code: "InvalidClientTokenId", message: "", statusCode: 403, requestID: nil, service: "STS", operation: "GetCallerIdentity")
        let diagnosis = try #require(AuthenticationDiagnosis(error))
        #expect(
            "\(diagnosis.summary): \(diagnosis.fix)".hasPrefix(
                "the access key id is unknown or deactivated: regenerate it in IAM and update the CI/CD variable"))
        #expect(
            AuthenticationDiagnosis(
                AWSServiceError(
                    code: "ResourceNotFoundException", message: "", statusCode: 404, requestID: nil, service: "Lambda",
                    operation: "GetFunction")) == nil)
    }
}
