import Foundation

/// Locates `../shared` (beside the repository) or the folder named by `DEPLOY_SHARED_DIR`.
public enum SharedTestData {
    public static var root: URL {
        if let override = ProcessInfo.processInfo.environment["DEPLOY_SHARED_DIR"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // Tests/DeployTestSupport/SharedTestData.swift → repository root → ../shared
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared")
    }

    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public static func directories(in relative: String) -> [String] {
        let base = url(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: base.appendingPathComponent(name).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    public static func text(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}

/// A raw HTTP/1.1 request as the SigV4 suites write it: request line, `Name:value` headers (a
/// line starting with whitespace continues the previous value), a blank line, the body.
public struct RawSuiteRequest {
    public var method: String
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(_ text: String) {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let words = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        method = String(words.first!)
        target = words.dropFirst().dropLast().joined(separator: " ")
        headers = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody {
                bodyLines.append(line)
            } else if line.isEmpty {
                inBody = true
            } else if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        body = Array(bodyLines.joined(separator: "\n").utf8)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
