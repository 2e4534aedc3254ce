import Foundation

/// A `${file(./config.yml)}` or `${file(./config.yml):key.path}` reference: the YAML or JSON file
/// at that path, relative to the `serverless.yml`'s folder, whole or one value of it, as the
/// Serverless Framework reads it. A script (`.js`, `.ts`…) is not run: such references stay
/// unresolved, and so do a missing file and a missing key (their fallbacks apply).
struct FileVariable: Equatable {
    /// The path as written between the parentheses.
    var path: String
    /// The key path in the file; empty for the whole file.
    var key: String

    /// The reference, from how the parser split it: `file(./x.yml)` as the source and the key as
    /// the address, or (a bare `${file(./x.yml)}`, or a path holding a variable) all of it as the address.
    init?(source: String, address: String) {
        let text = source.isEmpty ? address : source + ":" + address
        guard text.hasPrefix("file("), let close = text.firstIndex(of: ")") else { return nil }
        let rest = text[text.index(after: close)...]
        guard rest.isEmpty || rest.hasPrefix(":") else { return nil }
        path = String(text[text.index(text.startIndex, offsetBy: 5)..<close]).trimmingCharacters(in: .whitespaces)
        key = String(rest.dropFirst())
        guard !path.isEmpty else { return nil }
    }

    /// The extensions read as data (JSON is YAML).
    static let dataExtensions: Set<String> = ["yml", "yaml", "json"]

    /// The value in the file under `directory`; `nil` when it is a script, missing, unreadable,
    /// not YAML, or has no such key.
    func value(in directory: String, limits: YAMLLimits) -> YAMLNode? {
        guard Self.dataExtensions.contains((path as NSString).pathExtension.lowercased()) else { return nil }
        let full = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        guard let text = try? ManifestFile.read(full, limits: limits),
            let stream = try? YAMLParser.parse(text, file: (path as NSString).lastPathComponent, limits: limits),
            let document = stream.documents.first
        else { return nil }
        return key.isEmpty ? document : document.node(at: key)
    }
}
