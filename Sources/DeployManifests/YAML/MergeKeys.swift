extension YAMLNode {
    /// The tree with YAML merge keys applied: `<<: *defaults` and `<<: [*a, *b]` copy the
    /// keys the mapping does not set itself (explicit keys win; among several sources the first wins).
    public func applyingMergeKeys() -> YAMLNode {
        var copy = self
        switch content {
        case .scalar:
            return self
        case .sequence(let items):
            copy.content = .sequence(items.map { $0.applyingMergeKeys() })
        case .mapping(let pairs):
            var explicit: [YAMLPair] = []
            var sources: [YAMLNode] = []
            for pair in pairs {
                if pair.key.isMergeKey {
                    sources += pair.value.sequence ?? [pair.value]
                } else {
                    explicit.append(YAMLPair(key: pair.key, value: pair.value.applyingMergeKeys()))
                }
            }
            guard !sources.isEmpty else {
                copy.content = .mapping(explicit)
                return copy
            }
            var present = Set(explicit.map(\.key))
            var merged: [YAMLPair] = []
            for source in sources {
                for pair in source.applyingMergeKeys().pairs ?? [] where !present.contains(pair.key) {
                    present.insert(pair.key)
                    merged.append(pair)
                }
            }
            copy.content = .mapping(merged + explicit)
        }
        return copy
    }

    var isMergeKey: Bool {
        guard case .scalar(let text, let style) = content else { return false }
        return text == "<<" && (style.isPlain || tag == "tag:yaml.org,2002:merge")
    }
}
