import DeployAsyncHTTPClient
import DeployCore
import DeployIAM
import DeploySTS
import DeploySigV4
import DeployTestSupport
import Foundation
import Testing

/// IAM over real HTTP against moto, with SigV4 and IAM checking on.
@Suite("IAM on moto (auth on)", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct IAMMotoTests {
    func iam(_ credentials: Credentials? = nil) throws -> IAMClient {
        try IAMClient(
            configuration: MotoEnvironment.configuration(
                credentials: credentials ?? MotoEnvironment.admin!, transport: AsyncHTTPClientTransport.shared))
    }

    @Test("a deploy user: created, given the least-privilege policy, a key that works and is redacted, then removed")
    func deployUser() async throws {
        let iam = try iam()
        let name = MotoEnvironment.uniqueName("gitlab-deployer")
        let user = try await iam.createUser(name: name)
        #expect(user.arn == "arn:aws:iam::123456789012:user/\(name)")
        #expect(try await iam.user(name).userID == user.userID)

        let policy = LeastPrivilege.deployPolicy(
            functions: ["myLambdaFunction"], region: "us-east-1", account: "123456789012",
            executionRoleARN: "arn:aws:iam::123456789012:role/hello-lambda"
        )
        try await iam.putUserPolicy(userName: name, policyName: "deploy", document: policy)  // moto rejects malformed documents

        let key = try await iam.createAccessKey(userName: name)
        #expect(key.credentials.accessKeyID.hasPrefix("AKIA"))
        #expect(!"\(key)".contains(key.credentials.secretAccessKey))
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains(key.credentials.secretAccessKey))
        let identity = try await STSClient(
            configuration: MotoEnvironment.configuration(credentials: key.credentials, transport: AsyncHTTPClientTransport.shared)
        ).callerIdentity()
        #expect(identity.arn == user.arn, "the new key signs requests moto accepts")

        let keys = try await iam.accessKeys(userName: name).collect()
        #expect(keys.map(\.accessKeyID) == [key.credentials.accessKeyID])
        #expect(keys.allSatisfy { $0.isActive })
        try await iam.setAccessKey(key.credentials.accessKeyID, userName: name, active: false)
        #expect(try await iam.accessKeys(userName: name).collect().allSatisfy { !$0.isActive })
        try await iam.deleteAccessKey(key.credentials.accessKeyID, userName: name)
        #expect(try await iam.accessKeys(userName: name).collect().isEmpty)
        let guarded = try await #require(throws: AWSServiceError.self) { try await iam.deleteUser(name) }
        #expect(guarded.code == "DeleteConflict", "an inline policy still attached")
        try await iam.deleteUserPolicy(userName: name, policyName: "deploy")
        try await iam.deleteUser(name)
        let gone = try await #require(throws: AWSServiceError.self) { try await iam.user(name) }
        #expect(gone.code == "NoSuchEntity")
    }

    @Test("an execution role: trust policy read back, managed and inline policies, delete guarded by attachments")
    func executionRole() async throws {
        let iam = try iam()
        let name = MotoEnvironment.uniqueName("hello-lambda")
        let created = try await iam.createRole(
            name: name, trustPolicy: LeastPrivilege.lambdaTrustPolicy, description: "seed execution role")
        let fetched = try await iam.role(name)
        #expect(fetched.arn == created.arn)
        #expect(fetched.trustPolicy?.statements.first?.principals == ["Service": ["lambda.amazonaws.com"]])

        let basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        try await iam.attachRolePolicy(roleName: name, policyARN: basic)
        try await iam.putRolePolicy(
            roleName: name, policyName: "logs",
            document: LeastPrivilege.executionRolePolicy(functionName: "myLambdaFunction", region: "us-east-1", account: "123456789012"))
        let attached = try await iam.attachedRolePolicies(roleName: name).collect()
        #expect(attached.map(\.arn) == [basic])

        let conflict = try await #require(throws: AWSServiceError.self) { try await iam.deleteRole(name) }
        #expect(conflict.code == "DeleteConflict")
        try await iam.detachRolePolicy(roleName: name, policyARN: basic)
        try await iam.deleteRolePolicy(roleName: name, policyName: "logs")
        try await iam.deleteRole(name)
        let gone = try await #require(throws: AWSServiceError.self) { try await iam.role(name) }
        #expect(gone.code == "NoSuchEntity")
    }

    @Test("customer-managed policies: created, read, their document returned")
    func managedPolicy() async throws {
        let iam = try iam()
        let document = LeastPrivilege.deployPolicy(
            functions: ["f"], region: "us-east-1", account: "123456789012", executionRoleARN: "arn:aws:iam::123456789012:role/r")
        let created = try await iam.createPolicy(name: MotoEnvironment.uniqueName("deploy"), document: document, description: "CI deploy")
        let fetched = try await iam.policy(arn: created.arn)
        #expect(fetched.name == created.name)
        let versionID = try #require(fetched.defaultVersionID)
        #expect(try await iam.policyDocument(arn: created.arn, versionID: versionID) == document)
        let user = MotoEnvironment.uniqueName("user")
        _ = try await iam.createUser(name: user)
        try await iam.attachUserPolicy(userName: user, policyARN: created.arn)
        try await iam.detachUserPolicy(userName: user, policyARN: created.arn)
    }

    @Test("a user without IAM permissions is denied, and the diagnosis names the operation")
    func denied() async throws {
        let limited = try #require(MotoEnvironment.limited)
        let error = try await #require(throws: AWSServiceError.self) {
            try await iam(limited).createUser(name: MotoEnvironment.uniqueName("x"))
        }
        #expect(error.code == "AccessDenied")
        let diagnosis = try #require(AuthenticationDiagnosis(error))
        #expect(diagnosis.summary.contains("IAM CreateUser"))
        #expect(diagnosis.missingAction == "iam:CreateUser")
        #expect(diagnosis.fix.contains(#""Action": "iam:CreateUser""#))
    }
}
