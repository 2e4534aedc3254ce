import Foundation

@testable import DeployManifests

/// One `NAME.yml` + `NAME.expect.json` case (format in `../shared/testdata/manifests/CASES.md`).
struct ValidationCase: Decodable {
    struct Expectation: Decodable {
        var rule: String
        var severity: String?
        var path: String?
        var line: Int?
        var message: String?
        var job: String?
    }

    var file: String
    var kind: String
    var valid: Bool
    var summary: String?
    var expected: [Expectation]
    var mayReport: [Expectation]?
    var mustNotReport: [Expectation]?
    var checks: [String: JSONValue]?
    /// The folder the case lives in.
    var folder = ""

    enum CodingKeys: String, CodingKey {
        case file, kind, valid, summary, expected, checks
        case mayReport = "may_report"
        case mustNotReport = "must_not_report"
    }

    init(contentsOf path: String) throws {
        self = try JSONDecoder().decode(ValidationCase.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        folder = (path as NSString).deletingLastPathComponent
    }

    /// Runs the validator; returns one line per failure (empty when the case passes).
    func run() throws -> [String] {
        let path = (folder as NSString).appendingPathComponent(file)
        let findings: [Finding]
        let resolvedRoot: YAMLNode
        let written: YAMLNode
        let emitted: String
        if kind == "gitlab-ci" {
            let manifest = try GitLabCIFile(contentsOf: path)
            findings = manifest.validate()
            resolvedRoot = try manifest.resolved().root
            written = manifest.root
            emitted = manifest.yaml
        } else {
            let manifest = try ServerlessFile(contentsOf: path)
            findings = manifest.validate()
            resolvedRoot = try manifest.resolved()
            written = manifest.root
            emitted = manifest.yaml
        }
        var failures: [String] = []
        let reported = findings.map { "  \($0.rule) at \($0.path) line \($0.line)" }.joined(separator: "\n")
        for expectation in expected where !findings.contains(where: { Self.matches($0, expectation) }) {
            failures.append(
                "missing \(expectation.rule) at \(expectation.path ?? "-") line \(expectation.line ?? 0); reported:\n\(reported)")
        }
        for trap in mustNotReport ?? [] {
            for finding in findings where Self.matches(finding, trap) {
                failures.append("false positive \(finding.rule) at \(finding.path) line \(finding.line): \(finding.message)")
            }
        }
        if valid == findings.containsErrors {
            failures.append("valid is \(valid) but errors were \(findings.containsErrors ? "" : "not ")reported:\n\(reported)")
        }
        for (key, expected) in (checks ?? [:]).sorted(by: { $0.key < $1.key }) {
            failures += try check(key, expected, resolved: resolvedRoot, written: written, emitted: emitted)
        }
        return failures
    }

    private func check(_ key: String, _ expected: JSONValue, resolved: YAMLNode, written: YAMLNode, emitted: String) throws -> [String] {
        let (prefix, rest) = key.firstIndex(of: ".").map { (String(key[..<$0]), String(key[key.index(after: $0)...])) } ?? ("", key)
        switch prefix {
        case "merged", "resolved":
            guard let node = resolved.node(at: rest) else { return ["check \(key): nothing at that path after resolution"] }
            return node.jsonValue.matches(expected.value) ? [] : ["check \(key): expected \(expected.value), found \(node.jsonValue)"]
        case "tags":
            let again = try YAMLParser.parse(emitted).documents.last ?? .null
            guard case .string(let tag) = expected.value else { return ["check \(key): expected a tag string"] }
            guard let node = again.node(at: rest) else { return ["check \(key): nothing at that path after a round trip"] }
            if node.tag == tag { return [] }
            // A short CloudFormation tag may come back in long form.
            if let function = CloudFormationTags.intrinsic(tag), node.entries.count == 1, node.entries[0].key == function { return [] }
            return ["check \(key): expected tag \(tag), found \(node.tag ?? "none") after a round trip"]
        default:
            guard let node = written.node(at: key) else { return ["check \(key): nothing at that path"] }
            return node.jsonValue.matches(expected.value) ? [] : ["check \(key): expected \(expected.value), found \(node.jsonValue)"]
        }
    }

    /// A finding matches an expectation on rule, and on path (equal, or one inside the other) or line.
    static func matches(_ finding: Finding, _ expectation: Expectation) -> Bool {
        guard finding.rule == expectation.rule else { return false }
        if let job = expectation.job, let found = finding.job, job != found { return false }
        if expectation.path == nil, expectation.line == nil || expectation.line == 0 { return true }
        if let path = expectation.path, pathsOverlap(path, finding.path) { return true }
        if let line = expectation.line, line > 0, line == finding.line { return true }
        return false
    }

    static func pathsOverlap(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        guard long.hasPrefix(short) else { return false }
        let next = long[long.index(long.startIndex, offsetBy: short.count)]
        return next == "." || next == "["
    }
}

/// A JSON value from an `expect.json`, as a ``YAMLValue``.
struct JSONValue: Decodable {
    var value: YAMLValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            value = .int(number)
        } else if let number = try? container.decode(Double.self) {
            value = .double(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            value = .array(items.map(\.value))
        } else {
            value = .object(try container.decode([String: JSONValue].self).mapValues(\.value))
        }
    }
}
