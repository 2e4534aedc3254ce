/// A value written out the same way in every process: every stored property by label, in
/// declaration order; dictionaries' and sets' elements sorted (Swift's own iteration order changes
/// from one process to the next); strings quoted; closures as `(Function)`. What a fingerprint of a
/// configuration hashes.
enum CanonicalText {
    /// `value` written out, leaving out the properties (at any depth) whose label is in `skipping`.
    static func of(_ value: Any, skipping: Set<String> = []) -> String {
        var text = ""
        write(value, skipping: skipping, into: &text)
        return text
    }

    private static func write(_ value: Any, skipping: Set<String>, into text: inout String) {
        let mirror = Mirror(reflecting: value)
        let children = Array(mirror.children)
        switch mirror.displayStyle {
        case .optional:
            if let wrapped = children.first { write(wrapped.value, skipping: skipping, into: &text) } else { text += "nil" }
        case .dictionary, .set:
            let elements = children.map { of($0.value, skipping: skipping) }.sorted()
            text += "{" + elements.joined(separator: ",") + "}"
        case .collection:
            text += "[" + children.map { of($0.value, skipping: skipping) }.joined(separator: ",") + "]"
        case .enum:
            text += "\(type(of: value))."
            if let payload = children.first {
                text += (payload.label ?? "") + "("
                write(payload.value, skipping: skipping, into: &text)
                text += ")"
            } else {
                text += String(describing: value)
            }
        case .struct, .class, .tuple:
            text += "\(type(of: value))("
            var first = true
            for child in children where !skipping.contains(child.label ?? "") {
                if !first { text += "," }
                first = false
                text += (child.label ?? "") + ":"
                write(child.value, skipping: skipping, into: &text)
            }
            text += ")"
        default:
            // Leaves: numbers, Booleans, strings (quoted and escaped), closures.
            text += String(reflecting: value)
        }
    }
}
