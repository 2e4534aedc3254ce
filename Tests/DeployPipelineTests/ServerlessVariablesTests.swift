import DeployManifests
import DeployPipeline
import DeploySecrets
import Foundation
import Testing

/// Variables as the framework resolves them before a deploy, and the ones this library cannot
/// resolve refused instead of deployed as written.
@Suite("serverless.yml variables for a deploy")
struct ServerlessVariablesTests {
    func load(
        _ text: String, stage: String? = nil, region: String? = nil, environment: [String: String] = [:]
    ) throws
        -> DeploymentConfiguration
    {
        try DeploymentConfiguration(
            serverless: try ServerlessFile(yaml: text), sourceDirectory: "/tmp", stage: stage, region: region, environment: environment)
    }

    @Test("${self:provider.stage} and ${aws:region} are what is deployed to (--stage over the file); a number indexes a list")
    func frameworkValues() throws {
        let text = """
            service: shop
            provider: {name: aws, runtime: python3.12, stage: dev}
            custom: {skills: [{id: amzn1.ask.skill.1}]}
            functions:
              api:
                handler: app.handler
                environment:
                  TABLE: orders-${self:provider.stage}
                  REGION: ${aws:region}
                  SKILL: ${self:custom.skills.0.id}
            """
        let prod = try #require(try load(text, stage: "prod", region: "eu-west-1").functions.first)
        #expect(prod.name == "shop-prod-api")
        #expect(prod.environment["TABLE"] == "orders-prod" && prod.environment["REGION"] == "eu-west-1")
        #expect(prod.environment["SKILL"] == "amzn1.ask.skill.1")
        let dev = try #require(try load(text).functions.first)
        #expect(dev.environment["TABLE"] == "orders-dev" && dev.environment["REGION"] == "us-east-1")
    }

    @Test("what the framework reads from AWS or other files is refused, naming where; ${env:} set by the job is read")
    func unresolved() throws {
        let text = """
            service: shop
            provider:
              name: aws
              runtime: python3.12
              environment:
                DB_HOST: ${ssm:/prod/db/host}
                TOKEN: ${env:API_TOKEN}
                PASSWORD: ${ssm:/aws/reference/secretsmanager/prod/db:password}
            custom: {unused: '${file(./nowhere.yml)}'}
            functions:
              api: {handler: app.handler}
            """
        let refusal = try #require(throws: DeploymentDiagnosis.self) { try load(text) }
        #expect(refusal.summary.contains("2 variables") && refusal.summary.contains("provider.environment.DB_HOST: ${ssm:/prod/db/host}"))
        #expect(refusal.summary.contains("provider.environment.TOKEN: ${env:API_TOKEN}") && !refusal.summary.contains("custom"))
        #expect(refusal.fix.contains("${env:NAME}"))
        let resolved = text.replacingOccurrences(of: "${ssm:/prod/db/host}", with: "${env:DB_HOST}")
        let api = try #require(try load(resolved, environment: ["DB_HOST": "db.internal", "API_TOKEN": "t"]).functions.first)
        #expect(api.environment["DB_HOST"] == "db.internal", "custom: is not deployed, so its file() is no refusal")
        #expect(api.environment["PASSWORD"] == .secret(SecretReference(secretID: "prod/db", jsonKey: "password")), "read at deploy time")
    }

    /// A service folder: `serverless.yml` and the files it reads.
    func service(_ files: [String: String]) throws -> String {
        let folder = NSTemporaryDirectory() + "file-variables-\(UUID().uuidString)"
        for (path, text) in files {
            let full = folder + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test("${file(…)} reads YAML and JSON beside serverless.yml: whole, by key, by list index, a stage-named file, with fallbacks")
    func fileReferences() throws {
        let folder = try service([
            "serverless.yml": """
            service: shop
            provider:
              name: aws
              runtime: python3.12
              environment: ${file(./config/${opt:stage, 'dev'}.yml):environment}
            custom: ${file(./custom.json)}
            functions:
              api:
                handler: app.handler
                environment:
                  TABLE: ${self:custom.table}-${self:provider.stage}
                  FIRST: ${file(./custom.json):regions.0}
                  MISSING: ${file(./nowhere.yml):x, 'fallback'}
            """,
            "config/dev.yml": "environment:\n  DB_HOST: db.dev.internal\n  STAGE_NAME: ${self:provider.stage}\n",
            "config/prod.yml": "environment:\n  DB_HOST: db.prod.internal\n  STAGE_NAME: ${self:provider.stage}\n",
            "custom.json": #"{"table": "orders", "regions": ["eu-west-1", "us-east-1"]}"#,
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try ServerlessFile(contentsOf: folder + "/serverless.yml")
        // The job's working directory is elsewhere: paths are the file's folder's.
        let dev = try #require(try DeploymentConfiguration(serverless: file, sourceDirectory: "/tmp", environment: [:]).functions.first)
        #expect(dev.environment["DB_HOST"] == "db.dev.internal" && dev.environment["STAGE_NAME"] == "dev", "variables in the file resolve")
        #expect(dev.environment["TABLE"] == "orders-dev" && dev.environment["FIRST"] == "eu-west-1")
        #expect(dev.environment["MISSING"] == "fallback")
        let prod = try #require(
            try DeploymentConfiguration(serverless: file, sourceDirectory: "/tmp", stage: "prod", environment: [:]).functions.first)
        #expect(prod.environment["DB_HOST"] == "db.prod.internal" && prod.environment["STAGE_NAME"] == "prod")
        // Text given directly: paths are the source folder's.
        let text = try ServerlessFile(yaml: String(contentsOfFile: folder + "/serverless.yml", encoding: .utf8))
        let fromText = try #require(
            try DeploymentConfiguration(serverless: text, sourceDirectory: folder, environment: [:]).functions.first)
        #expect(fromText.environment["DB_HOST"] == "db.dev.internal")
    }

    @Test("a file(…) of a script, a missing file or a missing key without a fallback is refused, naming where")
    func unresolvableFiles() throws {
        let folder = try service([
            "serverless.yml": """
            service: shop
            provider: {name: aws, runtime: python3.12}
            functions:
              api:
                handler: app.handler
                environment:
                  SCRIPT: ${file(./values.js):token}
                  GONE: ${file(./nowhere.yml):x}
                  KEYLESS: ${file(./config.yml):absent}
                  PRESENT: ${file(./config.yml):present}
            """,
            "values.js": "module.exports.token = () => 'x'\n",
            "config.yml": "present: yes-it-is\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try ServerlessFile(contentsOf: folder + "/serverless.yml")
        let refusal = try #require(throws: DeploymentDiagnosis.self) {
            try DeploymentConfiguration(serverless: file, sourceDirectory: "/tmp", environment: [:])
        }
        #expect(refusal.summary.contains("3 variables"), "\(refusal.summary)")
        #expect(
            refusal.summary.contains("SCRIPT: ${file(./values.js):token}") && refusal.summary.contains("GONE: ${file(./nowhere.yml):x}"))
        #expect(refusal.summary.contains("KEYLESS") && !refusal.summary.contains("PRESENT"))
        #expect(refusal.fix.contains("YAML or JSON"))
    }
}
