/// `$[[ inputs.name ]]` in a file with a `spec: inputs` header (a CI/CD component, or a file
/// included with `inputs:`), interpolated as GitLab does before it reads the pipeline: the value
/// the including file gives, else the input's `default`. An input with neither stays as written,
/// and checks treat a value that still holds `$[[` as unknown.
enum ComponentInputs {
    /// The inputs' values: `given` (an include's `inputs:`) over the header's defaults.
    static func values(header: YAMLNode?, given: YAMLNode?) -> [String: YAMLNode] {
        var values: [String: YAMLNode] = [:]
        for (name, spec) in header?["spec"]?["inputs"]?.entries ?? [] {
            if let value = spec["default"] { values[name] = value }
        }
        for (name, value) in given?.entries ?? [] { values[name] = value }
        return values
    }

    /// `node` with every `$[[ inputs.name ]]` whose value is known replaced.
    static func interpolate(_ node: YAMLNode, values: [String: YAMLNode]) -> YAMLNode {
        guard !values.isEmpty else { return node }
        var copy = node
        switch node.content {
        case .scalar(let text, _):
            guard text.contains("$[[") else { return node }
            return interpolate(text: text, in: node, values: values)
        case .sequence(let items):
            copy.content = .sequence(items.map { interpolate($0, values: values) })
        case .mapping(let pairs):
            copy.content = .mapping(
                pairs.map { YAMLPair(key: interpolate($0.key, values: values), value: interpolate($0.value, values: values)) })
        }
        return copy
    }

    private static func interpolate(text: String, in node: YAMLNode, values: [String: YAMLNode]) -> YAMLNode {
        var result = ""
        var rest = Substring(text)
        var replacedWhole: YAMLNode?
        while let open = rest.range(of: "$[["), let close = rest.range(of: "]]", range: open.upperBound..<rest.endIndex) {
            let expression = rest[open.upperBound..<close.lowerBound]
            guard let value = evaluate(expression, values: values) else {
                result += rest[..<close.upperBound]
                rest = rest[close.upperBound...]
                continue
            }
            // A value that is the whole scalar keeps its type (a list, a number, a boolean).
            if result.isEmpty, rest.startIndex == open.lowerBound, close.upperBound == rest.endIndex, text.hasPrefix("$[[") {
                replacedWhole = value
            }
            result += rest[..<open.lowerBound] + (value.scalarText ?? "")
            rest = rest[close.upperBound...]
        }
        if var whole = replacedWhole {
            whole.position = node.position
            return whole
        }
        result += rest
        return YAMLNode.string(result, position: node.position)
    }

    /// `inputs.name`, optionally piped through `expand_vars` (a no-op offline) or `truncate(o,n)`.
    private static func evaluate(_ expression: Substring, values: [String: YAMLNode]) -> YAMLNode? {
        let parts = expression.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let reference = parts.first, reference.hasPrefix("inputs.") else { return nil }
        guard var value = values[String(reference.dropFirst("inputs.".count))] else { return nil }
        for function in parts.dropFirst() {
            if function == "expand_vars" { continue }
            guard function.hasPrefix("truncate("), function.hasSuffix(")"), let text = value.scalarText else { return nil }
            let arguments = function.dropFirst("truncate(".count).dropLast().split(separator: ",").compactMap {
                Int($0.trimmingCharacters(in: .whitespaces))
            }
            guard arguments.count == 2, arguments[0] >= 0, arguments[1] >= 0 else { return nil }
            value = .string(String(text.dropFirst(arguments[0]).prefix(arguments[1])))
        }
        return value
    }
}
