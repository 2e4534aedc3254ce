import DeploySigV4
import Foundation
import HTTPTypes
import Testing

/// The calls `Documentation/Signing.md` shows, as written there, so the guide cannot drift from the API.
@Suite("Signing guide")
struct SigningGuideTests {
    @Test("the guide's sign, presign and details calls work as shown")
    func guideExamples() throws {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        let token = "IQoJb3JpZ2luX2VjEXAMPLE"
        let credentials = Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: token)
        let signer = try SigV4Signer(credentials: credentials, region: "us-east-1", service: "lambda")

        let request = try HTTPRequest(
            method: "GET", url: "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/myLambdaFunction/configuration"
        )
        let signed = try signer.sign(request)
        #expect(signed.headerFields[.authorization]?.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/") == true)
        #expect(signed.headerFields[.xAmzSecurityToken] == token)
        #expect(signed.headerFields[.xAmzDate] != nil)

        let url = try signer.presignedURL(for: request, expiresIn: .seconds(900)).url
        #expect(url.contains("X-Amz-Expires=900") && url.contains("X-Amz-Signature="))
        #expect(throws: SigV4Error.self) { try signer.presignedURL(for: request, expiresIn: .seconds(604_801)) }

        let body = Array(#"{"Publish":true}"#.utf8)
        let (_, details) = try signer.signingDetails(for: request, payload: .bytes(body))
        #expect(details.canonicalRequest.hasPrefix("GET\n/2015-03-31/functions/myLambdaFunction/configuration\n"))
        #expect(details.stringToSign.hasPrefix("AWS4-HMAC-SHA256\n"))
        for text in [details.canonicalRequest, details.stringToSign, details.authorization ?? "", "\(credentials)"] {
            #expect(!text.contains(secret))
        }

        let withHeader = try SigV4Signer(
            credentials: credentials, region: "us-east-1", service: "lambda", options: .init(signsContentSHA256Header: true)
        )
        let hashed = try withHeader.sign(request, payload: .bytes(body))
        #expect(hashed.headerFields[.xAmzContentSHA256] == SHA256Hasher.hash(body).hexString)
    }
}
