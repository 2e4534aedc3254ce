import Foundation
import Testing

@testable import DeployManifests

@Suite("Component inputs")
struct ComponentInputTests {
    static let component = """
        spec:
          inputs:
            stage:
              default: deploy
            prefix:
              default: sls
            target: {}
        ---
        stages: [build, deploy]
        "$[[ inputs.prefix ]]-deploy":
          stage: $[[ inputs.stage ]]
          script:
            - 'echo "to $[[ inputs.target ]] via $[[ inputs.prefix | truncate(0,2) ]]"'

        later:
          stage: $[[ inputs.target ]]
          script: [echo]
        """

    @Test("`stage: $[[ inputs.stage ]]` reads as the input's default; an input without one is unknown, not an undefined stage")
    func defaults() throws {
        let file = try GitLabCIFile(yaml: Self.component, fileName: "templates/deploy.yml")
        let resolved = try file.resolved()
        #expect(resolved.root["sls-deploy"]?["stage"]?.string == "deploy")
        #expect(resolved.root["sls-deploy"]?["script"]?.sequence?.first?.string == #"echo "to $[[ inputs.target ]] via sl""#)
        let findings = file.validate()
        #expect(!findings.contains { $0.rule == "gitlab.stage.undefined" }, "\(findings)")
    }

    @Test("a local include's inputs: win over the defaults")
    func givenByTheIncludingFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("templates"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.component.write(to: folder.appendingPathComponent("templates/deploy.yml"), atomically: true, encoding: .utf8)
        let main = """
            stages: [build, release]
            include:
              - local: templates/deploy.yml
                inputs:
                  stage: release
                  prefix: app
                  target: production
            build:
              stage: build
              script: [make]
            """
        let file = try GitLabCIFile(yaml: main, fileName: ".gitlab-ci.yml", baseDirectory: folder.path)
        let resolved = try file.resolved()
        #expect(resolved.root["app-deploy"]?["stage"]?.string == "release")
        #expect(resolved.root["later"]?["stage"]?.string == "production")
        let findings = file.validate()
        #expect(findings.filter { $0.rule == "gitlab.stage.undefined" }.map(\.path) == ["later.stage"], "\(findings)")
    }
}
