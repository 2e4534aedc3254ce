import DeployManifests
import DeploySecrets

/// The variables of a `serverless.yml` left unresolved where they would be deployed — under
/// `service`, `provider`, `functions`, `layers` and `resources` — refused before anything is sent:
/// deployed as written, `${ssm:/prod/db/host}` would be the text of an environment variable, a
/// name, a policy's resource. This library resolves `self:`, `opt:`, `env:`, `sls:stage`,
/// `aws:region` and `file(…)` of YAML or JSON files itself; what the framework reads from AWS or
/// runs (`ssm:`, `s3:`, `cf:`, `param:`, `aws:accountId`, a `file(…)` of a script) is for the job to
/// resolve into `env:` variables. An
/// environment value that is a Secrets Manager reference (`${ssm:/aws/reference/secretsmanager/…}`)
/// is read at deploy time, and so is no refusal.
enum UnresolvedVariables {
    static func check(_ document: YAMLNode) throws {
        let sections = ["service", "provider", "functions", "layers", "resources"]
        let found = sections.flatMap { key in
            document[key].map { VariableResolution.references(in: $0, path: key, excludingSubstitutions: true) } ?? []
        }.filter {
            !($0.path.contains(".environment.") && SecretReference($0.reference.description) != nil)
        }
        guard !found.isEmpty else { return }
        let listed = found.prefix(4).map { "\($0.path): \($0.reference)" }.joined(separator: "; ")
        throw DeploymentDiagnosis(
            kind: .invalidInput,
            summary: "serverless.yml refers to \(found.count) variable\(found.count == 1 ? "" : "s") this library cannot resolve — "
                + listed + (found.count > 4 ? "; …" : "") + " — and would deploy them as written.",
            fix: "Resolve them in the job and read them with `${env:NAME}` (for example `export DB_HOST=$(aws ssm get-parameter "
                + "--name /prod/db/host --query Parameter.Value --output text)`), or write the values in the file. A `file(…)` "
                + "reference resolves when the file is YAML or JSON, exists relative to the serverless.yml's folder, and has the "
                + "key (or give it a fallback).")
    }
}
