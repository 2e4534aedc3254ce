import Testing

@testable import DeployManifests

/// Every `sls.*` rule assumed AWS: files for other providers drew false alarms.
@Suite("Serverless providers")
struct ServerlessProviderTests {
    static let azure = """
        service: azure-hello
        provider:
          name: azure
          region: West US 2
          runtime: python2.7
        functions:
          hello:
            handler: src/handlers/hello
            events:
              - http: true
                x-azure-settings:
                  methods: [GET]
                  authLevel: anonymous
        """

    @Test("an Azure file gets one note and none of the AWS rules (region, runtime, handler, HTTP event)")
    func azure() throws {
        let findings = try ServerlessFile(yaml: Self.azure, fileName: "serverless.yml").validate()
        #expect(findings.map(\.rule) == ["sls.provider.not-aws"], "\(findings)")
        #expect(findings.first?.severity == .note)
        #expect(findings.first?.message.contains("`azure`") == true)
    }

    @Test("google, openwhisk, tencent and kubeless files are left alone too", arguments: ["google", "openwhisk", "tencent", "kubeless"])
    func otherProviders(_ name: String) throws {
        let yaml = "service: s\nprovider:\n  name: \(name)\n  runtime: nodejs6\nfunctions:\n  f:\n    handler: index\n"
        let findings = try ServerlessFile(yaml: yaml).validate()
        #expect(!findings.contains { $0.severity == .error }, "\(findings)")
    }

    @Test("`provider: aws`, the string form Serverless v3 accepts, is read, written back as written, and validated as AWS")
    func stringForm() throws {
        let yaml =
            "service: s\nprovider: aws\nfunctions:\n  f:\n    handler: app.handler\n    events:\n      - http: {path: x, method: fetch}\n"
        let file = try ServerlessFile(yaml: yaml)
        let configuration = try file.configuration()
        #expect(configuration.provider?.name == "aws")
        #expect(YAMLEmitter.emit(configuration.yaml).contains("provider: aws"))
        let findings = file.validate()
        #expect(findings.contains { $0.rule == "sls.http.invalid-method" }, "\(findings)")
        #expect(!findings.contains { $0.rule == "sls.provider.not-aws" })
    }

    @Test("a file that names no provider is read as AWS, as before")
    func noProvider() throws {
        let yaml = "service: s\nprovider:\n  region: us-est-1\n"
        #expect(try ServerlessFile(yaml: yaml).validate().contains { $0.rule == "sls.provider.invalid-region" })
    }
}
