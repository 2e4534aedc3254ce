import DeployManifests

/// A template (a JSON object) written as YAML: keys sorted, `Ref`, `Fn::GetAtt` and `Fn::Sub` in
/// their short forms (`!Ref Name`, `!GetAtt Name.Attribute`, `!Sub …`), other functions long.
enum TemplateYAML {
    static func text(_ template: [String: Any]) -> String {
        YAMLEmitter.emit(node(template))
    }

    static func node(_ value: Any) -> YAMLNode {
        switch value {
        case let flag as Bool where type(of: value) == Bool.self: return .bool(flag)
        case let number as Int: return .int(number)
        case let text as String: return .string(text)
        case let items as [Any]: return .sequence(items.map(node))
        case let object as [String: Any]:
            if object.count == 1, let (name, argument) = object.first, let short = shortForm(name, argument) { return short }
            return .mapping(object.sorted { $0.key < $1.key }.map { ($0.key, node($0.value)) })
        default: return .string(String(describing: value))
        }
    }

    /// `!Ref`, `!GetAtt` (a two-element list written `Name.Attribute`) and `!Sub` with a string.
    private static func shortForm(_ name: String, _ argument: Any) -> YAMLNode? {
        switch (name, argument) {
        case ("Ref", let target as String): return YAMLNode(.scalar(target, .plain), tag: "!Ref")
        case ("Fn::GetAtt", let parts as [String]) where parts.count == 2:
            return YAMLNode(.scalar(parts.joined(separator: "."), .plain), tag: "!GetAtt")
        case ("Fn::Sub", let text as String):
            var node = YAMLNode.string(text)
            node.tag = "!Sub"
            return node
        default: return nil
        }
    }
}
