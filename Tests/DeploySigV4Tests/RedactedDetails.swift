@testable import DeploySigV4

/// What `SigningDetails.canonicalRequest` shows for a canonical request signed with `token`: the
/// token's header line and query parameter redacted. The string to sign still carries the hash of
/// the real canonical request, so comparing it checks the token's canonical form exactly.
func detailsCanonical(_ expected: String, token: String?) -> String {
    guard let token, !token.isEmpty else { return expected }
    return SigV4Signer.redactingToken(expected, marker: "<redacted, \(token.utf8.count) bytes>")
}
