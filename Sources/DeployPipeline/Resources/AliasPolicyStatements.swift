import DeployLambda

/// The kinds that keep their state as statements on the alias's policy and find there what they
/// wired before — bucket events (`lambdadeploykit-s3-…`) and Alexa skills (`lambdadeploykit-alexa-…`)
/// — read from one `GetPolicy`.
enum AliasPolicyStatements {
    /// The bucket events' and the Alexa skills' live state, each only when asked for (`nil` when
    /// not). A kind the function does not use still deploys when the policy cannot be read (a
    /// deploy user never granted `lambda:GetPolicy`): what it had before, if any, is left, and a
    /// warning says so; a kind it uses gets the error.
    static func read(
        _ function: FunctionDeployment, buckets: Bool, skills: Bool, clients: ServiceClients
    ) async throws -> (buckets: BucketEventResource.Live?, skills: Set<String>?) {
        guard buckets || skills else { return (nil, nil) }
        let lambda = clients.lambda
        let read: Result<ResourcePolicy?, any Error>
        do {
            read = .success(try await absentIfNotFound { try await lambda.policyDocument(function.name, qualifier: function.alias) })
        } catch {
            read = .failure(error)
        }
        func policy(wanted: Bool, _ what: String) throws -> ResourcePolicy? {
            guard case .failure(let error) = read else { return try read.get() }
            if wanted { throw error }
            clients.configuration.logger.warning(
                "the alias's policy could not be read: \(what) this function had before, if any, are left",
                metadata: ["function": "\(function.name)", "error": "\(error)"])
            return nil
        }
        let alexa = try skills ? AlexaSkillResource.statements(in: policy(wanted: !function.alexaSkills.isEmpty, "Alexa skills")) : nil
        let notifications =
            try buckets
            ? await BucketEventResource.read(
                function, policy: policy(wanted: !function.bucketEvents.isEmpty, "bucket notifications"), clients: clients)
            : nil
        return (notifications, alexa)
    }
}
