import Foundation

/// A `.gitlab-ci.yml` as written: its optional `spec: inputs` header document, the pipeline
/// document with every tag, key and position, and the warnings found while reading it.
public struct GitLabCIFile: Sendable {
    /// The file name used in diagnostics.
    public var fileName: String?
    /// The `spec:` header document (`spec: inputs: …`), when the file has one.
    public var header: YAMLNode?
    /// The pipeline document, as written (merge keys, `extends` and `!reference` not applied).
    public var root: YAMLNode
    /// Warnings found while reading (duplicate keys).
    public var findings: [Finding]
    /// Local includes loaded from the folder the file was read from, by the path the `include` names.
    public var localIncludes: [String: GitLabCIFile] = [:]
    /// The limits the file was read with; resolution keeps to their expansion budget.
    public var limits: YAMLLimits

    /// Parses `yaml`. Local includes are read from `baseDirectory` (the project root) when given.
    public init(yaml: String, fileName: String? = nil, baseDirectory: String? = nil, limits: YAMLLimits = .default) throws(ManifestError) {
        try self.init(yaml: yaml, fileName: fileName, baseDirectory: baseDirectory, limits: limits, includeDepth: 0)
    }

    /// Reads and parses the file at `path`; local includes resolve from `baseDirectory`
    /// (by default the file's folder).
    public init(contentsOf path: String, baseDirectory: String? = nil, limits: YAMLLimits = .default) throws(ManifestError) {
        let text = try ManifestFile.read(path, limits: limits)
        try self.init(
            yaml: text, fileName: (path as NSString).lastPathComponent,
            baseDirectory: baseDirectory ?? (path as NSString).deletingLastPathComponent, limits: limits, includeDepth: 0)
    }

    private init(yaml: String, fileName: String?, baseDirectory: String?, limits: YAMLLimits, includeDepth: Int) throws(ManifestError) {
        let stream = try YAMLParser.parse(yaml, file: fileName, limits: limits)
        self.fileName = fileName
        self.limits = limits
        self.findings = stream.findings
        let split = try ManifestFile.splitHeader(stream.documents, file: fileName)
        self.header = split.header
        self.root = split.body
        guard let baseDirectory, includeDepth < 100 else { return }
        for include in GitLabInclude.list(from: root["include"]) {
            guard case .local(let path) = include.kind, !path.contains("*"), !path.contains("$") else { continue }
            let full = (baseDirectory as NSString).appendingPathComponent(path)
            guard let text = try? ManifestFile.read(full, limits: limits) else { continue }
            localIncludes[path] = try GitLabCIFile(
                yaml: text, fileName: path, baseDirectory: baseDirectory, limits: limits, includeDepth: includeDepth + 1)
        }
    }

    /// The documents written back as YAML (header, then pipeline).
    public var yaml: String {
        YAMLEmitter.emit(documents: (header.map { [$0] } ?? []) + [root])
    }
}

/// Reading manifest files and splitting their documents.
enum ManifestFile {
    static func read(_ path: String, limits: YAMLLimits) throws(ManifestError) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "no such file, or not readable")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limits.maximumBytes + 1) ?? Data()
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        guard data.count <= limits.maximumBytes else { throw .tooLarge(file: path, what: "more than \(limits.maximumBytes) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw .unreadable(path: path, reason: "not UTF-8 text") }
        return text
    }

    /// Splits a stream into an optional `spec:` header and the body, which must be a mapping.
    static func splitHeader(_ documents: [YAMLNode], file: String?) throws(ManifestError) -> (header: YAMLNode?, body: YAMLNode) {
        var documents = documents
        var header: YAMLNode?
        if documents.count >= 2, documents[0]["spec"] != nil {
            header = documents.removeFirst()
        }
        guard documents.count <= 1 else {
            throw .notAMapping(
                file: file, line: documents[1].position.line,
                found: "one of \(documents.count) documents (a manifest has one, after an optional `spec:` header)")
        }
        guard let body = documents.first, !body.isNull else {
            return (header, YAMLNode(.mapping([]), position: SourcePosition(line: 1, column: 1)))
        }
        guard body.isMapping else {
            let found = body.sequence != nil ? "a list" : "a single value (\(body.scalarText ?? ""))"
            throw .notAMapping(file: file, line: body.position.line, found: found)
        }
        return (header, body)
    }
}
