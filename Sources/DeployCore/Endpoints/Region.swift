import DeployBasics
import Foundation

extension Region {
    /// Resolves the region: `explicit`, then `AWS_REGION`, `AWS_DEFAULT_REGION`, then the
    /// selected profile's `region`. Throws when none is set or the one found is unknown.
    public static func resolve(explicit: String? = nil, context: CredentialContext = CredentialContext()) throws -> Region {
        if let explicit, !explicit.isEmpty { return try Region(explicit) }
        if let value = context.variable("AWS_REGION") { return try Region(value) }
        if let value = context.variable("AWS_DEFAULT_REGION") { return try Region(value) }
        let files = (try? SharedConfigFile.load(context: context)) ?? SharedConfigFile()
        let profile = SharedConfigFile.selectedProfile(context: context)
        if let value = files.profiles[profile]?["region"], !value.isEmpty { return try Region(value) }
        let misspelt = MisspelledVariables.find(in: context.environment).filter { $0.meant.hasSuffix("REGION") }
        var message =
            "no region is set: set AWS_REGION (in GitLab: Settings › CI/CD › Variables), pass one in code, or add region to the profile "
            + "'\(profile)'"
        if let first = misspelt.first { message += "; the environment has \(first.found): did you mean \(first.meant)?" }
        throw RegionError(.missing, message, suggestions: [])
    }
}
