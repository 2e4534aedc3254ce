import DeployCore
import DeploySecrets
import DeployTestSupport
import Foundation
import Synchronization
import Testing

/// A source of secrets that counts fetches and fails on demand.
final class ScriptedSource: Sendable {
    enum Behaviour: Sendable {
        case value(String)
        case transientFailure
        case permanentFailure
    }

    private let state = Mutex<(fetches: Int, behaviour: Behaviour)>((0, .value("v1")))
    let delay: Duration

    init(delay: Duration = .zero) { self.delay = delay }

    var fetches: Int { state.withLock { $0.fetches } }
    func set(_ behaviour: Behaviour) { state.withLock { $0.behaviour = behaviour } }

    var fetcher: SecretCache.Fetcher {
        { id, version in
            let behaviour = self.state.withLock { state -> Behaviour in
                state.fetches += 1
                return state.behaviour
            }
            if self.delay > .zero { try await Task.sleep(for: self.delay) }
            switch behaviour {
            case .value(let text):
                return SecretValue(
                    arn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:\(id)", name: id, versionID: "v",
                    versionStages: ["\(version)"], createdDate: nil, value: SecretBytes(text), isBinary: false)
            case .transientFailure:
                throw TransportError(.connectionReset, "reset")
            case .permanentFailure:
                throw AWSServiceError(
                    code: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret.", statusCode: 400,
                    requestID: nil, service: "Secrets Manager", operation: "GetSecretValue")
            }
        }
    }
}

@Suite("Secret cache")
struct SecretCacheTests {
    @Test("1,000 concurrent reads of one cold secret cause exactly one fetch")
    func singleFlight() async throws {
        let source = ScriptedSource(delay: .milliseconds(50))
        let cache = SecretCache(fetch: source.fetcher)
        try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<1_000 { group.addTask { try await cache.secret("prod/db").revealString() } }
            for try await value in group { #expect(value == "v1") }
        }
        #expect(source.fetches == 1)
    }

    @Test("fresh values come from the cache; a refresh starts ahead of expiry; expired values are fetched")
    func expiryAndRefreshAhead() async throws {
        let clock = TestClock()
        let source = ScriptedSource()
        let cache = SecretCache(
            configuration: .init(timeToLive: .seconds(3600), refreshAhead: .seconds(300), now: clock.closure), fetch: source.fetcher)
        #expect(try await cache.secret("s").revealString() == "v1")
        clock.advance(by: 3000)
        #expect(try await cache.secret("s").revealString() == "v1")
        #expect(source.fetches == 1, "still fresh")
        source.set(.value("v2"))
        clock.advance(by: 400)  // 3,400 s: inside the last 300 s
        #expect(try await cache.secret("s").revealString() == "v1", "the reader does not wait for the refresh")
        try await waitUntil { source.fetches == 2 }
        try await waitUntil { (try? await cache.secret("s").revealString()) == "v2" }
        #expect(source.fetches == 2, "one background refresh")
        clock.advance(by: 3700)
        source.set(.value("v3"))
        #expect(try await cache.secret("s").revealString() == "v3", "expired: fetched before answering")
    }

    @Test("a transient failure serves the last good value within the grace period, and fails beyond it")
    func staleOnError() async throws {
        let clock = TestClock()
        let source = ScriptedSource()
        let logs = LogCapture()
        let cache = SecretCache(
            configuration: .init(timeToLive: .seconds(3600), refreshAhead: .zero, gracePeriod: .seconds(900), now: clock.closure),
            logger: logs.logger(), fetch: source.fetcher
        )
        _ = try await cache.secret("s")
        source.set(.transientFailure)
        clock.advance(by: 3600 + 600)
        #expect(try await cache.secret("s").revealString() == "v1", "10 minutes into the 15-minute grace period")
        #expect(logs.entries.contains { $0.level == .warning && $0.metadata["secret"] == "s" })
        clock.advance(by: 400)
        await #expect(throws: TransportError.self, "past the grace period") { try await cache.secret("s") }
        source.set(.value("v2"))
        #expect(try await cache.secret("s").revealString() == "v2")
    }

    @Test("a permanent failure is surfaced at once, even with a cached value")
    func permanentFailure() async throws {
        let clock = TestClock()
        let source = ScriptedSource()
        let cache = SecretCache(
            configuration: .init(timeToLive: .seconds(60), refreshAhead: .zero, now: clock.closure), fetch: source.fetcher)
        _ = try await cache.secret("s")
        source.set(.permanentFailure)
        clock.advance(by: 61)
        let error = try await #require(throws: AWSServiceError.self) { try await cache.secret("s") }
        #expect(error.code == "ResourceNotFoundException")
        #expect(cache.count == 0)
    }

    @Test("versions are cached apart; invalidation forces a fetch; the cache is bounded")
    func versionsInvalidationBound() async throws {
        let source = ScriptedSource()
        let cache = SecretCache(configuration: .init(maximumEntries: 3), fetch: source.fetcher)
        _ = try await cache.secret("s", version: .current)
        _ = try await cache.secret("s", version: .previous)
        #expect(source.fetches == 2)
        _ = try await cache.secret("s", version: .previous)
        #expect(source.fetches == 2)
        cache.invalidate("s")
        _ = try await cache.secret("s")
        #expect(source.fetches == 3)
        for name in ["a", "b", "c", "d", "e"] { _ = try await cache.secret(name) }
        #expect(cache.count <= 3)
    }

    func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        for _ in 0..<2_000 {  // up to 10 s: generous for a loaded machine
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("the condition never held")
    }
}

@Suite("Secret values and references")
struct SecretValueTests {
    static let password = "hunter2-Zq9!"
    static let json = SecretBytes(#"{"username":"deploy","password":"\#(password)","port":5432}"#)

    @Test("description, debugDescription, dump and interpolation are redacted")
    func redaction() {
        var dumped = ""
        dump(Self.json, to: &dumped)
        for text in [Self.json.description, Self.json.debugDescription, "\(Self.json)", String(reflecting: Self.json), dumped] {
            #expect(!text.contains(Self.password))
            #expect(text.contains(SecretBytes.redactionMarker))
        }
        #expect(Self.json.revealString()?.contains(Self.password) == true)
    }

    @Test("JSON secrets decode into any Decodable, and a key reads alone")
    func json() throws {
        struct Login: Decodable {
            var username: String
            var password: String
        }
        let login = try Self.json.decodeJSON(Login.self)
        #expect(login.username == "deploy")
        #expect(try Self.json.value(forKey: "password").revealString() == Self.password)
        #expect(try Self.json.value(forKey: "port").revealString() == "5432")
    }

    @Test("a missing key or a non-JSON secret is a typed error that does not echo the value")
    func jsonErrors() throws {
        let missing = try #require(throws: SecretError.self) { try Self.json.value(forKey: "token", secretID: "prod/db") }
        #expect(missing.code == .missingKey)
        #expect(missing.message.contains("prod/db") && missing.message.contains("token"))
        let plain = SecretBytes("just-a-\(Self.password)")
        let notJSON = try #require(throws: SecretError.self) { try plain.value(forKey: "password") }
        #expect(notJSON.code == .notJSON)
        struct Other: Decodable { var token: String }
        let decode = try #require(throws: SecretError.self) { try Self.json.decodeJSON(Other.self, secretID: "prod/db") }
        for error in [missing, notJSON, decode] {
            #expect(!"\(error)".contains(Self.password))
            #expect(!String(reflecting: error).contains(Self.password))
        }
    }

    @Test(
        "references in serverless.yml's form",
        arguments: [
            ("${ssm:/aws/reference/secretsmanager/prod/db}", "prod/db", nil),
            ("${ssm:/aws/reference/secretsmanager/prod/db:password}", "prod/db", "password"),
            ("ssm:/aws/reference/secretsmanager/gitlab/deploy", "gitlab/deploy", nil),
        ] as [(String, String, String?)])
    func references(_ text: String, _ id: String, _ key: String?) throws {
        let reference = try #require(SecretReference(text))
        #expect(reference.secretID == id)
        #expect(reference.jsonKey == key)
        #expect(SecretReference(reference.description) == reference)
    }

    @Test(
        "other text is not a reference",
        arguments: [
            "${ssm:/my/parameter}", "${env:HOME}", "${ssm:/aws/reference/secretsmanager/}", "${ssm:/aws/reference/secretsmanager/x:}",
        ])
    func notReferences(_ text: String) {
        #expect(SecretReference(text) == nil)
    }

    @Test("a reference resolves through the cache, whole or by key")
    func resolve() async throws {
        let cache = SecretCache { _, _ in
            SecretValue(arn: "a", name: "prod/db", versionID: nil, versionStages: [], createdDate: nil, value: Self.json, isBinary: false)
        }
        #expect(
            try await cache.resolve(try #require(SecretReference("${ssm:/aws/reference/secretsmanager/prod/db:username}"))).revealString()
                == "deploy")
        #expect(try await cache.resolve(SecretReference(secretID: "prod/db")) == Self.json)
    }
}
