/// Finds duplicated mapping keys, which GitLab accepts (the last wins) and YAML forbids.
enum DuplicateKeys {
    static func findings(in root: YAMLNode, file: String?) -> [Finding] {
        var findings: [Finding] = []
        visit(root, path: "", into: &findings, file: file)
        return findings
    }

    private static func visit(_ node: YAMLNode, path: String, into findings: inout [Finding], file: String?) {
        switch node.content {
        case .scalar:
            return
        case .sequence(let items):
            for (index, item) in items.enumerated() { visit(item, path: ManifestPath.index(path, index), into: &findings, file: file) }
        case .mapping(let pairs):
            var seen: [YAMLNode: SourcePosition] = [:]
            for pair in pairs {
                let keyPath = ManifestPath.key(path, pair.key.scalarText ?? pair.key.description)
                if let first = seen[pair.key], pair.key.scalarText != "<<" {
                    findings.append(.duplicateKey(pair.key, path: keyPath, first: first, file: file))
                }
                seen[pair.key] = pair.key.position
                visit(pair.value, path: keyPath, into: &findings, file: file)
            }
        }
    }
}

/// Dotted paths into a document: `deploy.needs[0].job`, `.python.script`.
public enum ManifestPath {
    /// `base.key` (or `key` at the top).
    public static func key(_ base: String, _ key: String) -> String {
        base.isEmpty ? key : "\(base).\(key)"
    }

    /// `base[index]`.
    public static func index(_ base: String, _ index: Int) -> String {
        "\(base)[\(index)]"
    }

    /// Splits a dotted path into keys and indexes: `a.b[0].c` → `["a", "b", 0, "c"]`.
    /// A leading `.` belongs to a hidden job's name (`.python.script` → `[".python", "script"]`).
    public static func components(_ path: String) -> [Component] {
        var components: [Component] = []
        var current = ""
        var index = path.startIndex
        var atStart = true
        while index < path.endIndex {
            let character = path[index]
            if character == "." && !(atStart && current.isEmpty) {
                if !current.isEmpty { components.append(.key(current)) }
                current = ""
            } else if character == "[", let close = path[index...].firstIndex(of: "]"),
                let number = Int(path[path.index(after: index)..<close])
            {
                if !current.isEmpty { components.append(.key(current)) }
                current = ""
                components.append(.index(number))
                index = close
            } else {
                current.append(character)
            }
            atStart = false
            index = path.index(after: index)
        }
        if !current.isEmpty { components.append(.key(current)) }
        return components
    }

    /// A key or an index.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }
}

extension YAMLNode {
    /// The node a dotted path names, if any.
    public func node(at path: String) -> YAMLNode? {
        var node: YAMLNode? = self
        for component in ManifestPath.components(path) {
            switch component {
            case .key(let key):
                // `skills.0.id`: a number names an item of a sequence, as the framework reads it.
                if let items = node?.sequence, let index = Int(key) {
                    guard items.indices.contains(index) else { return nil }
                    node = items[index]
                } else {
                    node = node?[key]
                }
            case .index(let index):
                guard let items = node?.sequence, items.indices.contains(index) else { return nil }
                node = items[index]
            }
        }
        return node
    }
}
