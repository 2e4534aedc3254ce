import DeployIAM
import DeploySecrets

extension TerraformConfiguration {
    /// A function and everything it declares.
    mutating func add(_ function: FunctionDeployment) throws {
        let name = Self.name(function.name)
        var arguments = codeVariables(name, describing: function.name)
        arguments["function_name"] = Self.literal(function.name)
        arguments["handler"] = Self.literal(function.handler)
        arguments["runtime"] = function.runtime
        arguments["publish"] = true
        arguments["tags"] = Self.tags(function.tags)
        arguments["role"] = role(of: function)
        arguments["memory_size"] = function.memorySize
        arguments["timeout"] = function.timeout
        arguments["description"] = function.description.map(Self.literal)
        arguments["kms_key_arn"] = function.kmsKeyARN
        arguments["reserved_concurrent_executions"] = function.reservedConcurrency
        if let architecture = function.architecture { arguments["architectures"] = [architecture] }
        if let size = function.ephemeralStorage { arguments["ephemeral_storage"] = ["size": size] }
        if let mode = function.tracingMode { arguments["tracing_config"] = ["mode": mode] }
        if let target = function.deadLetterTargetARN { arguments["dead_letter_config"] = ["target_arn": target] }
        if let vpc = function.vpc { arguments["vpc_config"] = ["subnet_ids": vpc.subnetIDs, "security_group_ids": vpc.securityGroupIDs] }
        if let logging = function.logging {
            var config: [String: Any] = ["log_format": logging.format]
            config["application_log_level"] = logging.applicationLogLevel
            config["system_log_level"] = logging.systemLogLevel
            arguments["logging_config"] = config
        }
        let layers = function.layers.map { layer in
            switch layer {
            case .arn(let arn): arn
            case .managed(let managed): "${aws_lambda_layer_version.\(add(managed)).arn}"
            }
        }
        if !layers.isEmpty { arguments["layers"] = layers }
        if !function.environment.isEmpty {
            var variables: [String: String] = [:]
            for (key, value) in function.environment {
                switch value {
                case .text(let text): variables[key] = Self.literal(text)
                case .secret(let reference): variables[key] = secret(reference)
                }
            }
            arguments["environment"] = ["variables": variables]
        }
        if let days = function.logRetentionInDays {
            add("aws_cloudwatch_log_group", name, ["name": "/aws/lambda/" + Self.literal(function.name), "retention_in_days": days])
            arguments["depends_on"] = ["aws_cloudwatch_log_group.\(name)"]
        }
        add("aws_lambda_function", name, arguments)
        add(
            "aws_lambda_alias", name,
            [
                "name": Self.literal(function.alias), "function_name": "${aws_lambda_function.\(name).function_name}",
                "function_version": "${aws_lambda_function.\(name).version}",
            ])
        if let provisioned = function.provisionedConcurrency, provisioned > 0 {
            add(
                "aws_lambda_provisioned_concurrency_config", name,
                [
                    "function_name": "${aws_lambda_alias.\(name).function_name}", "qualifier": "${aws_lambda_alias.\(name).name}",
                    "provisioned_concurrent_executions": provisioned,
                ])
        }
        if !function.routes.isEmpty {
            try ExportLimits.checkRestAPI(function, format: "Terraform")
            addRestAPI(function, name: name)
        }
        if let api = function.httpAPI { addHTTPAPI(api, function: function, name: name) }
        if let url = function.url { addURL(url, name: name) }
        addSchedules(function, name: name)
        addEventSources(function, name: name)
        addBucketEvents(function, name: name)
        addAlexaSkills(function, name: name)
    }

    /// The function's `role`: its ARN, or the managed role's (created once), the function adding
    /// its logging policy (its queues' actions, VPC access) to it.
    private mutating func role(of function: FunctionDeployment) -> String {
        let roleName: String
        switch function.role {
        case .arn(let arn): return arn
        case .managed(let managed): roleName = managed
        }
        let role = Self.name(roleName)
        if !contains("aws_iam_role", role) {
            let trust = (try? LeastPrivilege.lambdaTrustPolicy.json()) ?? "{}"
            add("aws_iam_role", role, ["name": Self.literal(roleName), "assume_role_policy": trust, "tags": Self.tags(nil)])
        }
        let logs = policy { region, account, partition in
            LeastPrivilege.executionRolePolicy(functionName: function.name, region: region, account: account, partition: partition)
        }
        let policyName = Self.name(function.name)
        add(
            "aws_iam_role_policy", policyName + "_logs",
            ["name": Self.literal(RoleResource.policyName(function.name)), "role": "${aws_iam_role.\(role).id}", "policy": logs])
        for kind in [EventSourceKind.queues, .streams] where !kind.wanted(function).isEmpty {
            let document = (try? kind.policy(Array(kind.wanted(function).keys)).json()) ?? "{}"
            add(
                "aws_iam_role_policy", policyName + "_" + kind.rawValue,
                ["name": Self.literal(kind.policyName(function.name)), "role": "${aws_iam_role.\(role).id}", "policy": document])
        }
        if !function.roleStatements.isEmpty, !contains("aws_iam_role_policy", role + "_statements") {
            // What the role grants besides: once, however many functions share it.
            let statements = policy { region, account, partition in
                PolicyDocument(
                    statements: function.roleStatements.map { statement in
                        statement.mappingTexts {
                            ServerlessRoleStatements.fillingPseudoParameters(
                                $0, account: account, region: region, partition: partition,
                                urlSuffix: "${data.aws_partition.current.dns_suffix}")
                        }
                    })
            }
            add(
                "aws_iam_role_policy", role + "_statements",
                ["name": Self.literal(RoleResource.statementsPolicy), "role": "${aws_iam_role.\(role).id}", "policy": statements])
        }
        // The logging policy above declared the data sources these read.
        for policyARN in function.roleManagedPolicies {
            let attachment = role + "_" + Self.name(String(policyARN.split(separator: "/").last ?? "policy"))
            guard !contains("aws_iam_role_policy_attachment", attachment) else { continue }
            let arn = ServerlessRoleStatements.fillingPseudoParameters(
                policyARN, account: "${data.aws_caller_identity.current.account_id}", region: "${data.aws_region.current.region}",
                partition: "${data.aws_partition.current.partition}", urlSuffix: "${data.aws_partition.current.dns_suffix}")
            add("aws_iam_role_policy_attachment", attachment, ["role": "${aws_iam_role.\(role).name}", "policy_arn": arn])
        }
        if function.vpc != nil {
            add(
                "aws_iam_role_policy_attachment", role + "_vpc",
                [
                    "role": "${aws_iam_role.\(role).name}",
                    "policy_arn": RoleResource.vpcPolicyARN(partition: "${data.aws_partition.current.partition}"),
                ])
        }
        return "${aws_iam_role.\(role).arn}"
    }

    /// A managed layer, once however many functions use it: its resource name.
    private mutating func add(_ layer: LayerDeployment) -> String {
        let name = Self.name(layer.name)
        guard !contains("aws_lambda_layer_version", name) else { return name }
        var arguments = codeVariables(name + "_layer", describing: "layer \(layer.name)")
        arguments["layer_name"] = Self.literal(layer.name)
        if !layer.compatibleRuntimes.isEmpty { arguments["compatible_runtimes"] = layer.compatibleRuntimes }
        if !layer.compatibleArchitectures.isEmpty { arguments["compatible_architectures"] = layer.compatibleArchitectures }
        arguments["description"] = layer.description.map(Self.literal)
        arguments["license_info"] = layer.licenseInfo.map(Self.literal)
        add("aws_lambda_layer_version", name, arguments)
        return name
    }

    /// A secret's value read at apply time through an `aws_secretsmanager_secret_version` data
    /// source (one per secret), its JSON key picked with `jsondecode`.
    private mutating func secret(_ reference: SecretReference) -> String {
        let source = Self.name("secret_" + reference.secretID)
        data["aws_secretsmanager_secret_version", default: [:]][source] = ["secret_id": Self.literal(reference.secretID)]
        let value = "data.aws_secretsmanager_secret_version.\(source).secret_string"
        guard let key = reference.jsonKey else { return "${\(value)}" }
        return "${jsondecode(\(value))[\"\(key.replacingOccurrences(of: "\"", with: "\\\""))\"]}"
    }
}
