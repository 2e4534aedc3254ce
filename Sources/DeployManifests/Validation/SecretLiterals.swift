/// Recognises AWS credentials written as literals. Messages never repeat the value.
enum SecretLiterals {
    enum Kind: Sendable {
        case accessKeyID, secretAccessKey

        var label: String { self == .accessKeyID ? "an AWS access key id" : "what looks like an AWS secret access key" }
    }

    /// What kind of AWS credential `value` (set as `name`) is, if it is one.
    static func kind(name: String, value: String) -> Kind? {
        guard !value.contains("$") else { return nil }
        if containsAccessKeyID(value) { return .accessKeyID }
        guard value.utf8.count == 40, value.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || isBase64($0) }) else { return nil }
        let isHex = value.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit)
        if isHex { return nil }  // a commit SHA, not a key
        let upper = name.uppercased()
        let secretName = ["SECRET", "KEY", "TOKEN", "PASSWORD", "CREDENTIAL"].contains { upper.contains($0) }
        let mixed = value.contains(where: \.isUppercase) && value.contains(where: \.isLowercase) && value.contains(where: \.isNumber)
        return secretName || (mixed && value.contains(where: { $0 == "/" || $0 == "+" })) ? .secretAccessKey : nil
    }

    private static func isBase64(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) || scalar == "/" || scalar == "+"
    }

    /// `AKIA`/`ASIA` followed by 16 upper-case letters or digits, on its own.
    private static func containsAccessKeyID(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard bytes.count >= 20 else { return false }
        for start in 0...(bytes.count - 20) {
            let prefix = String(decoding: bytes[start..<start + 4], as: UTF8.self)
            guard prefix == "AKIA" || prefix == "ASIA" else { continue }
            let body = bytes[(start + 4)..<(start + 20)]
            guard body.allSatisfy({ (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }) else { continue }
            let before = start == 0 ? nil : bytes[start - 1]
            let after = start + 20 < bytes.count ? bytes[start + 20] : nil
            let isWordByte: (UInt8?) -> Bool = { byte in
                byte.map { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) } ?? false
            }
            if !isWordByte(before), !isWordByte(after) { return true }
        }
        return false
    }
}
