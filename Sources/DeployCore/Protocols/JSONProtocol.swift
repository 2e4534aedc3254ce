import Foundation
import HTTPTypes

extension AWSRequest {
    /// A JSON-protocol call (Secrets Manager): `POST /` with `X-Amz-Target: {target}` and a JSON body.
    /// - Parameters:
    ///   - target: `Prefix.Operation`, such as `secretsmanager.GetSecretValue`.
    ///   - version: `1.1` or `1.0`, for the content type.
    ///   - body: the operation's input, encoded as JSON.
    public static func json(target: String, version: String = "1.1", body: some Encodable) throws -> AWSRequest {
        var headers = HTTPFields()
        headers[.xAmzTarget] = target
        headers[.contentType] = "application/x-amz-json-\(version)"
        return AWSRequest(method: .post, path: "/", headers: headers, body: HTTPBody(bytes: try AWSJSON.encode(body)))
    }
}

/// JSON encoding and decoding as the AWS JSON protocols use it.
public enum AWSJSON {
    /// Encodes `value` with sorted keys (stable bytes, stable signatures); dates as epoch seconds.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return Array(try encoder.encode(value))
    }

    /// Decodes `type` from `bytes`; dates from epoch seconds (JSON protocols) or ISO 8601 (REST).
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) { return Date(timeIntervalSince1970: seconds) }
            let text = try container.decode(String.self)
            if let date = AWSJSON.parseDate(text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a date")
        }
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw AWSDecodingError("the response is not a \(T.self): \(describe(error))")
        }
    }

    /// ISO 8601 with or without fractional seconds, and Lambda's `2024-01-01T00:00:00.000+0000`.
    /// Parsed field by field, never by Foundation's formatters (which trap on some input).
    public static func parseDate(_ text: String) -> Date? {
        AWSTimestamp.iso8601(text)
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "expected \(type) at \(path(context))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? "the top level" : path
    }
}

extension AWSResponse {
    /// Decodes the body as JSON.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try AWSJSON.decode(type, from: body.isEmpty ? Array("{}".utf8) : body)
    }
}
