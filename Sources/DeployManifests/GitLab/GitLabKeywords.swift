/// GitLab CI/CD keywords, from GitLab's CI schema (`ci.json`).
enum GitLabKeywords {
    /// Top-level keys that are not jobs.
    static let global: Set<String> = [
        "default", "include", "stages", "variables", "workflow", "spec",
        "image", "services", "cache", "before_script", "after_script",
    ]

    /// Keys a job may hold.
    static let job: [String] = [
        "after_script", "allow_failure", "artifacts", "before_script", "cache", "coverage",
        "dast_configuration", "dependencies", "environment", "except", "extends", "hooks",
        "id_tokens", "identity", "image", "inherit", "interruptible", "manual_confirmation",
        "needs", "only", "pages", "parallel", "release", "resource_group", "retry", "rules",
        "run", "script", "secrets", "services", "stage", "start_in", "tags", "timeout",
        "trigger", "variables", "when", "publish",
    ]

    /// What `default:` may set, and jobs inherit.
    static let defaultable: [String] = [
        "after_script", "artifacts", "before_script", "cache", "hooks", "id_tokens", "image",
        "interruptible", "retry", "services", "tags", "timeout",
    ]

    /// Values of `when`.
    static let when: Set<String> = ["on_success", "on_failure", "always", "manual", "delayed", "never"]

    /// The stages a pipeline has without `stages:`.
    static let defaultStages = ["build", "test", "deploy"]
}
