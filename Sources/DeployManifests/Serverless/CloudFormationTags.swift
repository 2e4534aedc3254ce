/// CloudFormation's short-form intrinsic tags turned into their long form, as CloudFormation reads them:
/// `!Ref X` → `{Ref: X}`, `!GetAtt a.b` → `{Fn::GetAtt: [a, b]}`, `!Sub s` → `{Fn::Sub: s}`.
public enum CloudFormationTags {
    /// The tree with every short-form tag written in long form (other tags are kept).
    public static func longForm(_ node: YAMLNode) -> YAMLNode {
        var copy = node
        switch node.content {
        case .scalar:
            break
        case .sequence(let items):
            copy.content = .sequence(items.map(longForm))
        case .mapping(let pairs):
            copy.content = .mapping(pairs.map { YAMLPair(key: $0.key, value: longForm($0.value)) })
        }
        guard let tag = copy.tag, let function = intrinsic(tag) else { return copy }
        copy.tag = nil
        var argument = copy
        if function == "Fn::GetAtt", let text = copy.scalarText, let dot = text.firstIndex(of: ".") {
            argument = .sequence([.string(String(text[..<dot])), .string(String(text[text.index(after: dot)...]))])
        }
        var result = YAMLNode(.mapping([YAMLPair(key: .string(function), value: argument)]), position: node.position)
        result.tag = nil
        return result
    }

    /// The long-form key for a short tag: `!Ref` → `Ref`, `!Condition` → `Condition`, `!X` → `Fn::X`.
    static func intrinsic(_ tag: String) -> String? {
        guard tag.hasPrefix("!"), !tag.hasPrefix("!!"), tag.count > 1 else { return nil }
        let name = String(tag.dropFirst())
        guard name.first?.isUppercase == true else { return nil }
        return name == "Ref" || name == "Condition" ? name : "Fn::" + name
    }
}
