/// A CI/CD variable: `NAME: value`, or the `value:`/`description:`/`options:`/`expand:` form.
public struct GitLabVariable: YAMLModel {
    /// `value:`
    public var value: String?
    /// `description:`
    public var description: String?
    /// `options:`
    public var options: [String]?
    /// `expand:`
    public var expand: Bool?
    /// Whether the variable is written in the mapping form.
    public var isDetailed: Bool

    /// Builds the value in code; the keys not given stay unset.
    public init(value: String?, description: String? = nil, options: [String]? = nil, expand: Bool? = nil) {
        self.value = value
        self.description = description
        self.options = options
        self.expand = expand
        isDetailed = description != nil || options != nil || expand != nil
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        guard yaml.isMapping else {
            value = yaml.isNull ? nil : try NodeReader.scalar(yaml, path: path)
            isDetailed = false
            return
        }
        var reader = try NodeReader(yaml, path: path)
        value = try reader.string("value")
        description = try reader.string("description")
        options = try reader.strings("options")
        expand = try reader.bool("expand")
        isDetailed = true
    }

    public var yaml: YAMLNode {
        guard isDetailed else { return value.map { .string($0) } ?? .null }
        var writer = NodeWriter()
        writer.set("value", value)
        writer.set("description", description)
        writer.set("options", options)
        writer.set("expand", expand)
        return writer.node
    }
}

/// `image:` and `services:` entries: a name, or a mapping with `name`, `entrypoint`, ….
public struct GitLabImage: YAMLAbbreviableModel {
    /// `name:`
    public var name: String?
    /// `entrypoint:`
    public var entrypoint: [String]?
    /// `pull_policy:`
    public var pullPolicy: [String]?
    /// Other keys (`alias`, `command`, `docker`, `variables`), as written.
    public var rest: [YAMLPair]
    /// Whether the value is written in its mapping form (it is written back the same way).
    public var isDetailed: Bool

    /// Builds the value in code; the keys not given stay unset.
    public init(name: String) {
        self.init(abbreviation: name)
    }

    /// The value written as one string.
    public init(abbreviation: String) {
        name = abbreviation
        rest = []
        isDetailed = false
    }

    /// Reads the mapping form.
    public init(mapping yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path)
        name = try reader.string("name")
        entrypoint = try reader.strings("entrypoint")
        pullPolicy = try reader.strings("pull_policy")
        rest = reader.rest
        isDetailed = true
    }

    public var abbreviation: String? { isDetailed ? nil : name }

    public var mapping: YAMLNode {
        var writer = NodeWriter()
        writer.set("name", name)
        writer.set("entrypoint", entrypoint)
        writer.set("pull_policy", pullPolicy)
        writer.append(rest)
        return writer.node
    }
}

/// `allow_failure:` — a boolean, or `exit_codes`.
public enum GitLabAllowFailure: YAMLModel {
    case allowed(Bool)
    case exitCodes([Int])

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        if let codes = yaml["exit_codes"] {
            self = .exitCodes((codes.sequence ?? [codes]).compactMap(\.int))
        } else if let flag = yaml.bool {
            self = .allowed(flag)
        } else {
            throw .invalidValue(file: nil, path: path, line: yaml.position.line, expected: "true, false or `exit_codes:`")
        }
    }

    public var yaml: YAMLNode {
        switch self {
        case .allowed(let flag): return .bool(flag)
        case .exitCodes(let codes): return .mapping([("exit_codes", .sequence(codes.map { .int($0) }))])
        }
    }
}

/// `retry:` — a count, or `max`/`when`/`exit_codes`.
public struct GitLabRetry: YAMLModel {
    /// `max:`
    public var max: Int?
    /// `when:`
    public var when: [String]?
    /// `exit_codes:`
    public var exitCodes: [Int]?
    /// Whether the value is written in its mapping form (it is written back the same way).
    public var isDetailed: Bool

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        guard yaml.isMapping else {
            guard let count = yaml.int else {
                throw .invalidValue(file: nil, path: path, line: yaml.position.line, expected: "0, 1 or 2, or `max:`")
            }
            max = count
            isDetailed = false
            return
        }
        var reader = try NodeReader(yaml, path: path)
        max = try reader.int("max")
        when = try reader.strings("when")
        exitCodes = try reader.strings("exit_codes")?.compactMap { Int($0) }
        isDetailed = true
    }

    public var yaml: YAMLNode {
        guard isDetailed else { return max.map { .int($0) } ?? .null }
        var writer = NodeWriter()
        writer.set("max", max)
        writer.set("when", when)
        writer.set("exit_codes", exitCodes.map { YAMLNode.sequence($0.map { .int($0) }) })
        return writer.node
    }
}

/// `parallel:` — a number of copies, or a `matrix` of variable values.
public enum GitLabParallel: YAMLModel {
    case count(Int)
    /// Each entry maps variable names to the values to run with.
    case matrix([[Named<[String]>]])

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        if let count = yaml.int {
            self = .count(count)
            return
        }
        guard let matrix = yaml["matrix"]?.sequence else {
            throw .invalidValue(file: nil, path: path, line: yaml.position.line, expected: "a number or `matrix:`")
        }
        var entries: [[Named<[String]>]] = []
        for (index, entry) in matrix.enumerated() {
            let entryPath = ManifestPath.index("\(path).matrix", index)
            var variables: [Named<[String]>] = []
            for (name, values) in entry.entries {
                variables.append(Named(name: name, value: try NodeReader.strings(values, path: ManifestPath.key(entryPath, name))))
            }
            entries.append(variables)
        }
        self = .matrix(entries)
    }

    public var yaml: YAMLNode {
        switch self {
        case .count(let count): return .int(count)
        case .matrix(let entries):
            return .mapping([
                (
                    "matrix",
                    .sequence(
                        entries.map { entry in
                            .mapping(entry.map { ($0.name, .sequence($0.value.map { .string($0) })) })
                        })
                )
            ])
        }
    }
}
