/// Credentials could not be had, with every provider tried and what to do.
public struct CredentialError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// No provider in the chain applied.
        public static let noCredentials = Code("noCredentials")
        /// The named profile is in neither shared file.
        public static let profileNotFound = Code("profileNotFound")
        /// A profile is incomplete or its `source_profile` chain loops.
        public static let invalidProfile = Code("invalidProfile")
        /// The web identity token file does not exist.
        public static let webIdentityTokenMissing = Code("webIdentityTokenMissing")
        /// The container or instance metadata endpoint answered with an error or nonsense.
        public static let metadataEndpointFailed = Code("metadataEndpointFailed")
        /// `AWS_CONTAINER_CREDENTIALS_FULL_URI` names a host that may not be reached over plain HTTP.
        public static let containerURIRejected = Code("containerURIRejected")
    }

    /// One provider the chain tried, and why it was passed over.
    public struct Attempt: Sendable, Hashable {
        /// The provider's name.
        public var provider: String
        /// Why it did not apply.
        public var reason: String

        /// Creates an attempt.
        public init(provider: String, reason: String) {
            self.provider = provider
            self.reason = reason
        }
    }

    /// A variable that looks like a misspelt AWS variable, and the name that was meant.
    public struct Misspelling: Sendable, Hashable {
        /// The name found in the environment.
        public var found: String
        /// The name AWS tools read.
        public var meant: String

        /// Creates a finding.
        public init(found: String, meant: String) {
            self.found = found
            self.meant = meant
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and what to do.
    public var message: String
    /// Every provider tried, in order (for ``Code/noCredentials``).
    public var attempts: [Attempt]
    /// Misspelt variables found in the environment.
    public var misspellings: [Misspelling]

    /// Creates an error.
    public init(_ code: Code, _ message: String, attempts: [Attempt] = [], misspellings: [Misspelling] = []) {
        self.code = code
        self.message = message
        self.attempts = attempts
        self.misspellings = misspellings
    }

    public var description: String {
        var lines = ["CredentialError.\(code): \(message)"]
        for attempt in attempts { lines.append("  - \(attempt.provider): \(attempt.reason)") }
        for misspelling in misspellings {
            lines.append("  The environment has \(misspelling.found); did you mean \(misspelling.meant)?")
        }
        return lines.joined(separator: "\n")
    }
}

/// Finds environment variables that look like misspellings of the ones AWS tools read.
enum MisspelledVariables {
    static let canonical = [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
    ]

    /// Common wrong names that do not reduce to a canonical one by dropping underscores.
    static let aliases = [
        "AWS_ACCESS_KEY": "AWS_ACCESS_KEY_ID", "AWS_SECRET_KEY": "AWS_SECRET_ACCESS_KEY",
        "AWS_SECRET_ACCESS_KEY_ID": "AWS_SECRET_ACCESS_KEY", "AWS_KEY_ID": "AWS_ACCESS_KEY_ID",
        "AWS_SECRET": "AWS_SECRET_ACCESS_KEY", "AWS_TOKEN": "AWS_SESSION_TOKEN",
    ]

    static func squeeze(_ name: String) -> String {
        name.uppercased().filter { $0 != "_" && $0 != "-" }
    }

    static func find(in environment: [String: String]) -> [CredentialError.Misspelling] {
        let canonicalSet = Set(canonical)
        let bySqueezed = Dictionary(uniqueKeysWithValues: canonical.map { (squeeze($0), $0) })
        var found: [CredentialError.Misspelling] = []
        for name in environment.keys.sorted() where !canonicalSet.contains(name) {
            if let meant = aliases[name.uppercased()] ?? bySqueezed[squeeze(name)], !canonicalSet.contains(name),
                environment[meant] == nil
            {
                found.append(.init(found: name, meant: meant))
            }
        }
        return found
    }
}
