import DeployAPIGateway
import DeployCore
import DeployLambda
import DeploySecrets
import Foundation
import HTTPTypes
import Logging

/// Deploys one function, step by step, and rolls its alias back when a step after publishing fails.
struct FunctionDeployer {
    let function: FunctionDeployment
    let clients: ServiceClients
    let account: String
    let context: RunContext

    /// What the run knows so far; becomes the report.
    private struct Progress {
        var report: FunctionReport
        /// Whether this run created or moved the alias (and so must put it back on failure).
        var aliasTouched = false
        var aliasExisted = false
    }

    func run() async -> FunctionReport {
        let started = ContinuousClock.now
        var progress = Progress(report: FunctionReport(
            name: function.name, outcome: .failed(step: .package), alias: function.alias, endpoints: [], steps: [], duration: .zero))
        var step = DeploymentStep.package
        do {
            let package = try await perform(.package, &progress) { () async throws -> (BuiltPackage, String) in
                let package = try await PackagePreflight.package(function, workDirectory: context.workDirectory)
                return (package, package.detail)
            }
            progress.report.codeSHA256 = package.codeSHA256

            step = .role
            let roleARN = try await perform(.role, &progress) { try await RoleProvisioner.ensure(function.role, function: function.name, account: account, clients: clients) }

            step = .function
            let environment = try await resolvedEnvironment()
            let current = try await perform(.function, &progress) { try await ensureCode(package, roleARN: roleARN, environment: environment) }
            progress.report.functionARN = current.arn

            step = .configuration
            try await perform(.configuration, &progress) { try await ensureConfiguration(current, roleARN: roleARN, environment: environment) }

            let previous = try await currentAlias()
            progress.aliasExisted = previous != nil
            progress.report.previousVersion = previous?.functionVersion
            progress.report.servingVersion = previous?.functionVersion

            step = .publish
            let version = try await perform(.publish, &progress) { () async throws -> (String, String) in
                let published = try await clients.lambda.publishVersion(function.name, codeSHA256: package.codeSHA256,
                                                                        description: context.gitLab.commitSHA.map { "commit \($0)" } ?? function.description)
                let number = published.version ?? "$LATEST"
                return (number, "version \(number)")
            }
            progress.report.version = version

            if let previous, previous.functionVersion == version, previous.additionalVersionWeights.isEmpty {
                // The alias already serves exactly this code and configuration.
                if !function.routes.isEmpty {
                    step = .api
                    progress.report.endpoints = try await perform(.api, &progress) { try await APIWiring.ensure(function, aliasARN: previous.arn, account: account, clients: clients) }
                }
                progress.report.outcome = .unchanged(version: version)
                return finish(progress, started)
            }

            if let event = function.healthCheck.event {
                step = .healthCheck
                try await perform(.healthCheck, &progress) { try await invocationCheck(version: version, event: event) }
            }

            step = .alias
            let alias: AliasConfiguration
            if let previous {
                alias = previous
            } else {
                // First deploy: nothing serves yet, so the alias starts on the checked version.
                progress.aliasTouched = true
                alias = try await perform(.alias, &progress) { () async throws -> (AliasConfiguration, String) in
                    let created = try await clients.lambda.createAlias(function.name, name: function.alias, version: version)
                    return (created, "created \(function.alias) → version \(version)")
                }
                progress.report.servingVersion = version
            }

            if !function.routes.isEmpty {
                step = .api
                progress.report.endpoints = try await perform(.api, &progress) { try await APIWiring.ensure(function, aliasARN: alias.arn, account: account, clients: clients) }
            }

            // With a canary, the endpoint is checked while it serves a share of the traffic;
            // otherwise once the alias has moved (or was created on the new version).
            var endpointChecked = false
            if let previous {
                step = .alias
                progress.aliasTouched = true
                if case let .canary(weight) = function.rollout {
                    try await perform(.alias, &progress) { () async throws -> (Void, String) in
                        _ = try await clients.lambda.updateAlias(function.name, name: function.alias, version: previous.functionVersion, weights: [version: weight])
                        return ((), "canary: \(Int(weight * 100))% to version \(version)")
                    }
                    step = .endpointCheck
                    try await endpointCheck(&progress, version: version)
                    endpointChecked = true
                }
                step = .alias
                try await perform(.alias, &progress) { () async throws -> (Void, String) in
                    _ = try await clients.lambda.updateAlias(function.name, name: function.alias, version: version, weights: [:])
                    return ((), "\(function.alias) → version \(version) (was \(previous.functionVersion))")
                }
                progress.report.servingVersion = version
            }
            if !endpointChecked {
                step = .endpointCheck
                try await endpointCheck(&progress, version: version)
            }
            progress.report.outcome = .deployed(version: version)
        } catch {
            var diagnosis = DeploymentDiagnosis.diagnose(error, function: function.name, region: clients.region.name)
            if diagnosis.kind == .permissionDenied, let action = diagnosis.missingAction {
                let arn = "arn:\(clients.region.partition.id):lambda:\(clients.region.name):\(account):function:\(function.name)"
                diagnosis.policyStatement = #"{"Effect": "Allow", "Action": "\#(action)", "Resource": ["\#(arn)", "\#(arn):*"]}"#
            }
            progress.report.diagnosis = diagnosis
            context.emit(.stepFailed(function: function.name, step: step, diagnosis: diagnosis))
            context.logger.error("deploy step failed", metadata: ["function": "\(function.name)", "step": "\(step)", "diagnosis": "\(diagnosis.summary)"])
            if progress.aliasTouched {
                progress = await rollBack(progress, failedStep: step)
            } else {
                progress.report.outcome = .failed(step: step)
            }
        }
        return finish(progress, started)
    }

    private func finish(_ progress: Progress, _ started: ContinuousClock.Instant) -> FunctionReport {
        var report = progress.report
        report.duration = ContinuousClock.now - started
        context.emit(.functionFinished(report))
        return report
    }

    /// Runs a step, timing it and reporting it; `body` returns its value and a detail line.
    @discardableResult
    private func perform<T>(_ step: DeploymentStep, _ progress: inout Progress, _ body: () async throws -> (T, String)) async throws -> T {
        context.emit(.stepStarted(function: function.name, step: step))
        let started = ContinuousClock.now
        let (value, detail) = try await body()
        let duration = ContinuousClock.now - started
        progress.report.steps.append(FunctionReport.StepRecord(step: step, detail: detail, duration: duration))
        context.emit(.stepFinished(function: function.name, step: step, detail: detail, duration: duration))
        context.logger.info("deploy step", metadata: ["function": "\(function.name)", "step": "\(step)", "detail": "\(detail)"])
        return value
    }

    // MARK: Steps

    /// The environment with secrets read through `DeploySecrets`.
    func resolvedEnvironment() async throws -> [String: String] {
        var resolved: [String: String] = [:]
        for (name, value) in function.environment {
            switch value {
            case let .text(text):
                resolved[name] = text
            case let .secret(reference):
                guard let secrets = clients.secrets else {
                    throw DeploymentDiagnosis(kind: .other, summary: "\(name) needs a secret, but no secret cache is configured.", fix: "Pass a SecretCache to the pipeline.")
                }
                guard let text = try await secrets.resolve(reference).revealString() else {
                    throw DeploymentDiagnosis(kind: .invalidInput, summary: "the secret for \(name) (\(reference.secretID)) is not text.", fix: "Store the value as a UTF-8 string.")
                }
                context.redactor.register(text)
                resolved[name] = text
            }
        }
        return resolved
    }

    /// Creates the function, or uploads its code unless Lambda already has this `CodeSha256`.
    private func ensureCode(_ package: BuiltPackage, roleARN: String, environment: [String: String]) async throws -> (FunctionConfiguration, String) {
        guard let existing = try await ConfigurationDiff.function(function.name, lambda: clients.lambda) else {
            _ = try await clients.lambda.createFunction(FunctionDefinition(
                name: function.name, role: roleARN, handler: function.handler, runtime: function.runtime, code: .zip(package.bytes),
                memorySize: function.memorySize, timeout: function.timeout, environment: environment.isEmpty ? nil : environment,
                description: function.description))
            let active = try await clients.lambda.waitUntilActive(function.name)
            return (active, "created")
        }
        if existing.codeSHA256 == package.codeSHA256 {
            return (existing, "code unchanged (CodeSha256 \(package.codeSHA256)): upload skipped")
        }
        _ = try await clients.lambda.updateFunctionCode(function.name, code: .zip(package.bytes))
        let updated = try await clients.lambda.waitUntilUpdated(function.name)
        return (updated, "code uploaded (\(package.bytes.count) bytes)")
    }

    /// Updates handler, runtime, role, memory, timeout and environment when they differ.
    private func ensureConfiguration(_ current: FunctionConfiguration, roleARN: String, environment: [String: String]) async throws -> (Void, String) {
        let (settings, changed) = ConfigurationDiff.between(current, function, roleARN: roleARN, environment: environment)
        guard !changed.isEmpty else { return ((), "unchanged") }
        _ = try await clients.lambda.updateFunctionConfiguration(function.name, settings)
        _ = try await clients.lambda.waitUntilUpdated(function.name)
        // Names only: values may be secrets.
        return ((), "updated " + changed.joined(separator: ", "))
    }

    func currentAlias() async throws -> AliasConfiguration? {
        try await ConfigurationDiff.alias(function, lambda: clients.lambda)
    }

    private func invocationCheck(version: String, event: [UInt8]) async throws -> (Void, String) {
        let result: HealthCheck.Result
        do {
            let invocation = try await clients.lambda.invoke(function.name, payload: event, qualifier: version)
            result = HealthCheck.Result(probe: .invocation, statusCode: invocation.statusCode, body: invocation.payload)
        } catch let error as FunctionError {
            result = HealthCheck.Result(probe: .invocation, statusCode: 200, body: error.payload, functionError: error.kind)
        }
        guard function.healthCheck.predicate(result) else { throw HealthCheckFailed(version: version, result: result) }
        return ((), "version \(version) answered \(result.statusCode)")
    }

    private func endpointCheck(_ progress: inout Progress, version: String) async throws {
        guard function.healthCheck.probesEndpoint, let route = function.routes.first(where: { $0.method == "GET" }) else { return }
        let base = function.healthCheck.endpointBaseURL
        let url = base.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.map { "\($0)/\(function.api.stage)\(route.path)" }
            ?? progress.report.endpoints.first { $0.method == "GET" }?.url
        guard let url else { return }
        try await perform(.endpointCheck, &progress) { () async throws -> (Void, String) in
            let request = HTTPRequest(method: .get, url: URL(string: url)!)
            let response = try await clients.configuration.transport.send(request, body: nil, context: TransportContext(timeout: .seconds(30), logger: context.logger))
            let result = HealthCheck.Result(probe: .http(url: url), statusCode: response.statusCode, body: response.body)
            guard function.healthCheck.predicate(result) else { throw HealthCheckFailed(version: version, result: result) }
            return ((), "GET \(url) answered \(response.statusCode)")
        }
    }

    // MARK: Rollback

    /// Puts the alias back on the previous version (clearing any canary weight), or removes an
    /// alias this run created; retried, since faults that failed the deploy may go on.
    private func rollBack(_ progress: Progress, failedStep: DeploymentStep) async -> Progress {
        var progress = progress
        let previous = progress.aliasExisted ? progress.report.previousVersion : nil
        context.emit(.stepStarted(function: function.name, step: .rollback))
        let started = ContinuousClock.now
        var lastError: (any Error)?
        for attempt in 0..<context.rollbackAttempts {
            do {
                if let previous {
                    _ = try await clients.lambda.updateAlias(function.name, name: function.alias, version: previous, weights: [:])
                } else {
                    do {
                        try await clients.lambda.deleteAlias(function.name, name: function.alias)
                    } catch let error as AWSServiceError where error.code == "ResourceNotFoundException" {}
                }
                lastError = nil
                break
            } catch {
                lastError = error
                try? await clients.configuration.retryPolicy.sleep(clients.configuration.retryPolicy.delay(afterAttempt: attempt + 1))
            }
        }
        let duration = ContinuousClock.now - started
        if let lastError {
            let state = (try? await currentAlias()).map { alias in
                alias.map { "on version \($0.functionVersion)\($0.additionalVersionWeights.isEmpty ? "" : " with weights \($0.additionalVersionWeights)")" } ?? "absent"
            } ?? "unknown (\(lastError))"
            progress.report.outcome = .rollbackFailed(failedStep: failedStep, aliasState: state)
            context.logger.critical("rollback failed", metadata: ["function": "\(function.name)", "alias": "\(state)"])
            return progress
        }
        progress.report.servingVersion = previous
        progress.report.outcome = .rolledBack(failedStep: failedStep, servingVersion: previous)
        progress.report.steps.append(FunctionReport.StepRecord(step: .rollback, detail: previous.map { "alias back on version \($0)" } ?? "alias removed", duration: duration))
        context.emit(.rolledBack(function: function.name, alias: function.alias, toVersion: previous))
        context.logger.warning("rolled back", metadata: ["function": "\(function.name)", "version": "\(previous ?? "none")"])
        return progress
    }
}
