import DeployCore
import DeploySigV4
import Foundation
import HTTPTypes

/// The routes the transport conformance checks call, answered the same way by the loopback
/// `ConformanceServer` (product `DeployConformanceServer`) and by ``MockTransport/conformanceMock()``:
///
/// - `/echo…`: 200 with a JSON document of what arrived (method, path, headers, body length and
///   SHA-256);
/// - `/redirect`: 302 to `/echo`;
/// - `/status/N`: status N;
/// - `/slow`: an answer after 5 seconds.
package enum ConformanceEcho {
    struct Echo: Codable {
        var method: String
        var path: String
        var headers: [[String]]
        var bodyLength: Int
        var bodySHA256: String
    }

    package static let slowDelay: Duration = .seconds(5)

    package static func respond(
        method: String, path: String, headers: [(String, String)], body: [UInt8]
    ) -> (status: Int, headers: [(String, String)], body: [UInt8]) {
        if path == "/redirect" { return (302, [("Location", "/echo")], []) }
        if path.hasPrefix("/status/"), let code = Int(path.dropFirst("/status/".count)) {
            return (code, [("Content-Type", "text/plain")], Array("status \(code)".utf8))
        }
        let echo = Echo(
            method: method, path: path, headers: headers.map { [$0.0, $0.1] }, bodyLength: body.count,
            bodySHA256: SHA256Hasher.hash(body).hexString
        )
        let json = (try? JSONEncoder().encode(echo)).map(Array.init) ?? []
        return (200, [("Content-Type", "application/json")], json)
    }
}

extension MockTransport {
    /// A mock that answers the conformance routes in-process, for running ``TransportConformance``
    /// against the mock itself (base URL `http://mock.invalid`).
    public static func conformanceMock() -> MockTransport {
        let mock = MockTransport()
        mock.on(
            .any,
            reply: .handler { recorded in
                if recorded.path == "/slow" { try await Task.sleep(for: ConformanceEcho.slowDelay) }
                let answer = ConformanceEcho.respond(
                    method: recorded.request.method.rawValue, path: recorded.request.path ?? "/",
                    headers: recorded.request.headerFields.map { ($0.name.rawName, $0.value) }, body: recorded.body
                )
                var fields = HTTPFields()
                for (name, value) in answer.headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
                return TransportResponse(
                    response: HTTPResponse(status: .init(code: answer.status), headerFields: fields), body: answer.body)
            })
        return mock
    }
}
