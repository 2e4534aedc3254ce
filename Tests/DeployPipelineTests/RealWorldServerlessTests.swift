import DeployManifests
import DeployPipeline
import Foundation
import Testing

/// The Serverless Framework's own examples (`Tests/DeployManifestsTests/RealWorld/serverless-examples`,
/// written by others) read into the deploy model: every AWS file loads (or is refused as judged),
/// and each `httpApi`, `schedule`, `sqs` and `s3` event becomes the resource a Serverless deploy would
/// create for it: a route of the function's HTTP API, an EventBridge rule, an event source mapping,
/// a bucket notification; every other event is listed as not deployed.
@Suite("Real-world serverless.yml files onto the deploy model")
struct RealWorldServerlessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeployManifestsTests/RealWorld/serverless-examples")

    static func files() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if (path as NSString).lastPathComponent == "serverless.yml" { files.append(path) }
        }
        return files.sorted()
    }

    /// What the library refuses in the corpus, judged: the file, and what its diagnosis must say.
    static let refusals = [
        "legacy/aws-nodejs-docker/serverless.yml": "container image",
        "legacy/aws-python-docker/serverless.yml": "container image",
        // resources: referring to what only a Serverless-made stack has (its functions' logical ids).
        "aws-node-ses-receive-email-header/serverless.yml": "which it does not declare",
        "aws-node-ses-receive-email-body/serverless.yml": "which it does not declare",  // the bucket an s3 event makes
        // REST routes behind Lambda authorizers or API keys: refused, since deploying them without would leave them open.
        "aws-golang-auth-examples/serverless.yml": "has an authorizer",
        "aws-node-typescript-apollo-lambda/serverless.yml": "is `private: true`",
        // REST routes with Lambda's non-proxy integration: the handlers read another event and answer another way.
        "aws-node-auth0-cognito-custom-authorizers-api/serverless.yml": "uses `integration: lambda`",
        "aws-node-twilio-send-text-message/serverless.yml": "uses `integration: lambda`",
        "aws-python-pynamodb-s3-sigurl/serverless.yml": "uses `integration: lambda`",
        "aws-python-rest-api-with-pynamodb/serverless.yml": "uses `integration: lambda`",
        // (these two read `${file(…)}` too, which is refused first)
        "aws-node-auth0-custom-authorizers-api/serverless.yml": "cannot resolve",
        "aws-python-auth0-custom-authorizers-api/serverless.yml": "cannot resolve",
        // Variables this library does not resolve, refused rather than deployed as written: files the corpus
        // does not hold (`${file(…)}`), and the Lift plugin's `${construct:…}`.
        "aws-dotnet-rest-api-with-dynamodb/src/DotNetServerless.Lambda/serverless.yml": "cannot resolve",
        "aws-node-env-variables-encrypted-in-a-file/serverless.yml": "cannot resolve",
        "aws-node-graphql-and-rds/serverless.yml": "cannot resolve",
        "aws-node-oauth-dropbox-api/serverless.yml": "cannot resolve",
        "aws-node-twitter-joke-bot/serverless.yml": "cannot resolve",
        "aws-node-vue-nuxt-ssr/serverless.yml": "cannot resolve",
        "legacy/aws-clojure-gradle/serverless.yml": "cannot resolve",
        "aws-node-s3-file-replicator/serverless.yml": "cannot resolve",
        "aws-node-sqs-worker/serverless.yml": "cannot resolve",
        "aws-python-sqs-worker/serverless.yml": "cannot resolve",
        "aws-ruby-sqs-with-dynamodb/serverless.yml": "cannot resolve",
        // `- alexaSkill` without the skill's id: every skill could invoke the function (the framework refuses it since v2).
        "aws-node-alexa-skill/serverless.yml": "names no skill id",
        "aws-python-alexa-skill/serverless.yml": "names no skill id",
        // The example's stream is a placeholder to fill in (`arn:aws:kinesis:<region>:<accountID>:stream/<streamname>`).
        "aws-golang-stream-kinesis-to-elasticsearch/serverless.yml": "is not a DynamoDB or Kinesis stream ARN",
    ]

    /// A value for every `${env:NAME}` the file reads, as its CI job would export them.
    static func environment(for file: ServerlessFile) -> [String: String] {
        var environment: [String: String] = [:]
        for (_, reference) in VariableResolution.references(in: file.root) where reference.source == "env" {
            // Lower-case, as the names they stand for often are (a bucket's must be).
            environment[reference.address.description] = "value-of-\(reference.address)".lowercased()
        }
        return environment
    }

    /// `provider.name`, read from the YAML itself (files for other providers need not fit the AWS model).
    static func providerName(_ file: ServerlessFile) -> String? {
        file.root["provider"]?["name"]?.string
    }

    @Test("every AWS example loads or is refused as judged; each httpApi route, schedule and queue is one resource of its function")
    func eventsBecomeResources() throws {
        var problems: [String] = []
        var refused: Set<String> = []
        var counts: [String: Int] = [:]
        var loaded = 0
        for path in Self.files() {
            let full = Self.root.appendingPathComponent(path).path
            let file = try ServerlessFile(contentsOf: full)
            guard Self.providerName(file) == "aws" else { continue }
            let written: ServerlessConfiguration
            do {
                written = try file.configuration(resolver: LocalVariableResolver(options: ["stage": "dev"], environment: [:]))
            } catch {
                problems.append("\(path): \(error)")
                continue
            }
            guard let entries = written.functions, !entries.isEmpty else { continue }
            let deployment: DeploymentConfiguration
            do {
                deployment = try DeploymentConfiguration(
                    serverless: file, sourceDirectory: (full as NSString).deletingLastPathComponent, stage: "dev", region: "us-east-1",
                    role: .arn("arn:aws:iam::123456789012:role/deploy"), environment: Self.environment(for: file))
                if Self.refusals[path] != nil { problems.append("\(path): loads now; take it off the refusals") }
            } catch {
                refused.insert(path)
                if let reason = Self.refusals[path], "\(error)".contains(reason) { continue }
                problems.append("\(path): \(error)")
                continue
            }
            loaded += 1
            // `resources:` with `Resources` is the companion stack, and nothing the functions refer to in it is left unresolved.
            if (file.root["resources"]?["Resources"]?.entries.isEmpty ?? true) != (deployment.stack == nil) {
                let written = file.root["resources"] == nil ? "absent" : "written"
                problems.append("\(path): resources \(written), stack \(deployment.stack == nil ? "none" : "made")")
            }
            if deployment.stack != nil { counts["stacks", default: 0] += 1 }
            let statements = written.provider?.iamRoleStatements?.count ?? 0
            counts["statements", default: 0] += statements
            let stackQueues = deployment.functions.flatMap(\.queues).filter { $0.queueARN.hasPrefix("${lambdadeploykit-stack:") }
            counts["stack queues", default: 0] += stackQueues.count
            guard deployment.functions.count == entries.count else {
                problems.append("\(path): \(entries.count) functions written, \(deployment.functions.count) in the model")
                continue
            }
            for (entry, function) in zip(entries, deployment.functions) {
                // Every statement the file grants is the function's role's to hold: the provider's, or its own.
                let ownNode = entry.value.rest.first { $0.key.scalarText == "iamRoleStatements" }?.value
                let own = ownNode.map { ($0.sequence ?? [$0]).count }
                counts["statements", default: 0] += own ?? 0
                if function.roleStatements.count != own ?? statements {
                    problems.append(
                        "\(path) \(entry.name): \(own ?? statements) statements written, \(function.roleStatements.count) granted")
                }
                let events = entry.value.events ?? []
                let httpAPI = events.filter { if case .httpAPI = $0 { true } else { false } }.count
                let schedules = events.filter { if case .other("schedule", _) = $0 { true } else { false } }.count
                let queues = events.filter { if case .other("sqs", _) = $0 { true } else { false } }.count
                counts["httpApi", default: 0] += httpAPI
                counts["schedule", default: 0] += schedules
                counts["sqs", default: 0] += queues
                // provider.apiGateway.restApiId: the REST routes go on the gateway another stack exports.
                if function.api.existing != nil, !function.routes.isEmpty { counts["on a shared API", default: 0] += 1 }
                let buckets = events.filter { if case .other("s3", _) = $0 { true } else { false } }.count
                counts["s3", default: 0] += buckets
                if function.bucketEvents.count != buckets {
                    problems.append("\(path) \(entry.name): \(buckets) s3 events, \(function.bucketEvents.count) bucket events")
                }
                let streams = events.filter { if case .other("stream", _) = $0 { true } else { false } }.count
                counts["stream", default: 0] += streams
                if function.streams.count != streams {
                    problems.append("\(path) \(entry.name): \(streams) stream events, \(function.streams.count) mappings")
                }
                // Every other event is listed as not deployed, none silently dropped.
                let others = events.filter {
                    if case .other(let type, _) = $0 {
                        !["schedule", "eventBridge", "cloudwatchEvent", "sqs", "stream", "s3", "alexaSkill", "alexaSmartHome"].contains(
                            type)
                    } else {
                        false
                    }
                }
                counts["not deployed", default: 0] += others.count
                if function.eventsNotDeployed.count != others.count {
                    problems.append("\(path) \(entry.name): \(others.count) other events, listed \(function.eventsNotDeployed)")
                }
                if (function.httpAPI?.routes.count ?? 0) != httpAPI {
                    problems.append("\(path) \(entry.name): \(httpAPI) httpApi events, routes \(function.httpAPI?.routes ?? [])")
                }
                if function.schedules.count != schedules {
                    problems.append("\(path) \(entry.name): \(schedules) schedule events, \(function.schedules.count) rules")
                }
                if function.queues.count != queues {
                    problems.append("\(path) \(entry.name): \(queues) sqs events, \(function.queues.count) mappings")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        #expect(refused == Set(Self.refusals.keys), "every judged refusal still happens")
        // What the corpus holds, so that a loader skipping files or events cannot pass unnoticed.
        #expect(loaded >= 80, "\(loaded) AWS files loaded")
        #expect(counts["httpApi", default: 0] >= 50 && counts["schedule", default: 0] >= 5, "\(counts)")
        #expect(counts["stacks", default: 0] >= 10 && counts["stack queues", default: 0] >= 1, "\(counts)")
        #expect(counts["statements", default: 0] >= 40, "\(counts)")
        #expect(counts["s3", default: 0] >= 4 && counts["not deployed", default: 0] >= 4, "\(counts)")
        #expect(counts["stream", default: 0] >= 2, "\(counts)")
        #expect(counts["on a shared API", default: 0] >= 3, "\(counts)")
    }
}
