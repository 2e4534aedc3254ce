import Foundation
import Testing

@testable import DeployManifests

@Suite struct GitLabResolutionTests {
    @Test func localIncludesResolveFromTheBaseFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("manifests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("ci"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        stages: [build, deploy]
        include:
          - local: ci/templates.yml
        deploy:
          extends: .aws
          stage: deploy
          script:
            - !reference [.aws, before_script]
            - ./deploy.sh
        """.write(to: folder.appendingPathComponent(".gitlab-ci.yml"), atomically: true, encoding: .utf8)
        try """
        .aws:
          image: amazon/aws-cli
          tags: [aws]
          before_script:
            - aws sts get-caller-identity
        variables:
          FROM_INCLUDE: "yes"
        """.write(to: folder.appendingPathComponent("ci/templates.yml"), atomically: true, encoding: .utf8)

        let file = try GitLabCIFile(contentsOf: folder.appendingPathComponent(".gitlab-ci.yml").path)
        #expect(file.localIncludes.keys.sorted() == ["ci/templates.yml"])
        let resolved = try file.resolved()
        #expect(resolved.findings.isEmpty, "\(resolved.findings)")
        let deploy = try #require(try GitLabPipeline(resolved: resolved)[job: "deploy"])
        #expect(deploy.image?.name == "amazon/aws-cli")
        #expect(deploy.tags == ["aws"])
        #expect(deploy.script == ["aws sts get-caller-identity", "./deploy.sh"])
        #expect(resolved.root["variables"]?["FROM_INCLUDE"]?.string == "yes")
        #expect(file.validate().isEmpty, "\(file.validate())")

        // Without the base folder the include is unknown: nothing is claimed about `.aws`.
        let alone = try GitLabCIFile(yaml: String(contentsOf: folder.appendingPathComponent(".gitlab-ci.yml"), encoding: .utf8))
        #expect(try alone.resolved().hasUnresolvedIncludes)
        #expect(!alone.validate().contains { $0.rule == "gitlab.extends.unknown" })
    }

    @Test func defaultsApplyUnlessInheritSaysNo() throws {
        let file = try GitLabCIFile(
            yaml: """
                default:
                  image: python:3.12
                  tags: [shared]
                a:
                  script: [x]
                b:
                  inherit:
                    default: [tags]
                  script: [y]
                c:
                  inherit:
                    default: false
                  image: alpine
                  script: [z]
                """)
        let pipeline = try GitLabPipeline(resolved: try file.resolved())
        #expect(pipeline[job: "a"]?.image?.name == "python:3.12" && pipeline[job: "a"]?.tags == ["shared"])
        #expect(pipeline[job: "b"]?.image == nil && pipeline[job: "b"]?.tags == ["shared"])
        #expect(pipeline[job: "c"]?.image?.name == "alpine" && pipeline[job: "c"]?.tags == nil)
    }

    @Test func extendsParentsApplyInOrderAndCyclesStop() throws {
        let file = try GitLabCIFile(
            yaml: """
                .a:
                  variables: {X: a, Y: a}
                  script: [from-a]
                .b:
                  variables: {Y: b}
                  retry: 1
                job:
                  extends: [.a, .b]
                  variables: {Z: job}
                .loop1:
                  extends: .loop2
                .loop2:
                  extends: .loop1
                  script: [loop]
                """)
        let job = try #require(try GitLabPipeline(resolved: try file.resolved())[job: "job"])
        #expect(job.variables?.map(\.name) == ["X", "Y", "Z"])
        #expect(job.variables?.first { $0.name == "Y" }?.value.value == "b")
        #expect(job.script == ["from-a"] && job.retry?.max == 1)
    }

    @Test func headerDocumentIsKept() throws {
        let file = try GitLabCIFile(yaml: "spec:\n  inputs:\n    stage:\n      default: test\n---\njob:\n  script: [x]\n")
        #expect(file.header?["spec"]?["inputs"]?["stage"]?["default"]?.string == "test")
        #expect(file.root["job"] != nil)
        #expect(try GitLabCIFile(yaml: file.yaml).header == file.header)
    }

    @Test func variableStringsParse() {
        let string = VariableString(parsing: "x-${self:custom.${opt:stage, 'dev'}}-${env:HOME}")
        #expect(string.references.map(\.source) == ["self", "opt", "env"])
        #expect(string.description == "x-${self:custom.${opt:stage, 'dev'}}-${env:HOME}")
        let reference = VariableString(parsing: "${opt:region, env:AWS_REGION, 'us-east-1'}").references[0]
        #expect(reference.fallbacks.count == 2)
        #expect(reference.fallbacks[0].references.first?.source == "env")
        #expect(!VariableString(parsing: "${unterminated").hasVariables)
    }
}
