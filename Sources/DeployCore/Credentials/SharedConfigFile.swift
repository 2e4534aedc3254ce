/// The `~/.aws/credentials` and `~/.aws/config` files, as `aws configure set` writes them.
///
/// Sections are `[name]` in the credentials file and `[profile name]` (or `[default]`) in the
/// config file; keys are `key = value`; `#` and `;` start comments; nested (indented) sub-keys
/// are kept under their parent's name.
struct SharedConfigFile: Sendable {
    /// Settings of each profile, by profile name.
    var profiles: [String: [String: String]] = [:]

    init() {}

    /// Parses a file. `isConfigFile` selects the `[profile name]` convention.
    init(text: String, isConfigFile: Bool) {
        var current: String?
        var parentKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                var name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                if isConfigFile {
                    if name.hasPrefix("profile ") {
                        name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
                    } else if name != "default" {
                        current = nil  // [sso-session x], [services x]: not profiles
                        continue
                    }
                }
                current = name
                parentKey = nil
                if profiles[name] == nil { profiles[name] = [:] }
                continue
            }
            guard let profile = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") ?? value.range(of: " ;") { value = String(value[..<comment.lowerBound]) }
            if isIndented, let parent = parentKey {
                profiles[profile]?["\(parent).\(key)"] = value
            } else {
                profiles[profile]?[key] = value
                parentKey = value.isEmpty ? key : nil
            }
        }
    }

    /// Both files merged: credentials-file keys win over config-file keys, as the AWS CLI does.
    static func load(context: CredentialContext) throws -> SharedConfigFile {
        let home = context.fileSystem.homeDirectory ?? ""
        let credentialsPath = context.variable("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials"
        let configPath = context.variable("AWS_CONFIG_FILE") ?? "\(home)/.aws/config"
        var merged = SharedConfigFile()
        if let bytes = try context.fileSystem.contents(atPath: configPath) {
            merged.profiles = SharedConfigFile(text: String(decoding: bytes, as: UTF8.self), isConfigFile: true).profiles
        }
        if let bytes = try context.fileSystem.contents(atPath: credentialsPath) {
            let credentials = SharedConfigFile(text: String(decoding: bytes, as: UTF8.self), isConfigFile: false)
            for (name, settings) in credentials.profiles {
                merged.profiles[name, default: [:]].merge(settings) { _, fromCredentials in fromCredentials }
            }
        }
        return merged
    }

    /// The profile selected by `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`), else `default`.
    static func selectedProfile(context: CredentialContext) -> String {
        context.variable("AWS_PROFILE") ?? context.variable("AWS_DEFAULT_PROFILE") ?? "default"
    }
}
