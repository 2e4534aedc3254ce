import DeployManifests

/// Manifests written by others, read as the validators and the pipeline read them.
enum ManifestTargets {
    static func yaml(_ text: String) {
        guard let stream = try? YAMLParser.parse(text) else { return }
        for document in stream.documents {
            _ = YAMLEmitter.emit(document)
        }
    }

    static func serverless(_ text: String) {
        guard let file = try? ServerlessFile(yaml: text, fileName: "serverless.yml") else { return }
        _ = try? file.configuration()
        _ = file.validate()
    }

    static func gitLab(_ text: String) {
        guard let file = try? GitLabCIFile(yaml: text, fileName: ".gitlab-ci.yml") else { return }
        _ = file.validate()
    }

    /// The first line is the expression; each later `NAME=value` line sets a variable, and a
    /// `NAME?` line marks it as set outside the file.
    static func ruleExpression(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let expression = lines.first else { return }
        var variables: [String: String] = [:]
        var unknown: Set<String> = []
        for line in lines.dropFirst() {
            if line.hasSuffix("?") {
                unknown.insert(String(line.dropLast()))
            } else if let equals = line.firstIndex(of: "=") {
                variables[String(line[..<equals])] = String(line[line.index(after: equals)...])
            }
        }
        _ = RuleExpression(String(expression)).evaluate(variables) { unknown.contains($0) }
    }
}
