import HTTPTypes

/// Parameters of a query-protocol call (IAM, STS), flattened as AWS expects:
/// lists as `Name.member.N`, maps as `Name.entry.N.key` / `Name.entry.N.value`, structures as
/// `Name.Member`.
public struct QueryParameters: Sendable {
    /// The flattened parameters, in the order set.
    public private(set) var pairs: [(name: String, value: String)] = []

    /// Creates an empty set.
    public init() {}

    /// Sets `name` to `value`; a `nil` value is left out.
    public mutating func set(_ name: String, _ value: String?) {
        guard let value else { return }
        pairs.append((name, value))
    }

    /// Sets an integer or boolean member; `nil` is left out.
    public mutating func set(_ name: String, _ value: (some LosslessStringConvertible)?) {
        guard let value else { return }
        pairs.append((name, value.description))
    }

    /// Sets a list as `name.member.1`, `name.member.2`, …; an empty list is sent as `name=` so that
    /// AWS sees it was given.
    public mutating func setList(_ name: String, _ values: [String]?) {
        guard let values else { return }
        if values.isEmpty {
            pairs.append((name, ""))
            return
        }
        for (index, value) in values.enumerated() { pairs.append(("\(name).member.\(index + 1)", value)) }
    }

    /// Sets a list of structures: `name.member.N.` followed by each structure's members.
    public mutating func setList(_ name: String, structures: [QueryParameters]?) {
        guard let structures else { return }
        for (index, structure) in structures.enumerated() {
            for pair in structure.pairs { pairs.append(("\(name).member.\(index + 1).\(pair.name)", pair.value)) }
        }
    }

    /// Sets a map as `name.entry.N.key` and `name.entry.N.value`, keys sorted.
    public mutating func setMap(_ name: String, _ map: [String: String]?) {
        guard let map else { return }
        for (index, key) in map.keys.sorted().enumerated() {
            pairs.append(("\(name).entry.\(index + 1).key", key))
            pairs.append(("\(name).entry.\(index + 1).value", map[key]!))
        }
    }
}

extension AWSRequest {
    /// A query-protocol call: `POST /` with a form-encoded body holding `Action`, `Version` and
    /// the parameters.
    public static func query(action: String, version: String, parameters: QueryParameters = QueryParameters()) -> AWSRequest {
        var all: [(name: String, value: String)] = [("Action", action), ("Version", version)]
        all += parameters.pairs
        let form = all.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
        var headers = HTTPFields()
        headers[.contentType] = "application/x-www-form-urlencoded; charset=utf-8"
        return AWSRequest(method: .post, path: "/", headers: headers, body: HTTPBody(bytes: Array(form.utf8)))
    }
}

extension AWSResponse {
    /// The `<ActionResult>` element of a query-protocol response, such as
    /// `GetCallerIdentityResult`.
    public func queryResult(action: String) throws -> AWSXMLElement {
        let root = try AWSXMLElement.parse(body)
        guard let result = root.child("\(action)Result") else {
            throw AWSDecodingError("the \(action) response has no \(action)Result element (root: \(root.name))")
        }
        return result
    }
}
