import Foundation

/// A `serverless.yml` as written: every key, tag and position, and the warnings found reading it.
public struct ServerlessFile: Sendable {
    /// The file name used in diagnostics.
    public var fileName: String?
    /// The folder the file was read from, which `${file(…)}` paths are relative to; `nil` for text
    /// given directly (set it to resolve those references).
    public var directory: String?
    /// The document as written (CloudFormation short tags, variables and merge keys kept).
    public var root: YAMLNode
    /// Warnings found while reading (duplicate keys).
    public var findings: [Finding]
    /// The limits the file was read with; resolution keeps to their expansion budget.
    public var limits: YAMLLimits

    /// Parses `yaml`; throws ``ManifestError`` for text that is not YAML or not a mapping.
    public init(yaml: String, fileName: String? = nil, limits: YAMLLimits = .default) throws(ManifestError) {
        let stream = try YAMLParser.parse(yaml, file: fileName, limits: limits)
        self.fileName = fileName
        self.limits = limits
        findings = stream.findings
        root = try ManifestFile.splitHeader(stream.documents, file: fileName).body
    }

    /// Reads and parses the file at `path`.
    public init(contentsOf path: String, limits: YAMLLimits = .default) throws(ManifestError) {
        try self.init(yaml: ManifestFile.read(path, limits: limits), fileName: (path as NSString).lastPathComponent, limits: limits)
        let folder = (path as NSString).deletingLastPathComponent
        directory = folder.isEmpty ? "." : folder
    }

    /// The document with merge keys applied and the variables `resolver` knows replaced; throws
    /// ``ManifestError/tooLarge(file:what:)`` for references that would expand without end.
    public func resolved(with resolver: some VariableResolving = LocalVariableResolver()) throws(ManifestError) -> YAMLNode {
        try VariableResolution.resolve(root.applyingMergeKeys(), with: resolver, limits: limits, file: fileName)
    }

    /// The typed configuration, variables resolved through `resolver` (by default: none but
    /// `self:` and the fallbacks, so `${opt:stage, 'dev'}` reads as `dev`).
    public func configuration(resolver: some VariableResolving = LocalVariableResolver()) throws(ManifestError) -> ServerlessConfiguration {
        try ServerlessConfiguration(yaml: try resolved(with: resolver), path: "")
    }

    /// The document written back as YAML.
    public var yaml: String { YAMLEmitter.emit(root) }
}
