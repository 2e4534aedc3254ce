/// One entry of the top-level `layers:` (a Lambda layer the service publishes).
///
/// Functions name it as `{Ref: KEYLambdaLayer}` (the key with its first letter upper-cased, `-`
/// spelled `Dash` and `_` spelled `Underscore`, as the Serverless Framework names the layer's
/// CloudFormation resource); ``logicalID(forKey:)`` gives that name.
public struct ServerlessLayer: YAMLModel {
    /// `path:`: the folder zipped as the layer, relative to the service.
    public var path: String?
    /// `name:`: the layer's name in Lambda (the key when absent).
    public var name: String?
    /// `description:`
    public var description: String?
    /// `compatibleRuntimes:`
    public var compatibleRuntimes: [String]?
    /// `compatibleArchitectures:`
    public var compatibleArchitectures: [String]?
    /// `licenseInfo:`
    public var licenseInfo: String?
    /// Keys this model does not type (`retain`, `allowedAccounts`, `package`), as written.
    public var rest: [YAMLPair]

    /// Builds the value in code; the keys not given stay unset.
    public init(path: String, compatibleRuntimes: [String]? = nil) {
        self.path = path
        self.compatibleRuntimes = compatibleRuntimes
        rest = []
    }

    /// Reads the value from its node; `path` names it in errors.
    public init(yaml: YAMLNode, path: String) throws(ManifestError) {
        var reader = try NodeReader(yaml, path: path, expected: "a layer (a mapping with `path:`)")
        self.path = try reader.string("path")
        name = try reader.string("name")
        description = try reader.text("description")
        compatibleRuntimes = try reader.strings("compatibleRuntimes")
        compatibleArchitectures = try reader.strings("compatibleArchitectures")
        licenseInfo = try reader.string("licenseInfo")
        rest = reader.rest
    }

    public var yaml: YAMLNode {
        var writer = NodeWriter()
        writer.set("path", path)
        writer.set("name", name)
        writer.set("description", description)
        writer.set("compatibleRuntimes", compatibleRuntimes)
        writer.set("compatibleArchitectures", compatibleArchitectures)
        writer.set("licenseInfo", licenseInfo)
        writer.append(rest)
        return writer.node
    }

    /// The name functions `Ref` a layer by: `deps-layer` → `DepsDashlayerLambdaLayer`.
    public static func logicalID(forKey key: String) -> String {
        let spelled = key.replacingOccurrences(of: "-", with: "Dash").replacingOccurrences(of: "_", with: "Underscore")
        return spelled.prefix(1).uppercased() + spelled.dropFirst() + "LambdaLayer"
    }
}
