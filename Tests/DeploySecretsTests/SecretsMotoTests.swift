import DeployAsyncHTTPClient
import DeployCore
import DeploySecrets
import DeploySigV4
import DeployTestSupport
import Foundation
import Testing

/// Secrets Manager over real HTTP against moto, with SigV4 and IAM checking on.
@Suite("Secrets Manager on moto (auth on)", .enabled(if: MotoEnvironment.isAvailable, Comment(rawValue: MotoEnvironment.skipReason)))
struct SecretsMotoTests {
    func client(logs: LogCapture? = nil, credentials: Credentials? = nil) throws -> SecretsManagerClient {
        var configuration = try MotoEnvironment.configuration(
            credentials: credentials ?? MotoEnvironment.admin!, transport: AsyncHTTPClientTransport.shared)
        if let logs { configuration.logger = logs.logger() }
        return SecretsManagerClient(configuration: configuration)
    }

    @Test("create, read, update, read the previous version, describe, list, delete, restore")
    func lifecycle() async throws {
        let secrets = try client()
        let name = MotoEnvironment.uniqueName("gitlab/deploy/db")
        let created = try await secrets.createSecret(name: name, value: SecretBytes(#"{"password":"first"}"#), description: "CI database")
        #expect(created.arn.contains(name))
        #expect(try await secrets.secretValue(name).value.value(forKey: "password").revealString() == "first")

        _ = try await secrets.putSecretValue(name, value: SecretBytes(#"{"password":"second"}"#))
        let current = try await secrets.secretValue(name)
        let previous = try await secrets.secretValue(name, version: .previous)
        #expect(try current.value.value(forKey: "password").revealString() == "second")
        #expect(try previous.value.value(forKey: "password").revealString() == "first")
        #expect(current.versionStages.contains("AWSCURRENT"))
        let byID = try await secrets.secretValue(name, version: .id(try #require(previous.versionID)))
        #expect(byID.value == previous.value)

        _ = try await secrets.updateSecret(name, value: SecretBytes(#"{"password":"third"}"#), description: "rotated")
        let description = try await secrets.describeSecret(name)
        #expect(description.description == "rotated")
        #expect(description.versionIDsToStages?.isEmpty == false)

        let listed = try await secrets.listSecrets(pageSize: 1).collect()
        #expect(listed.contains { $0.name == name })

        _ = try await secrets.deleteSecret(name, .recoverable(days: 7))
        let deleted = try await #require(throws: AWSServiceError.self) { try await secrets.secretValue(name) }
        #expect(deleted.code == "InvalidRequestException")
        _ = try await secrets.restoreSecret(name)
        #expect(try await secrets.secretValue(name).value.value(forKey: "password").revealString() == "third")
        _ = try await secrets.deleteSecret(name, .immediate)
    }

    @Test("binary secrets, and a batch read with a missing secret")
    func binaryAndBatch() async throws {
        let secrets = try client()
        let name = MotoEnvironment.uniqueName("binary")
        _ = try await secrets.createSecret(name: name, value: SecretBytes([0, 1, 0xFF, 0x80]), encoding: .binary)
        let value = try await secrets.secretValue(name)
        #expect(value.isBinary)
        #expect(value.value.reveal() == [0, 1, 0xFF, 0x80])
        let batch = try await secrets.secretValues([name])
        #expect(batch.values.map(\.name) == [name])
    }

    @Test("a missing secret is ResourceNotFoundException")
    func missing() async throws {
        let error = try await #require(throws: AWSServiceError.self) {
            try await client().secretValue(MotoEnvironment.uniqueName("absent"))
        }
        #expect(error.code == "ResourceNotFoundException")
        #expect(error.service == "Secrets Manager")
        #expect(error.operation == "GetSecretValue")
    }

    @Test("a user without secretsmanager permissions is denied")
    func denied() async throws {
        let limited = try #require(MotoEnvironment.limited)
        let error = try await #require(throws: AWSServiceError.self) { try await client(credentials: limited).secretValue("anything") }
        #expect(error.code == "AccessDenied")
        #expect(AuthenticationDiagnosis(error)?.kind == .accessDenied)
    }

    @Test("no secret byte sequence reaches a log line, an error description or a dump while reading, refreshing and failing")
    func redactionEndToEnd() async throws {
        let logs = LogCapture()
        let secrets = try client(logs: logs)
        let secretText = "s3cr3t-\(UUID().uuidString)"
        let name = MotoEnvironment.uniqueName("redaction")
        _ = try await secrets.createSecret(name: name, value: SecretBytes(#"{"token":"\#(secretText)"}"#))
        let clock = TestClock(Date())
        let cache = SecretCache(
            client: secrets, configuration: .init(timeToLive: .seconds(60), refreshAhead: .seconds(30), now: clock.closure),
            logger: logs.logger())
        var rendered: [String] = []
        let first = try await cache.secret(name, jsonKey: "token")
        rendered += [first.description, "\(first)", String(reflecting: first)]
        var dumped = ""
        dump(try await cache.secretValue(name), to: &dumped)
        rendered.append(dumped)
        _ = try await secrets.putSecretValue(name, value: SecretBytes(#"{"token":"\#(secretText)-2"}"#))
        clock.advance(by: 40)
        _ = try await cache.secret(name)  // starts a refresh ahead of expiry
        for _ in 0..<2_000 where try await cache.secret(name, jsonKey: "token").revealString() != "\(secretText)-2" {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(try await cache.secret(name, jsonKey: "token").revealString() == "\(secretText)-2", "the refresh completed")
        clock.advance(by: 100)
        _ = try await secrets.deleteSecret(name, .immediate)
        do {
            _ = try await cache.secret(name)
            Issue.record("reading a deleted secret succeeded")
        } catch {
            rendered += ["\(error)", String(reflecting: error)]
        }
        do {
            _ = try await cache.secret(name, jsonKey: "absent")
        } catch {
            rendered.append("\(error)")
        }
        rendered += logs.entries.map(\.rendered)
        #expect(logs.entries.count >= 4, "the client logged its calls")
        for text in rendered {
            #expect(!text.contains(secretText), "leaked in: \(text.prefix(80))")
        }
    }
}
