/// One entry of `functions:`.
public struct ServerlessFunction: YAMLModel {
    /// `handler:`
    public var handler: String?
    /// `name:`
    public var name: String?
    /// `description:`
    public var description: String?
    /// `runtime:`
    public var runtime: String?
    /// `memorySize:`
    public var memorySize: ConfigValue<Int>?
    /// `timeout:`
    public var timeout: ConfigValue<Int>?
    /// `environment:`
    public var environment: ServerlessEnvironment?
    /// `events:`
    public var events: [ServerlessEvent]?
    /// `package:`
    public var package: ServerlessPackage?
    /// `layers:`: ARNs or `{Ref: …LambdaLayer}`, as written.
    public var layers: [YAMLNode]?
    /// A container image instead of a handler, as written.
    public var image: YAMLNode?
    /// Keys this model does not type, as written: nothing is lost in a round trip.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(handler: String, events: [ServerlessEvent]? = nil) {
        self.handler = handler
        self.events = events
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path, expected: "a function (a mapping with `handler:`)")
        handler = try reader.string("handler")
        name = try reader.string("name")
        description = try reader.text("description")
        runtime = try reader.string("runtime")
        memorySize = try reader.setting("memorySize")
        timeout = try reader.setting("timeout")
        environment = try reader.decode("environment")
        events = try reader.list("events")
        package = try reader.decode("package")
        layers = reader.structured("layers").map { $0.sequence ?? [$0] }
        image = reader.value("image")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("handler", handler)
        writer.set("image", image)
        writer.set("name", name)
        writer.set("description", description)
        writer.set("runtime", runtime)
        writer.set("memorySize", memorySize)
        writer.set("timeout", timeout)
        writer.set("environment", environment)
        writer.set("package", package)
        writer.set("layers", layers.map { YAMLNode.sequence($0) })
        writer.set("events", events)
        writer.append(rest)
        return writer.node
    }
}

/// One entry of a function's `events:`.
public enum ServerlessEvent: YAMLModel {
    /// API Gateway REST API (`http:`).
    case http(HTTPEvent)
    /// API Gateway HTTP API (`httpApi:`).
    case httpAPI(HTTPEvent)
    /// Any other event source (`schedule`, `sqs`, `s3`, …), as written.
    case other(type: String, YAMLNode)

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        if let name = yaml.scalarText, yaml.tag == nil, !name.isEmpty, !name.contains(" ") {
            // A bare event name (`- alexaSkill`): accepted by the framework, with a deprecation warning.
            self = .other(type: name, .null)
            return
        }
        guard let (type, value) = yaml.entries.first, yaml.entries.count == 1 else {
            throw .invalidValue(file: nil, path: path, line: yaml.position.line, expected: "one event (`- http: …`, `- schedule: …`)")
        }
        switch type {
        case "http": self = .http(try HTTPEvent(yaml: value, path: "\(path).http"))
        case "httpApi": self = .httpAPI(try HTTPEvent(yaml: value, path: "\(path).httpApi"))
        default: self = .other(type: type, CloudFormationTags.longForm(value))
        }
    }

    public var yaml: YAMLNode {
        switch self {
        case .http(let event): return .mapping([("http", event.yaml)])
        case .httpAPI(let event): return .mapping([("httpApi", event.yaml)])
        case .other(let type, let value): return value.isNull ? .string(type) : .mapping([(type, value)])
        }
    }
}

/// An `http` or `httpApi` event: `GET hello`, or `method`/`path`/`cors`/….
public struct HTTPEvent: YAMLModel {
    /// `method:`
    public var method: String?
    /// `path:`
    public var path: String?
    /// `cors:`
    public var cors: CORSSetting?
    /// Other keys (`authorizer`, `private`, `integration`, `request`), as written.
    public var rest: [YAMLPair]
    /// Whether it is written as one string (`GET hello`, `'*'`).
    public var isShortForm: Bool

    /// Builds the value in code; the keys not given stay unset.
    public init(method: String, path: String, cors: CORSSetting? = nil) {
        self.method = method
        self.path = path
        self.cors = cors
        rest = []
        isShortForm = false
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        guard yaml.isMapping else {
            let text = try NodeReader.scalar(yaml, path: path)
            let words = text.split(separator: " ", maxSplits: 1).map(String.init)
            if words.count == 2 {
                method = words[0]
                self.path = words[1]
            } else {
                method = text == "*" ? "*" : text
            }
            rest = []
            isShortForm = true
            return
        }
        var reader = try NodeReader(yaml, path: path)
        method = try reader.string("method")
        self.path = try reader.string("path")
        cors = try reader.decode("cors")
        rest = reader.rest
        isShortForm = false
    }

    public var yaml: YAMLNode {
        if isShortForm {
            return .string([method, path].compactMap { $0 }.joined(separator: " "))
        }
        var writer = NodeWriter()
        writer.set("path", path)
        writer.set("method", method)
        writer.set("cors", cors)
        writer.append(rest)
        return writer.node
    }
}

/// `cors:` — `true`, or origins, headers and credentials.
public struct CORSSetting: YAMLModel {
    /// Whether CORS is on (`cors: true`, or a mapping).
    public var enabled: Bool
    /// `origins:`
    public var origins: [String]?
    /// `headers:`
    public var headers: [String]?
    /// `allowCredentials:`
    public var allowCredentials: Bool?
    /// Keys this model does not type, as written: nothing is lost in a round trip.
    public var rest: [YAMLPair]
    /// Whether the value is written in its mapping form (it is written back the same way).
    public var isDetailed: Bool

    /// `cors: true`.
    public static let enabled = CORSSetting(enabled: true)

    /// Builds the value in code; the keys not given stay unset.
    public init(enabled: Bool) {
        self.enabled = enabled
        rest = []
        isDetailed = false
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        guard yaml.isMapping else {
            guard let flag = yaml.bool else {
                throw .invalidValue(file: nil, path: path, line: yaml.position.line, expected: "true, false or a CORS mapping")
            }
            enabled = flag
            rest = []
            isDetailed = false
            return
        }
        var reader = try NodeReader(yaml, path: path)
        enabled = true
        origins = try reader.strings("origins")
        if origins == nil { origins = try reader.strings("origin") }
        headers = try reader.strings("headers")
        allowCredentials = try reader.bool("allowCredentials")
        rest = reader.rest
        isDetailed = true
    }

    public var yaml: YAMLNode {
        guard isDetailed else { return .bool(enabled) }
        var writer = NodeWriter()
        writer.set("origins", origins)
        writer.set("headers", headers)
        writer.set("allowCredentials", allowCredentials)
        writer.append(rest)
        return writer.node
    }
}
