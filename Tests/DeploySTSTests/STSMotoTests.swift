import DeployAsyncHTTPClient
import DeployCore
import DeploySTS
import DeploySigV4
import DeployTestSupport
import Foundation
import HTTPTypes
import Testing

/// STS and the core over real HTTP against moto, with moto's SigV4 and IAM checking on.
@Suite("STS on moto (auth on)", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct STSMotoTests {
    let transport = AsyncHTTPClientTransport.shared

    func sts(_ credentials: Credentials, signsContentSHA256: Bool = true) throws -> STSClient {
        var configuration = try MotoEnvironment.configuration(credentials: credentials, transport: transport)
        configuration.signsContentSHA256 = signsContentSHA256
        return STSClient(configuration: configuration)
    }

    @Test("GetCallerIdentity with the right key returns the IAM user's ARN")
    func rightKey() async throws {
        let admin = try #require(MotoEnvironment.admin)
        let identity = try await sts(admin).checkCredentials()
        #expect(identity.arn == "arn:aws:iam::123456789012:user/deploy-admin")
        #expect(identity.account == "123456789012")
    }

    @Test("a POST signed over its body hash (no X-Amz-Content-SHA256 header) is verified: payload hashing is right")
    func payloadHashing() async throws {
        let limited = try #require(MotoEnvironment.limited)
        let identity = try await sts(limited, signsContentSHA256: false).callerIdentity()
        #expect(identity.arn == "arn:aws:iam::123456789012:user/deploy-limited")
    }

    @Test("a body changed after signing is refused: moto really checks the payload hash")
    func tamperedBody() async throws {
        let admin = try #require(MotoEnvironment.admin)
        let request = AWSRequest.query(action: "GetCallerIdentity", version: "2011-06-15")
        let signer = try SigV4Signer(credentials: admin, region: "us-east-1", service: "sts")
        var http = try HTTPRequest(
            method: "POST", url: "\(MotoEnvironment.endpoint!)/",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
        http = try signer.sign(http, payload: .bytes(try await request.body!.collect()))
        let tampered = Array("Action=GetCallerIdentity&Version=2011-06-15&Extra=1".utf8)
        let response = try await transport.send(http, body: HTTPBody(bytes: tampered), context: TransportContext())
        #expect(response.statusCode == 403)
        #expect(String(decoding: response.body, as: UTF8.self).contains("SignatureDoesNotMatch"))
    }

    @Test("a wrong secret surfaces as the SignatureDoesNotMatch diagnosis")
    func wrongSecret() async throws {
        var wrong = try #require(MotoEnvironment.admin)
        wrong.secretAccessKey = String(wrong.secretAccessKey.dropLast()) + (wrong.secretAccessKey.hasSuffix("A") ? "B" : "A")
        let error = try await #require(throws: CredentialCheckError.self) { try await sts(wrong).checkCredentials() }
        #expect(error.diagnosis.kind == .secretMismatch)
        #expect(error.diagnosis.summary == "the secret access key does not belong to this key id")
        #expect(!"\(error)".contains(wrong.secretAccessKey))
    }

    @Test("an unknown key surfaces as the InvalidClientTokenId diagnosis")
    func unknownKey() async throws {
        let unknown = Credentials(
            accessKeyID: "AKIA" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)), secretAccessKey: "x")
        let error = try await #require(throws: CredentialCheckError.self) { try await sts(unknown).checkCredentials() }
        #expect(error.diagnosis.kind == .unknownAccessKey)
        #expect(error.diagnosis.error.code == "InvalidClientTokenId")
    }

    @Test("a key without permission gets AccessDenied, diagnosed with the operation")
    func accessDenied() async throws {
        let limited = try #require(MotoEnvironment.limited)
        let error = try await #require(throws: AWSServiceError.self) {
            try await sts(limited).assumeRole(roleARN: "arn:aws:iam::123456789012:role/none", sessionName: "s")
        }
        #expect(error.code == "AccessDenied")
        let diagnosis = try #require(AuthenticationDiagnosis(error))
        #expect(diagnosis.kind == .accessDenied)
        #expect(diagnosis.summary.contains("STS AssumeRole"))
    }

    @Test("AssumeRole returns session credentials that moto accepts as the assumed role")
    func assumeRole() async throws {
        let admin = try #require(MotoEnvironment.admin)
        let role = MotoEnvironment.uniqueName("ci-role")
        let iam = try AWSClient(service: iamService, configuration: MotoEnvironment.configuration(credentials: admin, transport: transport))
        var parameters = QueryParameters()
        parameters.set("RoleName", role)
        // A trust policy naming the user: moto fails AssumeRole for Service principals (moto-recipes §6)
        // and, unlike AWS, does not read the account root principal as covering the account's users.
        parameters.set(
            "AssumeRolePolicyDocument",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/deploy-admin"},"#
                + #""Action":"sts:AssumeRole"}]}"#
        )
        _ = try await iam.send(.query(action: "CreateRole", version: "2010-05-08", parameters: parameters), operation: "CreateRole")

        let assumed = try await sts(admin).assumeRole(roleARN: "arn:aws:iam::123456789012:role/\(role)", sessionName: "gitlab-job-1")
        #expect(assumed.credentials.accessKeyID.hasPrefix("ASIA"))
        #expect(assumed.credentials.sessionToken != nil)
        #expect(assumed.credentials.expiration != nil)
        let identity = try await sts(assumed.credentials).callerIdentity()
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/\(role)/gitlab-job-1")

        var stripped = assumed.credentials
        stripped.sessionToken = "wrong-token"
        let error = try await #require(throws: CredentialCheckError.self) { try await sts(stripped).checkCredentials() }
        #expect(error.diagnosis.kind == .unknownAccessKey)
    }

    @Test("AssumeRoleWithWebIdentity (signed, as moto's auth mode requires) returns working credentials")
    func webIdentity() async throws {
        let admin = try #require(MotoEnvironment.admin)
        let assumed = try await sts(admin).assumeRoleWithWebIdentity(
            roleARN: "arn:aws:iam::123456789012:role/gitlab-oidc", sessionName: "job-7", webIdentityToken: "eyJhbGciOi.gitlab.jwt",
            authentication: .signed
        )
        #expect(assumed.credentials.accessKeyID.count >= 16)
        #expect(assumed.credentials.sessionToken?.isEmpty == false)
    }

    let iamService = AWSService(
        serviceID: "IAM", signingName: "iam", endpointPrefix: "iam", apiVersion: "2010-05-08", wireProtocol: .query, isGlobal: true)
}

@Suite("moto availability")
struct MotoAvailabilityTests {
    @Test("in CI the moto integration tests are not skipped")
    func runsInCI() {
        if MotoEnvironment.isCI {
            #expect(
                MotoEnvironment.isAvailable,
                "CI=true but AWS_ENDPOINT_URL or the DEPLOY_TEST_* keys are missing: run the tests through .ci/test")
        }
    }
}
