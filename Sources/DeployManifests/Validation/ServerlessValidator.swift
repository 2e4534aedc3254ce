import DeployBasics
import Foundation

/// Settings for validating a `serverless.yml`.
public struct ServerlessValidationOptions: Sendable {
    /// Resolves variables before the checks (by default `self:` and fallbacks only).
    public var resolver: LocalVariableResolver
    /// The day runtime deprecations are judged against.
    public var date: Date

    /// Options; by default no environment and today's date.
    public init(resolver: LocalVariableResolver = LocalVariableResolver(), date: Date = Date()) {
        self.resolver = resolver
        self.date = date
    }
}

extension ServerlessFile {
    /// Every finding for the file: YAML warnings and the `sls.*` rules.
    public func validate(options: ServerlessValidationOptions = ServerlessValidationOptions()) -> [Finding] {
        let document: YAMLNode
        do {
            var resolver = options.resolver
            if resolver.directory == nil { resolver.directory = directory }
            document = try resolved(with: resolver)
        } catch {
            // Nothing else can be judged on a document that cannot be resolved.
            let refused = Finding(
                rule: "sls.variables.too-large", severity: .error, path: "", line: 1, message: error.description,
                fix: "Point each `${self:…}` at a key outside the one it is written in, and avoid references that double at each level.",
                file: fileName)
            return findings + [refused]
        }
        let checker = ServerlessChecker(file: self, document: document, options: options)
        return (findings + checker.findings()).sorted { ($0.line, $0.rule) < ($1.line, $1.rule) }
    }
}

struct ServerlessChecker {
    let file: ServerlessFile
    /// The document with merge keys applied and local variables resolved (positions kept).
    let document: YAMLNode
    let options: ServerlessValidationOptions

    static let httpMethods: Set<String> = ["GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE", "ANY"]

    /// Lambda's reserved variables (Lambda Developer Guide, "Defined runtime environment variables").
    static let reservedVariables: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    /// Deprecated keys and what replaces them.
    static let deprecatedProviderKeys: [String: String] = [
        "iamRoleStatements": "provider.iam.role.statements", "iamManagedPolicies": "provider.iam.role.managedPolicies",
        "role": "provider.iam.role", "cfnRole": "provider.iam.deploymentRole",
        "rolePermissionsBoundary": "provider.iam.role.permissionsBoundary", "apiKeys": "provider.apiGateway.apiKeys",
        "resourcePolicy": "provider.apiGateway.resourcePolicy", "usagePlan": "provider.apiGateway.usagePlan",
        "lambdaHashingVersion": "nothing (v3 always uses the new hashing; remove it)",
    ]

    var provider: YAMLNode? { document["provider"] }

    /// Functions as (name, node, path, key line), from the mapping or list form.
    var functions: [(name: String, node: YAMLNode, path: String, line: Int)] {
        guard let node = document["functions"] else { return [] }
        let groups =
            node.sequence.map { $0.enumerated().map { ($0.element, ManifestPath.index("functions", $0.offset)) } } ?? [(node, "functions")]
        return groups.flatMap { group, base in
            (group.pairs ?? []).compactMap { pair in
                guard let name = pair.key.scalarText, pair.value.isMapping else { return nil }
                return (name, pair.value, ManifestPath.key(base, name), pair.key.position.line)
            }
        }
    }

    func finding(
        _ rule: String, _ severity: Finding.Severity = .error, path: String, node: YAMLNode?, line: Int? = nil, _ message: String,
        fix: String
    ) -> Finding {
        Finding(
            rule: rule, severity: severity, path: path, line: line ?? node?.position.line ?? 0, message: message, fix: fix,
            file: file.fileName)
    }

    /// The provider the file deploys to: `provider.name`, or the name alone (`provider: aws`);
    /// `aws` when the file names none. `nil` when it is a variable not known offline.
    var providerName: String? {
        let name = provider?.scalarText ?? provider?["name"]?.scalarText ?? "aws"
        return name.contains("${") ? nil : name.lowercased()
    }

    func findings() -> [Finding] {
        guard providerName == "aws" else {
            // Azure, Google, OpenWhisk, Tencent, Kubeless…: none of the AWS rules (regions, runtimes,
            // handlers, HTTP events) apply; the file is read and left alone.
            let name = provider?.scalarText ?? provider?["name"]?.scalarText ?? "?"
            let note = finding(
                "sls.provider.not-aws", .note, path: provider?.scalarText == nil ? "provider.name" : "provider",
                node: provider?["name"] ?? provider,
                "the provider is `\(name)`: this library deploys to AWS only, so the AWS rules were not applied.",
                fix: "Nothing to fix; validate this file with the provider's own tooling.")
            return duplicateFunctions() + [note]
        }
        var result = duplicateFunctions() + providerFindings() + deprecatedProperties()
        for function in functions {
            result += functionFindings(function.name, function.node, path: function.path)
        }
        return result
    }

    // MARK: Provider

    private func providerFindings() -> [Finding] {
        guard let provider else { return [] }
        var result: [Finding] = []
        if let node = provider["region"], let region = node.scalarText, !region.contains("${") {
            do {
                _ = try Region(region)
            } catch {
                result.append(
                    finding(
                        "sls.provider.invalid-region", path: "provider.region", node: node,
                        "`\(region)` is not an AWS region; the deploy fails before anything is created.",
                        fix: error.suggestions.isEmpty
                            ? "Use a region such as us-east-1." : "Did you mean \(error.suggestions.joined(separator: " or "))?"))
            }
        }
        result += runtimeFindings(provider["runtime"], path: "provider.runtime")
        result += rangeFindings(provider, path: "provider")
        result += environmentFindings(provider["environment"], path: "provider.environment")
        return result
    }

    /// Lambda's published dates for the runtime, judged on the day of the run: a warning once it is
    /// deprecated (and once new functions are blocked), an error only once updates are blocked.
    private func runtimeFindings(_ node: YAMLNode?, path: String) -> [Finding] {
        guard let node, let runtime = node.scalarText else { return [] }
        let fix = "Move to a supported runtime such as `\(LambdaRuntimes.successor(of: runtime))` and test the handler on it."
        let (severity, message): (Finding.Severity, String)
        switch LambdaRuntimes.status(of: runtime, on: options.date) {
        case .supported:
            return []
        case .deprecated(let since):
            severity = .warning
            message =
                "Lambda deprecated `\(runtime)` on \(since): it gets no security patches, and Lambda later blocks creating "
                + "(from \(LambdaRuntimes.lifecycles[runtime]?.blocksCreate ?? "?")) and updating "
                + "(from \(LambdaRuntimes.lifecycles[runtime]?.blocksUpdate ?? "?")) functions on it."
        case .createBlocked(let since):
            severity = .warning
            message =
                "Lambda has blocked creating functions on `\(runtime)` since \(since): a first deploy fails, and updates "
                + "are blocked from \(LambdaRuntimes.lifecycles[runtime]?.blocksUpdate ?? "?")."
        case .updateBlocked(let since):
            severity = .error
            message = "Lambda has blocked creating and updating functions on `\(runtime)` since \(since), so the deploy fails."
        }
        return [finding("sls.runtime.deprecated", severity, path: path, node: node, message, fix: fix)]
    }

    private func rangeFindings(_ node: YAMLNode, path: String) -> [Finding] {
        var result: [Finding] = []
        if let memory = node["memorySize"], let value = memory.int, !(128...10_240).contains(value) {
            result.append(
                finding(
                    "sls.memory.out-of-range", path: "\(path).memorySize", node: memory,
                    "memorySize \(value) MB is outside what Lambda allows (128 to 10,240 MB).",
                    fix: "Set memorySize between 128 and 10240."))
        }
        if let timeout = node["timeout"], let value = timeout.int, value > 900 {
            result.append(
                finding(
                    "sls.timeout.exceeds-lambda-max", path: "\(path).timeout", node: timeout,
                    "timeout \(value) s is above Lambda's maximum of 900 s (15 minutes).",
                    fix: "Set timeout to 900 or less; move longer work to Step Functions, ECS or Batch."))
        }
        return result
    }

    private func environmentFindings(_ node: YAMLNode?, path: String) -> [Finding] {
        var result: [Finding] = []
        for pair in node?.pairs ?? [] {
            guard let name = pair.key.scalarText else { continue }
            let keyPath = ManifestPath.key(path, name)
            if Self.reservedVariables.contains(name) {
                result.append(
                    finding(
                        "sls.environment.reserved-key", path: keyPath, node: pair.key,
                        "`\(name)` is reserved by Lambda; the deploy fails (\"Lambda was unable to configure your environment variables "
                            + "because the environment variables you have provided contains reserved keys\").",
                        fix: name.hasPrefix("AWS_") && name.contains("KEY") || name == "AWS_SESSION_TOKEN"
                            ? "Remove it: the function gets credentials from its execution role."
                            : "Remove it: Lambda sets it. Use another name for your own value."))
            }
            if let value = pair.value.scalarText, let kind = SecretLiterals.kind(name: name, value: value) {
                result.append(
                    finding(
                        "sls.environment.secret-literal", path: keyPath, node: pair.key,
                        "`\(name)` holds \(kind.label) as a literal (value not shown): it is stored in the repository and shown in the "
                            + "Lambda console.",
                        fix:
                            "Deactivate the key, use the execution role for AWS access, and read other secrets at run time "
                            + "(`${ssm:/aws/reference/secretsmanager/NAME}` or DeploySecrets)."
                    ))
            }
        }
        return result
    }

    // MARK: Functions

    private func duplicateFunctions() -> [Finding] {
        guard let raw = file.root.applyingMergeKeys()["functions"] else { return [] }
        let groups = raw.sequence ?? [raw]
        var seen: [String: Int] = [:]
        var result: [Finding] = []
        for (index, group) in groups.enumerated() {
            for pair in group.pairs ?? [] {
                guard let name = pair.key.scalarText else { continue }
                if let first = seen[name] {
                    let base = raw.sequence == nil ? "functions" : ManifestPath.index("functions", index)
                    result.append(
                        finding(
                            "sls.function.duplicate", path: ManifestPath.key(base, name), node: pair.key,
                            "function `\(name)` is defined twice (first on line \(first)); only the last definition is deployed.",
                            fix: "Rename one of them, or merge the two definitions."))
                } else {
                    seen[name] = pair.key.position.line
                }
            }
        }
        return result
    }

    private func functionFindings(_ name: String, _ function: YAMLNode, path: String) -> [Finding] {
        var result: [Finding] = []
        let runtime = function["runtime"]?.scalarText ?? provider?["runtime"]?.scalarText
        result += runtimeFindings(function["runtime"], path: "\(path).runtime")
        result += rangeFindings(function, path: path)
        result += environmentFindings(function["environment"], path: "\(path).environment")
        if let handlerNode = function["handler"], let handler = handlerNode.scalarText, function["image"] == nil {
            result += handlerFindings(handler, node: handlerNode, runtime: runtime, function: function, path: path)
        }
        let timeoutNode = function["timeout"] ?? provider?["timeout"]
        let timeout = timeoutNode?.int ?? 6
        var reported: Set<String> = []
        for (index, event) in (function["events"]?.sequence ?? []).enumerated() {
            for type in ["http", "httpApi"] {
                guard let http = event[type] else { continue }
                let eventPath = "\(path).events[\(index)].\(type)"
                result += httpFindings(http, type: type, path: eventPath)
                let limit = type == "http" ? 29 : 30
                if timeout > limit, !reported.contains(type) {
                    reported.insert(type)
                    let location = function["timeout"] != nil ? "\(path).timeout" : "provider.timeout"
                    result.append(
                        // A warning: the deploy succeeds, and only calls slower than the limit get a 504.
                        finding(
                            "sls.timeout.exceeds-api-gateway", .warning, path: location, node: timeoutNode ?? http,
                            "`\(name)` has a \(timeout) s timeout but is behind an API Gateway "
                                + "\(type == "http" ? "REST API" : "HTTP API") (`\(type)` event), which gives up after \(limit) s: "
                                + "callers get a 504 while the function keeps running.",
                            fix: "Set the function's timeout to \(limit) or less, or make the work asynchronous (queue it and return 202).")
                    )
                }
            }
        }
        return result
    }

    private func handlerFindings(_ handler: String, node: YAMLNode, runtime: String?, function: YAMLNode, path: String) -> [Finding] {
        guard LambdaRuntimes.usesFileHandler(runtime), !handler.contains("${") else { return [] }
        guard let dot = handler.lastIndex(of: "."), dot != handler.startIndex, handler.index(after: dot) != handler.endIndex,
            !handler[handler.index(after: dot)...].contains("/")
        else {
            return [
                finding(
                    "sls.handler.invalid-format", path: "\(path).handler", node: node,
                    "handler `\(handler)` is not `<file>.<export>`; Lambda cannot find the function to call (Runtime.HandlerNotFound / "
                        + "ImportModuleError).",
                    fix: "Write it as path/to/file.function, for example `lambda_function.lambda_handler` for lambda_function.py.")
            ]
        }
        guard document["package"]?["artifact"] == nil, function["package"]?["artifact"] == nil else { return [] }
        let patterns = (try? ServerlessPackage(yaml: document["package"] ?? .mapping([]), path: "package").effectivePatterns) ?? []
        let own = (try? ServerlessPackage(yaml: function["package"] ?? .mapping([]), path: "\(path).package").effectivePatterns) ?? []
        let set = PatternSet(patterns + own)
        // The Serverless Framework's default runtime is Node.js; its TypeScript plugins compile `.ts`.
        let family = runtime ?? "nodejs"
        var candidates = LambdaLimits.handlerFileCandidates(handler: handler, runtime: family) ?? []
        if family.hasPrefix("nodejs") { candidates.append(String(handler[..<dot]) + ".ts") }
        // serverless-python-requirements' `module:` packages that folder at the zip's root: the
        // handler file is found there in the project.
        if let module = function["module"]?.scalarText, !module.contains("${") {
            let folder = module.hasPrefix("./") ? String(module.dropFirst(2)) : module
            if !folder.isEmpty, folder != "." { candidates += candidates.map { "\(folder)/\($0)" } }
        }
        guard !candidates.isEmpty, candidates.allSatisfy({ !set.includes($0) }) else { return [] }
        return [
            finding(
                "sls.handler.not-packaged", path: "\(path).handler", node: node,
                "handler file `\(candidates[0])` is excluded by `package.patterns`, so the deployed function fails to start (module not "
                    + "found).",
                fix: "Add `\(candidates[0])` (or its folder) to `package.patterns` after the exclusion.")
        ]
    }

    private func httpFindings(_ http: YAMLNode, type: String, path: String) -> [Finding] {
        var result: [Finding] = []
        var method: (String, YAMLNode, String)?
        var hasPath = false
        if let text = http.scalarText {
            let words = text.split(separator: " ", maxSplits: 1)
            if text == "*" { return [] }
            method = words.first.map { (String($0), http, path) }
            hasPath = words.count == 2
        } else {
            method = http["method"].flatMap { node in node.scalarText.map { ($0, node, "\(path).method") } }
            hasPath = http["path"] != nil
        }
        if let (value, node, methodPath) = method, !value.contains("${") {
            let allowed = type == "http" ? Self.httpMethods : Self.httpMethods.union(["*"])
            if !allowed.contains(value.uppercased()) {
                result.append(
                    finding(
                        "sls.http.invalid-method", path: methodPath, node: node,
                        "`\(value)` is not an HTTP method API Gateway accepts; the deploy fails.",
                        fix:
                            "Use GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE or ANY"
                            + (Spelling.nearest(value.uppercased(), in: Self.httpMethods, maximumDistance: 2).map {
                                " (did you mean \($0)?)"
                            } ?? "")
                            + "."
                    ))
            }
        }
        if type == "http", !hasPath {
            result.append(
                finding(
                    "sls.http.missing-path", path: path, node: http,
                    "this `http` event has no `path`; the Serverless Framework rejects it.",
                    fix: "Add `path:` (for example `path: hello` for /hello), or write the event as `http: GET hello`."))
        }
        return result
    }

    // MARK: Deprecated keys

    private func deprecatedProperties() -> [Finding] {
        var result: [Finding] = []
        if let service = file.root["service"], service.isMapping {
            result.append(
                finding(
                    "sls.deprecated-property", .warning, path: "service", node: service,
                    "`service` as a mapping (`service: {name: …}`) is deprecated.", fix: "Write `service: NAME`."))
        }
        for pair in provider?.pairs ?? [] {
            guard let key = pair.key.scalarText, let replacement = Self.deprecatedProviderKeys[key] else { continue }
            result.append(
                finding(
                    "sls.deprecated-property", .warning, path: "provider.\(key)", node: pair.key,
                    "`provider.\(key)` is deprecated and will stop working in a future Serverless Framework release.",
                    fix: "Use \(replacement) instead."))
        }
        if let node = provider?["apiGateway"]?.keyNode("shouldStartNameWithService") {
            result.append(
                finding(
                    "sls.deprecated-property", .warning, path: "provider.apiGateway.shouldStartNameWithService", node: node,
                    "`shouldStartNameWithService` is deprecated (v3 always starts the API name with the service).", fix: "Remove it."))
        }
        var packages: [(YAMLNode?, String)] = [(document["package"], "package")]
        packages += functions.map { ($0.node["package"], "\($0.path).package") }
        for (package, path) in packages {
            for key in ["include", "exclude"] {
                guard let node = package?.keyNode(key) else { continue }
                result.append(
                    finding(
                        "sls.deprecated-property", .warning, path: "\(path).\(key)", node: node,
                        "`\(path).\(key)` is deprecated since Serverless Framework v2.32.",
                        fix: "Use `package.patterns` (exclusions start with `!`)."))
            }
        }
        return result
    }
}
