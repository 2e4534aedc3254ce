/// Why a manifest could not be read at all. Mistakes in a readable manifest are ``Finding``s.
public enum ManifestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is not YAML; the position is where libyaml stopped.
    case yaml(file: String?, line: Int, column: Int, problem: String)
    /// The document would exceed ``YAMLLimits`` (an alias bomb, absurd nesting, a huge file).
    case tooLarge(file: String?, what: String)
    /// The document is not what the manifest needs (a list where a mapping belongs, no document at all).
    case notAMapping(file: String?, line: Int, found: String)
    /// A value has the wrong type for its keyword.
    case invalidValue(file: String?, path: String, line: Int, expected: String)
    /// A file could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .yaml(let file, let line, let column, let problem):
            return
                "\(file.map { "\($0):" } ?? "")\(line):\(column): invalid YAML: \(problem). Fix the syntax there (indentation, an "
                + "unclosed quote or bracket, a tab)."
        case .tooLarge(let file, let what):
            return "\(file.map { "\($0): " } ?? "")document refused: \(what). Remove the repetition, nesting or self-reference."
        case .notAMapping(let file, let line, let found):
            return
                "\(file.map { "\($0):" } ?? "")\(line): the document is \(found), but a manifest must be a mapping of keywords "
                + "(`stages:`, `service:`, jobs…)."
        case .invalidValue(let file, let path, let line, let expected):
            return "\(file.map { "\($0):" } ?? "")\(line): `\(path)` must be \(expected)."
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        }
    }
}
