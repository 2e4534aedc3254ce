import DeployCore
import DeploySigV4
import DeployTestSupport
import DeployTesting
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// Records role assumptions and answers with made-up credentials.
final class RecordingAssumer: RoleAssumer {
    struct Call: Equatable {
        var kind: String
        var roleARN: String
        var sessionName: String
        var sourceKeyID: String?
        var token: String?
    }

    private let calls = Mutex<[Call]>([])
    var recorded: [Call] { calls.withLock { $0 } }

    func assumeRole(roleARN: String, sessionName: String, using credentials: Credentials, region: Region?) async throws -> Credentials {
        calls.withLock {
            $0.append(Call(kind: "AssumeRole", roleARN: roleARN, sessionName: sessionName, sourceKeyID: credentials.accessKeyID))
        }
        return Credentials(accessKeyID: "ASIA-\(roleARN.split(separator: "/").last ?? "")", secretAccessKey: "s", sessionToken: "t")
    }

    func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, webIdentityToken: String, region: Region?
    ) async throws -> Credentials {
        calls.withLock { $0.append(Call(kind: "WebIdentity", roleARN: roleARN, sessionName: sessionName, token: webIdentityToken)) }
        return Credentials(accessKeyID: "ASIAWEB", secretAccessKey: "s", sessionToken: "t")
    }
}

@Suite("Credentials")
struct CredentialTests {
    func context(_ environment: [String: String], files: [String: String] = [:], transport: (any HTTPTransport)? = nil) -> CredentialContext
    {
        CredentialContext(environment: environment, fileSystem: InMemoryFileSystem(home: "/home/ci", files: files), transport: transport)
    }

    @Test("environment: the GitLab CI/CD variables")
    func environment() async throws {
        let found = try await EnvironmentCredentialProvider().credentials(
            context: context(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"])
        )
        #expect(found == Credentials(accessKeyID: "AKIAENV", secretAccessKey: "secret", sessionToken: "token"))
        await #expect(throws: CredentialProviderSkipped.self) {
            try await EnvironmentCredentialProvider().credentials(context: context(["AWS_ACCESS_KEY_ID": "AKIAENV"]))
        }
    }

    @Test("nothing resolves: every provider is listed with its reason")
    func nothingResolves() async throws {
        let chain = CredentialProviderChain.default(assumer: RecordingAssumer())
        let error = try await #require(throws: CredentialError.self) {
            try await chain.credentials(context: context(["AWS_EC2_METADATA_DISABLED": "true"]))
        }
        #expect(error.code == .noCredentials)
        #expect(
            error.attempts.map(\.provider) == ["environment", "web identity", "shared config files", "container", "EC2 instance metadata"])
        #expect(error.attempts[0].reason.contains("AWS_ACCESS_KEY_ID"))
        #expect(error.attempts[4].reason.contains("AWS_EC2_METADATA_DISABLED"))
        #expect("\(error)".contains("Settings › CI/CD › Variables"))
    }

    static let misspellings: [(String, String)] = [
        ("AWSACCESSKEY_ID", "AWS_ACCESS_KEY_ID"), ("AWSSECRETACCESS_KEY", "AWS_SECRET_ACCESS_KEY"),
        ("AWSACCESSKEYID", "AWS_ACCESS_KEY_ID"), ("aws_access_key_id", "AWS_ACCESS_KEY_ID"),
        ("AWS_SECRET_KEY", "AWS_SECRET_ACCESS_KEY"), ("AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID"),
    ]

    @Test("a misspelt variable is named with the one that was meant", arguments: 0..<misspellings.count)
    func misspelt(_ index: Int) async throws {
        let (found, meant) = Self.misspellings[index]
        let error = try await #require(throws: CredentialError.self) {
            try await CredentialProviderChain([EnvironmentCredentialProvider()]).credentials(context: context([found: "value"]))
        }
        #expect(error.misspellings == [.init(found: found, meant: meant)])
        #expect("\(error)".contains("The environment has \(found); did you mean \(meant)?"))
        #expect(!"\(error)".contains("value"), "the variable's value is never shown")
    }

    @Test("a misspelt region variable is named when no region resolves")
    func misspeltRegion() {
        let error = #expect(throws: RegionError.self) {
            try Region.resolve(context: context(["AWSREGION": "eu-west-1"]))
        }
        #expect(error?.message.contains("AWSREGION: did you mean AWS_REGION") == true)
    }

    static let sharedFiles = [
        "/home/ci/.aws/credentials": """
        # written by aws configure set
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = defaultsecret

        [ci]
        aws_access_key_id=AKIACI
        aws_secret_access_key=cisecret
        aws_session_token = citoken
        """,
        "/home/ci/.aws/config": """
        [default]
        region = eu-west-1

        [profile deployer]
        role_arn = arn:aws:iam::123456789012:role/deployer
        source_profile = ci
        role_session_name = gitlab

        [profile chained]
        role_arn = arn:aws:iam::123456789012:role/second
        source_profile = deployer

        [profile loop-a]
        role_arn = arn:aws:iam::123456789012:role/a
        source_profile = loop-b

        [profile loop-b]
        role_arn = arn:aws:iam::123456789012:role/b
        source_profile = loop-a

        [profile web]
        role_arn = arn:aws:iam::123456789012:role/web
        web_identity_token_file = /tokens/web

        [sso-session corp]
        sso_region = us-east-1
        """,
        "/tokens/web": "header.payload.signature\n",
    ]

    @Test("shared files: default and named profiles, as aws configure set writes them")
    func profiles() async throws {
        let provider = ProfileCredentialProvider(assumer: RecordingAssumer())
        let defaults = try await provider.credentials(context: context([:], files: Self.sharedFiles))
        #expect(defaults == Credentials(accessKeyID: "AKIADEFAULT", secretAccessKey: "defaultsecret"))
        let ci = try await provider.credentials(context: context(["AWS_PROFILE": "ci"], files: Self.sharedFiles))
        #expect(ci == Credentials(accessKeyID: "AKIACI", secretAccessKey: "cisecret", sessionToken: "citoken"))
        #expect(try Region.resolve(context: context([:], files: Self.sharedFiles)).name == "eu-west-1")
    }

    @Test("role_arn + source_profile chains assume each role with the previous credentials")
    func assumeRoleChain() async throws {
        let assumer = RecordingAssumer()
        let found = try await ProfileCredentialProvider(assumer: assumer).credentials(
            context: context(["AWS_PROFILE": "chained"], files: Self.sharedFiles))
        #expect(found.accessKeyID == "ASIA-second")
        #expect(assumer.recorded.map(\.roleARN) == ["arn:aws:iam::123456789012:role/deployer", "arn:aws:iam::123456789012:role/second"])
        #expect(assumer.recorded.map(\.sourceKeyID) == ["AKIACI", "ASIA-deployer"])
        #expect(assumer.recorded[0].sessionName == "gitlab")
    }

    @Test("a source_profile loop, a missing profile and a missing token file are errors")
    func profileErrors() async throws {
        let provider = ProfileCredentialProvider(assumer: RecordingAssumer())
        let loop = try await #require(throws: CredentialError.self) {
            try await provider.credentials(context: context(["AWS_PROFILE": "loop-a"], files: Self.sharedFiles))
        }
        #expect(loop.code == .invalidProfile)
        #expect(loop.message.contains("loop-a → loop-b → loop-a"))
        let missing = try await #require(throws: CredentialError.self) {
            try await provider.credentials(context: context(["AWS_PROFILE": "nope"], files: Self.sharedFiles))
        }
        #expect(missing.code == .profileNotFound)
        #expect(!missing.message.contains("sso"), "non-profile sections are not profiles")
        var files = Self.sharedFiles
        files["/tokens/web"] = nil
        let token = try await #require(throws: CredentialError.self) {
            try await provider.credentials(context: context(["AWS_PROFILE": "web"], files: files))
        }
        #expect(token.code == .webIdentityTokenMissing)
    }

    @Test("web identity: token from AWS_WEB_IDENTITY_TOKEN_FILE or from a variable (GitLab id_tokens)")
    func webIdentity() async throws {
        let assumer = RecordingAssumer()
        let provider = WebIdentityCredentialProvider(assumer: assumer)
        _ = try await provider.credentials(
            context: context(
                [
                    "AWS_ROLE_ARN": "arn:aws:iam::1:role/ci", "AWS_WEB_IDENTITY_TOKEN_FILE": "/tokens/web",
                    "AWS_ROLE_SESSION_NAME": "job-42",
                ],
                files: Self.sharedFiles
            ))
        _ = try await WebIdentityCredentialProvider(assumer: assumer, tokenVariable: "GITLAB_OIDC_TOKEN").credentials(
            context: context(["AWS_ROLE_ARN": "arn:aws:iam::1:role/ci", "GITLAB_OIDC_TOKEN": "eyJ.variable.token"])
        )
        #expect(assumer.recorded.map(\.token) == ["header.payload.signature", "eyJ.variable.token"])
        #expect(assumer.recorded[0].sessionName == "job-42")
        await #expect(throws: CredentialProviderSkipped.self) {
            try await provider.credentials(context: context(["AWS_ROLE_ARN": "arn:aws:iam::1:role/ci"]))
        }
    }

    @Test("container credentials from the relative URI, with the authorization token")
    func container() async throws {
        let mock = MockTransport()
        mock.on(
            .rest(.get, "/v2/credentials/{id}"),
            reply: .json(#"{"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:00:00Z"}"#))
        let found = try await ContainerCredentialProvider().credentials(
            context: context(
                ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer x"],
                transport: mock
            ))
        #expect(found.accessKeyID == "ASIACONTAINER")
        #expect(found.expiration == ISO8601DateFormatter().date(from: "2030-01-01T00:00:00Z"))
        let sent = try #require(mock.requests.first)
        #expect(sent.request.authority == "169.254.170.2")
        #expect(sent.request.headerFields[.authorization] == "Bearer x")
    }

    @Test(
        "the container full URI: plain HTTP only to loopback and the container agents; the token is never sent elsewhere",
        arguments: [
            ("http://attacker.example/creds", false), ("http://10.0.0.5/creds", false), ("http://169.254.169.254/creds", false),
            ("http://127.0.0.1:9911/creds", true), ("http://127.5.6.7/creds", true), ("http://localhost:80/creds", true),
            ("http://169.254.170.2/v2/creds", true), ("http://169.254.170.23/v1/credentials", true),
            ("http://[fd00:ec2::23]/v1/credentials", true),
            ("https://credentials.example.com/creds", true), ("ftp://127.0.0.1/creds", false),
            ("http://127.0.0.1.attacker.example/creds", false),
        ])
    func containerFullURIRule(_ uri: String, allowed: Bool) async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .json(#"{"AccessKeyId":"ASIAFULL","SecretAccessKey":"s","Token":"t"}"#))
        let environment = ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer pod-token"]
        if allowed {
            let found = try await ContainerCredentialProvider().credentials(context: context(environment, transport: mock))
            #expect(found.accessKeyID == "ASIAFULL")
        } else {
            let error = await #expect(throws: CredentialError.self) {
                try await ContainerCredentialProvider().credentials(context: context(environment, transport: mock))
            }
            #expect(error?.code == .containerURIRejected)
            #expect(error?.description.contains("https://") == true, "the error names the rule")
            #expect(mock.requests.isEmpty, "nothing, and so no token, was sent")
        }
    }

    @Test("the container authorization token can come from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    func containerTokenFile() async throws {
        let mock = MockTransport()
        mock.on(.any, reply: .json(#"{"AccessKeyId":"ASIAFULL","SecretAccessKey":"s","Token":"t"}"#))
        let environment = [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": "/var/run/secrets/pods.eks.amazonaws.com/token",
        ]
        let provider = ContainerCredentialProvider()
        _ = try await provider.credentials(
            context: context(
                environment, files: ["/var/run/secrets/pods.eks.amazonaws.com/token": "eks-token\n"], transport: mock))
        #expect(mock.requests.first?.request.headerFields[.authorization] == "eks-token")
    }

    @Test("IMDSv2: token, role name, then the role's credentials; a timeout skips")
    func instanceMetadata() async throws {
        let mock = MockTransport()
        mock.on(.rest(.put, "/latest/api/token"), reply: .status(200, body: Array("imds-token".utf8)))
        mock.on(.rest(.get, "/latest/meta-data/iam/security-credentials"), reply: .status(200, body: Array("ci-role\n".utf8)))
        mock.on(
            .rest(.get, "/latest/meta-data/iam/security-credentials/ci-role"),
            reply: .json(#"{"AccessKeyId":"ASIAIMDS","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:00:00Z"}"#))
        let environment = ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"]
        let found = try await InstanceMetadataCredentialProvider().credentials(context: context(environment, transport: mock))
        #expect(found.accessKeyID == "ASIAIMDS")
        #expect(mock.requests.count == 3)
        #expect(mock.requests[1].request.headerFields[HTTPField.Name("X-aws-ec2-metadata-token")!] == "imds-token")

        // No answer: the provider gives each exchange its own short timeout (not the 60 s default),
        // and a timeout skips it. The transport records the timeout it is given instead of waiting it out.
        let silent = TimeoutRecorder()
        await #expect(throws: CredentialProviderSkipped.self) {
            try await InstanceMetadataCredentialProvider(timeout: .milliseconds(200)).credentials(
                context: context(environment, transport: silent))
        }
        #expect(!silent.timeouts.isEmpty && silent.timeouts.allSatisfy { $0 == .milliseconds(200) }, "\(silent.timeouts)")
    }

    /// A transport that never answers: it records each exchange's timeout and fails as a timeout.
    final class TimeoutRecorder: HTTPTransport {
        private let recorded = Mutex<[Duration]>([])
        var timeouts: [Duration] { recorded.withLock { $0 } }

        func send(_ request: HTTPRequest, body: HTTPBody?, context: TransportContext) async throws -> TransportResponse {
            recorded.withLock { $0.append(context.timeout) }
            throw TransportError(.timeout, "no answer within \(context.timeout)")
        }
    }

    @Test("the cache shares one fetch among 1,000 concurrent callers")
    func singleFlight() async throws {
        let counter = CountingProvider(delay: .milliseconds(50))
        let cache = CachedCredentialProvider(counter, context: context([:]))
        try await withThrowingTaskGroup(of: Credentials.self) { group in
            for _ in 0..<1_000 { group.addTask { try await cache.credentials() } }
            for try await found in group { #expect(found.accessKeyID == "AKIA1") }
        }
        #expect(counter.count == 1)
    }

    @Test("a refresh that fails inside the margin serves the current credentials until they expire, then throws")
    func failedRefreshAhead() async throws {
        let clock = TestClock()
        let flaky = FlakyProvider(clock: clock)
        let cache = CachedCredentialProvider(
            flaky, context: CredentialContext(environment: [:], now: clock.closure), refreshMargin: .seconds(300))
        #expect(try await cache.credentials().accessKeyID == "ASIAFIRST")
        flaky.failing.withLock { $0 = true }
        clock.advance(by: 3500)  // 100 s left: inside the margin, the refresh fails
        #expect(try await cache.credentials().accessKeyID == "ASIAFIRST", "still valid: served")
        clock.advance(by: 200)  // expired
        await #expect(throws: CredentialError.self) { try await cache.credentials() }
    }

    @Test("temporary credentials are refreshed ahead of expiry, long-term ones never")
    func refreshAhead() async throws {
        let clock = TestClock()
        let counter = CountingProvider(expiresIn: 3600, clock: clock)
        let cache = CachedCredentialProvider(
            counter, context: CredentialContext(environment: [:], now: clock.closure), refreshMargin: .seconds(300))
        _ = try await cache.credentials()
        clock.advance(by: 3000)
        #expect(try await cache.credentials().accessKeyID == "AKIA1", "still 10 minutes left")
        clock.advance(by: 301)
        #expect(try await cache.credentials().accessKeyID == "AKIA2", "within 5 minutes of expiry")
        #expect(counter.count == 2)
        let longTerm = CountingProvider()
        let longCache = CachedCredentialProvider(longTerm, context: CredentialContext(environment: [:], now: clock.closure))
        for _ in 0..<3 {
            _ = try await longCache.credentials()
            clock.advance(by: 86_400 * 365)
        }
        #expect(longTerm.count == 1)
        await longCache.invalidate()
        _ = try await longCache.credentials()
        #expect(longTerm.count == 2)
    }
}

final class FlakyProvider: CredentialProvider {
    let failing = Mutex(false)
    let clock: TestClock
    init(clock: TestClock) { self.clock = clock }
    var name: String { "flaky" }

    func credentials(context: CredentialContext) async throws -> Credentials {
        if failing.withLock({ $0 }) { throw CredentialError(.metadataEndpointFailed, "the endpoint is down") }
        return Credentials(
            accessKeyID: "ASIAFIRST", secretAccessKey: "s", sessionToken: "t", expiration: clock.now.addingTimeInterval(3600))
    }
}

final class CountingProvider: CredentialProvider {
    private let calls = Mutex(0)
    let delay: Duration
    let expiresIn: TimeInterval?
    let clock: TestClock?

    init(delay: Duration = .zero, expiresIn: TimeInterval? = nil, clock: TestClock? = nil) {
        self.delay = delay
        self.expiresIn = expiresIn
        self.clock = clock
    }

    var count: Int { calls.withLock { $0 } }
    var name: String { "counting" }

    func credentials(context: CredentialContext) async throws -> Credentials {
        let number = calls.withLock { value -> Int in
            value += 1
            return value
        }
        if delay > .zero { try await Task.sleep(for: delay) }
        let expiration = expiresIn.map { (clock?.now ?? Date()).addingTimeInterval($0) }
        return Credentials(accessKeyID: "AKIA\(number)", secretAccessKey: "s", expiration: expiration)
    }
}

@Suite("Credentials from real files")
struct CredentialFileTests {
    @Test("AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name temporary files on disk")
    func temporaryFiles() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let credentials = folder.appendingPathComponent("credentials")
        let config = folder.appendingPathComponent("config")
        try "[gitlab]\naws_access_key_id = AKIAFILE\naws_secret_access_key = filesecret\n".write(
            to: credentials, atomically: true, encoding: .utf8)
        try "[profile gitlab]\nregion = ap-southeast-2\n".write(to: config, atomically: true, encoding: .utf8)
        let context = CredentialContext(environment: [
            "AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_CONFIG_FILE": config.path, "AWS_PROFILE": "gitlab",
        ])
        let found = try await CredentialProviderChain([EnvironmentCredentialProvider(), ProfileCredentialProvider()]).credentials(
            context: context)
        #expect(found == Credentials(accessKeyID: "AKIAFILE", secretAccessKey: "filesecret"))
        #expect(try Region.resolve(context: context).name == "ap-southeast-2")
    }
}
