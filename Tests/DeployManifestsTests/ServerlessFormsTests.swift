import Testing

@testable import DeployManifests

/// Forms the Serverless Framework accepts that the typed model refused.
@Suite("Serverless forms the framework accepts")
struct ServerlessFormsTests {
    static let yaml = """
        service: forms
        provider:
          name: aws
          runtime: python3.12
        functions:
          skill:
            handler: skill.handler
            description: !Sub "Alexa skill in ${AWS::Region}"
            events:
              - alexaSkill
          joined:
            handler: joined.handler
            description:
              Fn::Join: ["-", [a, b]]
            events: ${file(events.yml):joined}
          external: ${file(functions/external.yml)}
        """

    @Test("a bare event name, an intrinsic description and unresolved file references read as unknown, not invalid")
    func typedModel() throws {
        let file = try ServerlessFile(yaml: Self.yaml, fileName: "serverless.yml")
        let configuration = try file.configuration()
        let functions = try #require(configuration.functions)
        let skill = try #require(functions.first { $0.name == "skill" }?.value)
        #expect(skill.description == nil)
        #expect(skill.rest.contains { $0.key.scalarText == "description" })
        guard case .other(let type, _)? = skill.events?.first else {
            Issue.record("the bare event was not read")
            return
        }
        #expect(type == "alexaSkill")
        let joined = try #require(functions.first { $0.name == "joined" }?.value)
        #expect(joined.events == nil)
        #expect(joined.rest.map { $0.key.scalarText } == ["description", "events"])
        let emitted = YAMLEmitter.emit(configuration.yaml)
        #expect(emitted.contains("- alexaSkill"), "\(emitted)")
        #expect(emitted.contains("${file(events.yml):joined}"), "\(emitted)")
    }

    @Test("and validation reports none of them")
    func validation() throws {
        let findings = try ServerlessFile(yaml: Self.yaml, fileName: "serverless.yml").validate()
        #expect(!findings.contains { $0.severity == .error }, "\(findings)")
    }
}

@Suite("Handlers packaged by plugins")
struct PluginPackagingTests {
    @Test("serverless-python-requirements' module: puts the folder at the zip root, so its handler file is packaged")
    func moduleFolder() throws {
        let yaml = """
            service: modules
            plugins: [serverless-python-requirements]
            provider:
              name: aws
              runtime: python3.12
            package:
              individually: true
              patterns: ["!**", "services/hello/**"]
            functions:
              hello:
                module: services/hello
                handler: handler.main
              missing:
                module: services/gone
                handler: handler.main
            """
        let findings = try ServerlessFile(yaml: yaml, fileName: "serverless.yml").validate()
        #expect(!findings.contains { $0.rule == "sls.handler.not-packaged" && $0.path == "functions.hello.handler" }, "\(findings)")
        #expect(findings.contains { $0.rule == "sls.handler.not-packaged" && $0.path == "functions.missing.handler" }, "\(findings)")
    }
}
