/// Writes nodes back as block-style YAML: keys in the node's order, tags kept, plain
/// scalars where they read back the same, literal blocks for multi-line scripts.
public enum YAMLEmitter {
    /// One document.
    public static func emit(_ node: YAMLNode) -> String {
        var writer = Writer()
        writer.document(node)
        return writer.output
    }

    /// Several documents, separated by `---` (a `spec: inputs` header, then the pipeline).
    public static func emit(documents: [YAMLNode]) -> String {
        documents.map(emit).joined(separator: "---\n")
    }
}

private struct Writer {
    var output = ""

    mutating func document(_ node: YAMLNode) {
        if isBlock(node) {
            if let tag = node.tag { output += tagText(tag) + "\n" }
            block(node, indent: 0)
        } else {
            output += inline(node, inFlow: false) + "\n"
        }
    }

    /// Whether a node is written as an indented block (non-empty, and not a tagged sequence).
    private func isBlock(_ node: YAMLNode) -> Bool {
        switch node.content {
        case .scalar: return false
        case .sequence(let items): return !items.isEmpty && node.tag == nil
        case .mapping(let pairs): return !pairs.isEmpty
        }
    }

    private mutating func block(_ node: YAMLNode, indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch node.content {
        case .scalar:
            output += pad + inline(node, inFlow: false) + "\n"
        case .mapping(let pairs):
            for pair in pairs {
                output += pad + key(pair.key) + ":"
                value(pair.value, indent: indent)
            }
        case .sequence(let items):
            for item in items {
                if isBlock(item), item.tag == nil {
                    // The first line of the nested block goes right after "- ".
                    var nested = Writer()
                    nested.block(item, indent: indent + 2)
                    output += pad + "- " + nested.output.dropFirst(indent + 2)
                } else {
                    output += pad + "-"
                    value(item, indent: indent)
                }
            }
        }
    }

    /// Writes what follows `key:` or `-`: inline on the same line, or a block below.
    private mutating func value(_ node: YAMLNode, indent: Int) {
        if isBlock(node) {
            output += (node.tag.map { " " + tagText($0) } ?? "") + "\n"
            block(node, indent: indent + 2)
        } else if let literal = literalBlock(node, indent: indent + 2) {
            output += " " + literal
        } else {
            let text = inline(node, inFlow: false)
            output += (text.isEmpty ? "" : " " + text) + "\n"
        }
    }

    private func key(_ node: YAMLNode) -> String {
        if case .scalar(let text, let style) = node.content, node.tag == nil, style.isPlain, text == "<<" { return text }
        // A collection key (rare) is written in flow style, which YAML accepts as an implicit key.
        return inline(node, inFlow: !(node.scalarText != nil))
    }

    private func inline(_ node: YAMLNode, inFlow: Bool) -> String {
        let prefix = node.tag.map { tagText($0) + " " } ?? ""
        switch node.content {
        case .scalar(let text, let style):
            if style.isPlain, text.isEmpty { return node.tag.map(tagText) ?? "" }
            // Plain when it reads back the same: it was plain, or it is text no reader takes for a number.
            if YAMLScalarResolver.canWritePlain(text, inFlow: inFlow), style.isPlain || YAMLScalarResolver.isPlainSafe(text, inFlow: inFlow)
            {
                return prefix + text
            }
            return prefix + quoted(text)
        case .sequence(let items):
            return prefix + "[" + items.map { inline($0, inFlow: true) }.joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return prefix + "{" + pairs.map { inline($0.key, inFlow: true) + ": " + inline($0.value, inFlow: true) }.joined(separator: ", ")
                + "}"
        }
    }

    /// A `|` block for a multi-line string, when its text allows one.
    private func literalBlock(_ node: YAMLNode, indent: Int) -> String? {
        guard case .scalar(let text, let style) = node.content, !style.isPlain, text.contains("\n"),
            let first = text.first, first != " ", first != "\n", !text.contains("\r"),
            text.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\n" || $0 == "\t" })
        else { return nil }
        var body = Substring(text)
        var trailing = 0
        while body.last == "\n" {
            body = body.dropLast()
            trailing += 1
        }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.contains(where: { !$0.isEmpty && $0.allSatisfy { $0 == " " || $0 == "\t" } }) else { return nil }
        let chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+"
        let pad = String(repeating: " ", count: indent)
        var out = (node.tag.map { tagText($0) + " " } ?? "") + "|" + chomp + "\n"
        for line in lines { out += line.isEmpty ? "\n" : pad + line + "\n" }
        for _ in 1..<max(trailing, 1) { out += "\n" }
        return out
    }

    private func tagText(_ tag: String) -> String {
        let standard = "tag:yaml.org,2002:"
        if tag.hasPrefix(standard) { return "!!" + tag.dropFirst(standard.count) }
        if tag.hasPrefix("!"), !tag.contains(where: { " ,[]{}".contains($0) }) { return tag }
        return "!<\(tag)>"
    }

    private func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{FEFF}" {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
