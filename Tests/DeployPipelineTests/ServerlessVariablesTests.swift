import DeployManifests
import DeployPipeline
import DeploySecrets
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
}
