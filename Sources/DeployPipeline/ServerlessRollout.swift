import DeployManifests

/// `deploymentSettings` as serverless-plugin-canary-deployments writes it, read into a
/// ``FunctionDeployment/Rollout`` the library carries out itself (no CodeDeploy):
///
/// ```yaml
/// custom:
///   deploymentSettings:            # defaults for every function
///     stages: [prod]               # gradual only on these stages (all when absent)
/// functions:
///   hello:
///     deploymentSettings:
///       type: Linear10PercentEvery1Minute
///       alias: Live
///       alarms:
///         - HelloErrorsAlarm       # a logical id under resources.Resources, with an AlarmName
///         - name: checkout-latency # an alarm by name
/// ```
///
/// `preTrafficHook`/`postTrafficHook` are CodeDeploy lifecycle hooks and are not run; gate with a
/// ``RolloutGate`` in code instead.
enum ServerlessRollout {
    /// The function's rollout and alias; `nil` when neither the function nor `custom` has settings.
    static func settings(
        function node: YAMLNode?, custom: YAMLNode?, resources: YAMLNode?, stage: String, function name: String
    ) throws -> (rollout: FunctionDeployment.Rollout, alias: String?)? {
        let defaults = custom?["deploymentSettings"]
        guard node != nil || defaults?["type"] != nil else { return nil }
        func value(_ key: String) -> YAMLNode? { node?[key] ?? defaults?[key] }
        if let stages = defaults?["stages"]?.sequence?.compactMap(\.scalarText), !stages.contains(stage) {
            return (.allAtOnce, value("alias")?.scalarText)
        }
        guard let type = value("type")?.scalarText else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "function \(name): deploymentSettings has no `type`.",
                fix: "Set `type:` to a strategy such as Canary10Percent5Minutes or Linear10PercentEvery1Minute.")
        }
        var rollout = try FunctionDeployment.Rollout.named(type)
        rollout.alarmNames = try (value("alarms")?.sequence ?? []).map { try alarmName($0, resources: resources, function: name) }
        return (rollout, value("alias")?.scalarText)
    }

    /// An entry of `alarms:`: `{name: NAME}`, or a logical id whose `AlarmName` the file gives.
    private static func alarmName(_ entry: YAMLNode, resources: YAMLNode?, function: String) throws -> String {
        if let name = entry["name"]?.scalarText { return name }
        guard let logicalID = entry.scalarText else {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "function \(function): an entry of deploymentSettings.alarms is neither a name nor a logical id.",
                fix: "Write `- name: my-alarm`, or the logical id of an AWS::CloudWatch::Alarm under resources.Resources.")
        }
        guard let alarm = resources?["Resources"]?[logicalID], let name = alarm["Properties"]?["AlarmName"]?.scalarText else {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary:
                    "function \(function): alarm \(logicalID) is not an AWS::CloudWatch::Alarm with an AlarmName in resources.Resources.",
                fix: "Give the alarm an AlarmName there, or write `- name: ALARM-NAME` (CloudFormation's generated names are not known "
                    + "before its stack exists).")
        }
        return name
    }
}
