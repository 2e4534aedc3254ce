import DeployIAM
import DeployPipeline
import Foundation
import Testing

@Suite("Input fingerprints: the package's files, the configuration, the layers")
struct InputFingerprintTests {
    func function(_ source: String, environment: [String: FunctionDeployment.EnvironmentValue] = [:]) -> FunctionDeployment {
        FunctionDeployment(
            name: "orders", source: .directory(source), handler: "app.handler", runtime: "python3.12", memorySize: 256,
            environment: environment, role: .managed("orders-role"))
    }

    func folder(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "fingerprint-" + UUID().uuidString
        for (name, text) in files {
            try FileManager.default.createDirectory(
                atPath: (path + "/" + name as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }

    @Test("the same files elsewhere and the same settings in another order: the same fingerprint")
    func stable() throws {
        let a = try folder(["app.py": "def handler(e, c): pass\n", "lib/x.py": "X = 1\n"])
        let b = try folder(["lib/x.py": "X = 1\n", "app.py": "def handler(e, c): pass\n"])
        defer { for path in [a, b] { try? FileManager.default.removeItem(atPath: path) } }
        var forwards: [String: FunctionDeployment.EnvironmentValue] = [:]
        var backwards: [String: FunctionDeployment.EnvironmentValue] = [:]
        backwards.reserveCapacity(100)
        let keys = (0..<40).map { "KEY_\($0)" }
        for key in keys { forwards[key] = .text(key.lowercased()) }
        for key in keys.reversed() { backwards[key] = .text(key.lowercased()) }
        let first = try InputFingerprint.of(function(a, environment: forwards))
        #expect(first == (try InputFingerprint.of(function(b, environment: backwards))))
        #expect(first.source.fileCount == 2 && first.hex.count == 64 && first.short == String(first.hex.prefix(12)))
    }

    @Test("a setting, an environment value, a secret's name, a file or a layer changed: another fingerprint")
    func changes() throws {
        let path = try folder(["app.py": "def handler(e, c): pass\n"])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let base = try InputFingerprint.of(function(path, environment: ["STAGE": "prod"]))
        var memory = function(path, environment: ["STAGE": "prod"])
        memory.memorySize = 512
        var routes = function(path, environment: ["STAGE": "prod"])
        routes.routes = [HTTPRoute(path: "/orders")]
        var layer = function(path, environment: ["STAGE": "prod"])
        layer.layers = [.arn("arn:aws:lambda:us-east-1:123456789012:layer:deps:3")]
        var granted = function(path, environment: ["STAGE": "prod"])
        granted.roleStatements = [PolicyStatement(effect: .allow, actions: ["sqs:SendMessage"], resources: ["*"])]
        var grantedMore = granted
        grantedMore.roleStatements[0].actions.append("sqs:DeleteMessage")
        let variants = [
            try InputFingerprint.of(memory),
            try InputFingerprint.of(routes),
            try InputFingerprint.of(layer),
            try InputFingerprint.of(granted),
            try InputFingerprint.of(grantedMore),
            try InputFingerprint.of(function(path, environment: ["STAGE": "dev"])),
            try InputFingerprint.of(function(path, environment: ["STAGE": .secret(.init(secretID: "prod/db"))])),
            try InputFingerprint.of(function(path, environment: ["STAGE": "prod"]), layerCodeSHA256s: ["abc="]),
        ]
        #expect(Set(variants.map(\.hex)).count == variants.count)
        #expect(!variants.contains(base))
        try "def handler(e, c): return 1\n".write(toFile: path + "/app.py", atomically: true, encoding: .utf8)
        #expect(try InputFingerprint.of(function(path, environment: ["STAGE": "prod"])) != base)
    }

    @Test("a missing archive is the deploy's own diagnosis, before anything is read from AWS")
    func missingArchive() throws {
        let function = FunctionDeployment(
            name: "orders", source: .archive("/nonexistent/function.zip"), handler: "app.handler", runtime: "python3.12",
            role: .managed("orders-role"))
        #expect(throws: DeploymentDiagnosis.self) { try InputFingerprint.of(function) }
    }
}
