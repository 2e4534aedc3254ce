import DeployLambda

extension TerraformConfiguration {
    /// The function URL on the alias; for a public URL the two statements Lambda requires.
    mutating func addURL(_ url: FunctionURLSettings, name: String) {
        var arguments: [String: Any] = [
            "function_name": "${aws_lambda_alias.\(name).function_name}", "qualifier": "${aws_lambda_alias.\(name).name}",
            "authorization_type": url.authType.rawValue, "invoke_mode": url.invokeMode.rawValue,
        ]
        if let cors = url.cors {
            arguments["cors"] = Self.cors(
                origins: cors.allowOrigins, headers: cors.allowHeaders, methods: cors.allowMethods, credentials: cors.allowCredentials,
                exposed: cors.exposeHeaders, maxAge: cors.maxAge)
        }
        add("aws_lambda_function_url", name, arguments)
        outputs[name + "_url"] = ["description": "the function URL", "value": "${aws_lambda_function_url.\(name).function_url}"]
        guard url.authType == .public else { return }
        let target: [String: Any] = [
            "function_name": "${aws_lambda_alias.\(name).function_name}", "qualifier": "${aws_lambda_alias.\(name).name}", "principal": "*",
        ]
        add(
            "aws_lambda_permission", name + "_url",
            target.merging([
                "statement_id": FunctionURLResource.urlStatement, "action": "lambda:InvokeFunctionUrl", "function_url_auth_type": "NONE",
            ]) { $1 })
        add(
            "aws_lambda_permission", name + "_url_invoke",
            target.merging([
                "statement_id": FunctionURLResource.invokeStatement, "action": "lambda:InvokeFunction", "invoked_via_function_url": true,
            ]) { $1 })
    }

    /// An EventBridge rule per schedule and per event pattern, named as the pipeline names it, its
    /// target the alias, and the permission letting that rule invoke it.
    mutating func addSchedules(_ function: FunctionDeployment, name: String) {
        for kind in [RuleKind.schedules, .patterns] {
            for (index, wanted) in kind.wanted(function).enumerated() {
                let rule = "\(name)_\(kind == .schedules ? "schedule" : "event_rule")_\(index + 1)"
                let ruleName = ScheduleResource.ruleName(function.name, index, kind)
                var arguments: [String: Any] = [
                    "name": Self.literal(ruleName), "state": wanted.enabled ? "ENABLED" : "DISABLED", "tags": Self.tags(nil),
                ]
                arguments["schedule_expression"] = wanted.expression
                arguments["event_pattern"] = wanted.pattern.map(Self.literal)
                arguments["description"] = wanted.description.map(Self.literal)
                add("aws_cloudwatch_event_rule", rule, arguments)
                var target: [String: Any] = [
                    "rule": "${aws_cloudwatch_event_rule.\(rule).name}", "target_id": ScheduleResource.targetID,
                    "arn": "${aws_lambda_alias.\(name).arn}",
                ]
                target["input"] = wanted.input.map(Self.literal)
                add("aws_cloudwatch_event_target", rule, target)
                add(
                    "aws_lambda_permission", rule,
                    [
                        "statement_id": ScheduleResource.statementID(ruleName), "action": "lambda:InvokeFunction",
                        "function_name": "${aws_lambda_alias.\(name).function_name}", "qualifier": "${aws_lambda_alias.\(name).name}",
                        "principal": "events.amazonaws.com", "source_arn": "${aws_cloudwatch_event_rule.\(rule).arn}",
                    ])
            }
        }
    }

    /// An event source mapping per queue and per stream, feeding the alias, after the role's
    /// policy for them.
    mutating func addEventSources(_ function: FunctionDeployment, name: String) {
        let sources =
            function.queues.map { ($0.queueARN, $0.settings, EventSourceKind.queues) }
            + function.streams.map { ($0.streamARN, $0.settings, EventSourceKind.streams) }
        var numbers: [EventSourceKind: Int] = [:]
        for (arn, settings, kind) in sources {
            numbers[kind, default: 0] += 1
            var arguments: [String: Any] = [
                "event_source_arn": arn, "function_name": "${aws_lambda_alias.\(name).arn}", "enabled": settings.enabled,
            ]
            arguments["batch_size"] = settings.batchSize
            arguments["maximum_batching_window_in_seconds"] = settings.maximumBatchingWindow
            if settings.reportsBatchItemFailures { arguments["function_response_types"] = ["ReportBatchItemFailures"] }
            if let maximum = settings.maximumConcurrency { arguments["scaling_config"] = ["maximum_concurrency": maximum] }
            arguments["starting_position"] = settings.startingPosition
            arguments["maximum_retry_attempts"] = settings.maximumRetryAttempts
            arguments["bisect_batch_on_function_error"] = settings.splitsFailedBatches
            arguments["parallelization_factor"] = settings.parallelizationFactor
            arguments["maximum_record_age_in_seconds"] = settings.maximumRecordAge
            if case .managed = function.role {
                arguments["depends_on"] = ["aws_iam_role_policy.\(Self.name(function.name))_\(kind.rawValue)"]
            }
            add("aws_lambda_event_source_mapping", "\(name)_\(kind.noun)_\(numbers[kind]!)", arguments)
        }
    }
}
