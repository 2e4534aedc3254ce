import DeployCore
import HTTPTypes

/// Which requests a scripted reply answers: a REST method and path template, an `X-Amz-Target`,
/// a query-protocol `Action`, or any request.
public struct MockRoute: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case rest(method: String, segments: [String])
        case target(String)
        case action(String)
        case any
    }

    let kind: Kind

    /// A REST operation: `.rest(.put, "/2015-03-31/functions/{FunctionName}/code")`. `{Name}`
    /// matches one path segment, `{Name+}` the rest of the path.
    public static func rest(_ method: HTTPRequest.Method, _ template: String) -> MockRoute {
        MockRoute(kind: .rest(method: method.rawValue, segments: template.split(separator: "/").map(String.init)))
    }

    /// A JSON-protocol operation by its `X-Amz-Target`: `.target("secretsmanager.GetSecretValue")`.
    public static func target(_ target: String) -> MockRoute { MockRoute(kind: .target(target)) }

    /// A query-protocol operation by its `Action`: `.action("GetCallerIdentity")`.
    public static func action(_ action: String) -> MockRoute { MockRoute(kind: .action(action)) }

    /// Every request not matched by a more specific route.
    public static let any = MockRoute(kind: .any)

    /// Whether `request` is one this route answers.
    public func matches(_ request: RecordedRequest) -> Bool {
        switch kind {
        case .any:
            return true
        case .target(let target):
            return request.target == target
        case .action(let action):
            return request.action == action
        case .rest(let method, let segments):
            guard request.request.method.rawValue == method else { return false }
            let path = request.path.split(separator: "/").map(String.init)
            for (index, segment) in segments.enumerated() {
                if segment.hasPrefix("{") && segment.hasSuffix("+}") { return path.count > index }
                guard index < path.count else { return false }
                if segment.hasPrefix("{") && segment.hasSuffix("}") { continue }
                guard segment == path[index].removingPercentEncoding ?? path[index] else { return false }
            }
            return path.count == segments.count
        }
    }

    public var description: String {
        switch kind {
        case .any: return "any request"
        case .target(let target): return "X-Amz-Target \(target)"
        case .action(let action): return "Action=\(action)"
        case .rest(let method, let segments): return "\(method) /\(segments.joined(separator: "/"))"
        }
    }
}

/// A request the mock received, with what routing needs already read out of it.
public struct RecordedRequest: Sendable {
    /// The request as sent (signed).
    public var request: HTTPRequest
    /// The body's bytes.
    public var body: [UInt8]

    /// A request as a route sees it, for checking a route of your own with ``MockRoute/matches(_:)``.
    public init(request: HTTPRequest, body: [UInt8]) {
        self.request = request
        self.body = body
    }

    /// The path without the query.
    public var path: String {
        let target = request.path ?? "/"
        return target.firstIndex(of: "?").map { String(target[..<$0]) } ?? target
    }

    /// Query parameters of the URL, decoded.
    public var queryItems: [(name: String, value: String)] {
        guard let target = request.path, let mark = target.firstIndex(of: "?") else { return [] }
        return Self.parseForm(String(target[target.index(after: mark)...]))
    }

    /// The form-encoded body's parameters, decoded (query protocol).
    public var formItems: [(name: String, value: String)] {
        Self.parseForm(String(decoding: body, as: UTF8.self))
    }

    /// The `X-Amz-Target` header.
    public var target: String? { request.headerFields[.xAmzTarget] }

    /// The query-protocol `Action`, from the body or the URL.
    public var action: String? {
        (formItems + queryItems).first { $0.name == "Action" }?.value
    }

    /// A form or query parameter by name.
    public func parameter(_ name: String) -> String? {
        (formItems + queryItems).first { $0.name == name }?.value
    }

    static func parseForm(_ text: String) -> [(name: String, value: String)] {
        FormEncoding.decode(text)
    }
}
