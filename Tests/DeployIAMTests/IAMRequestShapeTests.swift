import DeployCore
import DeployIAM
import DeployTestSupport
import Testing

/// Every operation of the IAM client: our request (method, canonical URI and query, member
/// headers, body) against botocore's for the same input.
@Suite("IAM requests match botocore's", .enabled(if: Botocore.isAvailable, Comment(rawValue: Botocore.skipReason)))
struct IAMRequestShapeTests {
    static let policy = PolicyDocument(statements: [.init(effect: .allow, actions: ["lambda:GetFunction"], resources: ["*"])])
    static let policyJSON = try! policy.json()

    static let cases: [OperationCase] = [
        OperationCase(
            service: "iam", signingName: "iam", operation: "CreateRole", note: "query protocol, form body",
            parameters: Botocore.json([
                "RoleName": "hello-lambda", "AssumeRolePolicyDocument": try! LeastPrivilege.lambdaTrustPolicy.json(),
            ])
        ) { _ = try await IAMClient(configuration: $0).createRole(name: "hello-lambda", trustPolicy: LeastPrivilege.lambdaTrustPolicy) },
        OperationCase(
            service: "iam", signingName: "iam", operation: "CreateRole", note: "with tags",
            parameters: Botocore.json([
                "RoleName": "hello-lambda", "AssumeRolePolicyDocument": try! LeastPrivilege.lambdaTrustPolicy.json(),
                "Tags": [["Key": "lambdadeploykit:managed", "Value": "true"], ["Key": "team", "Value": "payments"]],
            ])
        ) {
            _ = try await IAMClient(configuration: $0).createRole(
                name: "hello-lambda", trustPolicy: LeastPrivilege.lambdaTrustPolicy,
                tags: ["team": "payments", "lambdadeploykit:managed": "true"])
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "CreateUser", parameters: Botocore.json(["UserName": "ci", "Path": "/ci/"])
        ) { _ = try await IAMClient(configuration: $0).createUser(name: "ci", path: "/ci/") },
        OperationCase(service: "iam", signingName: "iam", operation: "GetUser", parameters: Botocore.json(["UserName": "ci"])) {
            _ = try await IAMClient(configuration: $0).user("ci")
        },
        OperationCase(service: "iam", signingName: "iam", operation: "DeleteUser", parameters: Botocore.json(["UserName": "ci"])) {
            try await IAMClient(configuration: $0).deleteUser("ci")
        },
        OperationCase(service: "iam", signingName: "iam", operation: "CreateAccessKey", parameters: Botocore.json(["UserName": "ci"])) {
            _ = try await IAMClient(configuration: $0).createAccessKey(userName: "ci")
        },
        OperationCase(service: "iam", signingName: "iam", operation: "ListAccessKeys", parameters: Botocore.json(["UserName": "ci"])) {
            _ = try await IAMClient(configuration: $0).accessKeys(userName: "ci").collect()
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "UpdateAccessKey",
            parameters: Botocore.json(["UserName": "ci", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Status": "Inactive"])
        ) {
            try await IAMClient(configuration: $0).setAccessKey("AKIAIOSFODNN7EXAMPLE", userName: "ci", active: false)
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "DeleteAccessKey",
            parameters: Botocore.json(["UserName": "ci", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE"])
        ) { try await IAMClient(configuration: $0).deleteAccessKey("AKIAIOSFODNN7EXAMPLE", userName: "ci") },
        OperationCase(
            service: "iam", signingName: "iam", operation: "AttachUserPolicy",
            parameters: Botocore.json(["UserName": "ci", "PolicyArn": "arn:aws:iam::aws:policy/P"])
        ) {
            try await IAMClient(configuration: $0).attachUserPolicy(userName: "ci", policyARN: "arn:aws:iam::aws:policy/P")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "DetachUserPolicy",
            parameters: Botocore.json(["UserName": "ci", "PolicyArn": "arn:aws:iam::aws:policy/P"])
        ) {
            try await IAMClient(configuration: $0).detachUserPolicy(userName: "ci", policyARN: "arn:aws:iam::aws:policy/P")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "PutUserPolicy",
            parameters: Botocore.json(["UserName": "ci", "PolicyName": "deploy", "PolicyDocument": policyJSON])
        ) {
            try await IAMClient(configuration: $0).putUserPolicy(userName: "ci", policyName: "deploy", document: policy)
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "DeleteUserPolicy",
            parameters: Botocore.json(["UserName": "ci", "PolicyName": "deploy"])
        ) {
            try await IAMClient(configuration: $0).deleteUserPolicy(userName: "ci", policyName: "deploy")
        },
        OperationCase(service: "iam", signingName: "iam", operation: "GetRole", parameters: Botocore.json(["RoleName": "r"])) {
            _ = try await IAMClient(configuration: $0).role("r")
        },
        OperationCase(service: "iam", signingName: "iam", operation: "DeleteRole", parameters: Botocore.json(["RoleName": "r"])) {
            try await IAMClient(configuration: $0).deleteRole("r")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "AttachRolePolicy",
            parameters: Botocore.json(["RoleName": "r", "PolicyArn": "arn:aws:iam::aws:policy/P"])
        ) {
            try await IAMClient(configuration: $0).attachRolePolicy(roleName: "r", policyARN: "arn:aws:iam::aws:policy/P")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "DetachRolePolicy",
            parameters: Botocore.json(["RoleName": "r", "PolicyArn": "arn:aws:iam::aws:policy/P"])
        ) {
            try await IAMClient(configuration: $0).detachRolePolicy(roleName: "r", policyARN: "arn:aws:iam::aws:policy/P")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "PutRolePolicy",
            parameters: Botocore.json(["RoleName": "r", "PolicyName": "logs", "PolicyDocument": policyJSON])
        ) {
            try await IAMClient(configuration: $0).putRolePolicy(roleName: "r", policyName: "logs", document: policy)
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "GetRolePolicy", parameters: Botocore.json(["RoleName": "r", "PolicyName": "q"])
        ) {
            _ = try? await IAMClient(configuration: $0).rolePolicy(roleName: "r", policyName: "q")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "DeleteRolePolicy",
            parameters: Botocore.json(["RoleName": "r", "PolicyName": "logs"])
        ) {
            try await IAMClient(configuration: $0).deleteRolePolicy(roleName: "r", policyName: "logs")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "ListAttachedRolePolicies", parameters: Botocore.json(["RoleName": "r"])
        ) { _ = try await IAMClient(configuration: $0).attachedRolePolicies(roleName: "r").collect() },
        OperationCase(
            service: "iam", signingName: "iam", operation: "CreatePolicy",
            parameters: Botocore.json(["PolicyName": "deploy", "PolicyDocument": policyJSON, "Description": "CI"])
        ) {
            _ = try await IAMClient(configuration: $0).createPolicy(name: "deploy", document: policy, description: "CI")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "GetPolicy",
            parameters: Botocore.json(["PolicyArn": "arn:aws:iam::123456789012:policy/deploy"])
        ) {
            _ = try await IAMClient(configuration: $0).policy(arn: "arn:aws:iam::123456789012:policy/deploy")
        },
        OperationCase(
            service: "iam", signingName: "iam", operation: "GetPolicyVersion",
            parameters: Botocore.json(["PolicyArn": "arn:aws:iam::123456789012:policy/deploy", "VersionId": "v1"])
        ) {
            _ = try await IAMClient(configuration: $0).policyDocument(arn: "arn:aws:iam::123456789012:policy/deploy", versionID: "v1")
        },
    ]

    /// The cases with botocore's requests for them, from one Python process.
    static let suite = OperationSuite(cases)

    @Test("request", arguments: cases)
    func request(_ operation: OperationCase) async throws {
        let differences = try await Self.suite.differences(operation)
        #expect(differences.isEmpty, "\(operation): \(differences.joined(separator: "; "))")
    }
}
