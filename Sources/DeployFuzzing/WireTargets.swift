import DeployCore
import DeploySigV4
import Foundation
import HTTPTypes

/// What AWS sends back, and what the signer reads of a request.
enum WireTargets {
    /// The first byte picks the content type and status; the rest is the body.
    static func errorDecoder(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let types = ["text/xml", "application/xml", "application/json", "application/x-amz-json-1.1", "text/html"]
        var headers = HTTPFields()
        headers[.contentType] = types[Int(first) % types.count]
        if first & 0x80 != 0 { headers[HTTPField.Name("X-Amzn-ErrorType")!] = "ServiceException:http://internal" }
        let status = [400, 403, 404, 409, 412, 429, 500, 503][Int(first >> 4) % 8]
        let response = TransportResponse(
            response: HTTPResponse(status: .init(code: status), headerFields: headers), body: Array(bytes.dropFirst()))
        let error = AWSErrorDecoder.decode(response, service: "Lambda", operation: "CreateFunction")
        _ = error.description
    }

    static let signers: [SigV4Signer] = {
        let credentials = Credentials(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token")
        return [SigV4Signer.PathEncoding.normalized, .s3].compactMap { encoding in
            try? SigV4Signer(
                credentials: credentials, region: "us-east-1", service: encoding == .s3 ? "s3" : "lambda",
                options: .init(pathEncoding: encoding))
        }
    }()

    /// Line 1: method; line 2: path with query; then `name: value` header lines; an empty line;
    /// the body.
    static func sigV4(_ text: String) {
        let parts = text.split(separator: "\n", maxSplits: 1_000, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return }
        let method = HTTPRequest.Method(String(parts[0])) ?? .get
        var headers = HTTPFields()
        var index = 2
        while index < parts.count, !parts[index].isEmpty {
            let line = parts[index]
            if let colon = line.firstIndex(of: ":"), let name = HTTPField.Name(String(line[..<colon])) {
                headers.append(HTTPField(name: name, value: String(line[line.index(after: colon)...])))
            }
            index += 1
        }
        let body = parts.dropFirst(index + 1).joined(separator: "\n")
        let request = HTTPRequest(
            method: method, scheme: "https", authority: "example.amazonaws.com", path: String(parts[1]), headerFields: headers)
        for signer in signers {
            guard
                let (_, details) = try? signer.signingDetails(
                    for: request, payload: .bytes(Array(body.utf8)), date: Date(timeIntervalSince1970: 1_440_938_160))
            else { continue }
            _ = details.canonicalRequest
        }
    }

    static func retryAfter(_ text: String) {
        _ = RetryAfter.parse(text, now: Date(timeIntervalSince1970: 1_700_000_000))
        _ = AWSJSON.parseDate(text)
        _ = AWSTimestamp.httpDate(text)
    }
}
