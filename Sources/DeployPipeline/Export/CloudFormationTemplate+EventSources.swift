import DeployLambda
import Foundation

extension CloudFormationTemplate {
    /// The function URL on the alias; for a public URL the two statements Lambda requires
    /// (`lambda:InvokeFunctionUrl` with auth type `NONE`, and `lambda:InvokeFunction` when invoked
    /// through the URL).
    mutating func addURL(_ url: FunctionURLSettings, function: FunctionDeployment, id: String) {
        var properties: [String: Any] = [
            "TargetFunctionArn": Self.ref(id), "Qualifier": function.alias, "AuthType": url.authType.rawValue,
            "InvokeMode": url.invokeMode.rawValue,
        ]
        if let cors = url.cors {
            properties["Cors"] = Self.cors(
                origins: cors.allowOrigins, headers: cors.allowHeaders, methods: cors.allowMethods, credentials: cors.allowCredentials,
                exposed: cors.exposeHeaders, maxAge: cors.maxAge)
        }
        resources[id + "Url"] = ["Type": "AWS::Lambda::Url", "DependsOn": [id + "Alias"], "Properties": properties]
        outputs[id + "Url"] = ["Description": "\(function.name)'s function URL", "Value": Self.getAtt(id + "Url", "FunctionUrl")]
        guard url.authType == .public else { return }
        resources[id + "UrlPermission"] = [
            "Type": "AWS::Lambda::Permission",
            "Properties": [
                "FunctionName": Self.ref(id + "Alias"), "Action": "lambda:InvokeFunctionUrl", "Principal": "*",
                "FunctionUrlAuthType": "NONE",
            ],
        ]
        resources[id + "UrlInvokePermission"] = [
            "Type": "AWS::Lambda::Permission",
            "Properties": [
                "FunctionName": Self.ref(id + "Alias"), "Action": "lambda:InvokeFunction", "Principal": "*", "InvokedViaFunctionUrl": true,
            ] as [String: Any],
        ]
    }

    /// An EventBridge rule per schedule and per event pattern, named as the pipeline names it,
    /// targeting the alias, and the permission letting that rule invoke it.
    mutating func addSchedules(_ function: FunctionDeployment, id: String) {
        for kind in [RuleKind.schedules, .patterns] {
            for (index, wanted) in kind.wanted(function).enumerated() {
                let rule = "\(id)\(kind == .schedules ? "Schedule" : "EventRule")\(index + 1)"
                var target: [String: Any] = ["Id": ScheduleResource.targetID, "Arn": Self.ref(id + "Alias")]
                target["Input"] = wanted.input
                var properties: [String: Any] = [
                    "Name": ScheduleResource.ruleName(function.name, index, kind), "State": wanted.enabled ? "ENABLED" : "DISABLED",
                    "Targets": [target],
                ]
                properties["ScheduleExpression"] = wanted.expression
                properties["EventPattern"] = wanted.pattern.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }
                properties["Description"] = wanted.description
                resources[rule] = ["Type": "AWS::Events::Rule", "Properties": properties]
                resources[rule + "Permission"] = [
                    "Type": "AWS::Lambda::Permission",
                    "Properties": [
                        "FunctionName": Self.ref(id + "Alias"), "Action": "lambda:InvokeFunction", "Principal": "events.amazonaws.com",
                        "SourceArn": Self.getAtt(rule, "Arn"),
                    ] as [String: Any],
                ]
            }
        }
    }

    /// An event source mapping per queue and per stream, feeding the alias (the role's policies
    /// for them are added with the role).
    mutating func addEventSources(_ function: FunctionDeployment, id: String) {
        let sources =
            function.queues.map { ($0.queueARN, $0.settings, "Queue") } + function.streams.map { ($0.streamARN, $0.settings, "Stream") }
        var numbers: [String: Int] = [:]
        for (arn, settings, noun) in sources {
            numbers[noun, default: 0] += 1
            var properties: [String: Any] = ["EventSourceArn": arn, "FunctionName": Self.ref(id + "Alias"), "Enabled": settings.enabled]
            properties["BatchSize"] = settings.batchSize
            properties["MaximumBatchingWindowInSeconds"] = settings.maximumBatchingWindow
            if settings.reportsBatchItemFailures { properties["FunctionResponseTypes"] = ["ReportBatchItemFailures"] }
            if let maximum = settings.maximumConcurrency { properties["ScalingConfig"] = ["MaximumConcurrency": maximum] }
            properties["StartingPosition"] = settings.startingPosition
            properties["MaximumRetryAttempts"] = settings.maximumRetryAttempts
            properties["BisectBatchOnFunctionError"] = settings.splitsFailedBatches
            properties["ParallelizationFactor"] = settings.parallelizationFactor
            properties["MaximumRecordAgeInSeconds"] = settings.maximumRecordAge
            resources["\(id)\(noun)\(numbers[noun]!)"] = ["Type": "AWS::Lambda::EventSourceMapping", "Properties": properties]
        }
    }
}
