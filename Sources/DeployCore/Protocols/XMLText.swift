/// Text for an XML document: XML's five escapes, and optionally the characters XML 1.0 cannot
/// carry at all (control characters other than tab, line feed and carriage return) dropped.
public enum XMLText {
    /// `text` escaped for an element's content or a quoted attribute; a carriage return is written
    /// as `&#13;` so that parsers do not normalise it away.
    /// - Parameters:
    ///   - text: the text to put into the document.
    ///   - droppingInvalidCharacters: drop what XML 1.0 cannot carry (a report's log lines); leave
    ///     it `false` where the text must reach the service unchanged (an S3 key), so that the
    ///     service refuses it instead of acting on another name.
    public static func escape(_ text: String, droppingInvalidCharacters: Bool = false) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\r": escaped += "&#13;"
            case "\n", "\t": escaped.unicodeScalars.append(scalar)
            default:
                let invalid = scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                if invalid && droppingInvalidCharacters { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
