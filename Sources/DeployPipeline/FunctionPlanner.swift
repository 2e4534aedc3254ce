/// Plans one function: the resource kinds' actions in dependency order —
/// role (and artifact, layers) → function → configuration → publish → health check → (API) → alias (→ rollout steps,
/// each held while its gates pass → alias) → API → endpoint check → prune (versions, layer versions). The same plan is the
/// dry run and what apply carries out.
enum FunctionPlanner {
    static func actions(_ inputs: PlanInputs, keepingVersions: Int) -> [PlannedAction] {
        let role = RoleResource.action(inputs)
        // The artifact's upload and the layers' publication run beside the role's creation: the code needs them all.
        let artifact = ArtifactResource.action(inputs)
        let layers = inputs.layers.map { LayerResource.action(inputs, $0) }
        let code = FunctionResource.codeAction(inputs, after: [role.id] + (artifact.map { [$0.id] } ?? []) + layers.map(\.id))
        let configuration = FunctionResource.configurationAction(inputs, after: code.id)
        let changes = code.change.isMutating || configuration.change.isMutating
        let publishes = VersionResource.needsPublishing(inputs, codeOrConfigurationChanges: changes)
        let publish = VersionResource.publishAction(inputs, publishes: publishes, after: [configuration.id])
        // The log group, with its retention, before the function's first log line.
        let logs = LogGroupResource.action(inputs)
        var actions = [role] + (artifact.map { [$0] } ?? []) + layers + (logs.map { [$0] } ?? []) + [code, configuration, publish]
        if let reserved = ConcurrencyResource.reservedAction(inputs, after: [configuration.id]) { actions.append(reserved) }
        if let tags = TagsResource.action(inputs, after: [configuration.id]) { actions.append(tags) }
        var ready = [publish.id]
        if let check = CheckActions.invocation(inputs, publishes: publishes, after: ready) {
            actions.append(check)
            ready = [check.id]
        }
        let firstDeploy = inputs.live.alias == nil
        if firstDeploy {
            // Nothing serves yet: the alias starts on the checked version, then the API points at it.
            let alias = AliasResource.actions(inputs, publishes: publishes, after: ready)
            actions += alias
            ready = [alias.last!.id]
            if let api = RestAPIResource.action(inputs, after: ready) {
                actions.append(api)
                ready = [api.id]
            }
        } else {
            // The API points at the alias, which exists: wire it first, so a canary's share is probed through it.
            if let api = RestAPIResource.action(inputs, after: ready) {
                actions.append(api)
                ready = [api.id]
            }
            let alias = AliasResource.actions(inputs, publishes: publishes, after: ready)
            actions += alias
            ready = [alias.last!.id]
        }
        if let provisioned = ConcurrencyResource.provisionedAction(inputs, after: ready) {
            actions.append(provisioned)
            ready = [provisioned.id]
        }
        if let http = HTTPAPIResource.action(inputs, after: ready) {
            actions.append(http)
            ready = [http.id]
        }
        if let url = FunctionURLResource.action(inputs, after: ready) {
            actions.append(url)
            ready = [url.id]
        }
        if let schedules = ScheduleResource.action(inputs, after: ready) {
            actions.append(schedules)
            ready = [schedules.id]
        }
        if let queues = QueueResource.action(inputs, after: ready) {
            actions.append(queues)
            ready = [queues.id]
        }
        // A gradual rollout probed the endpoint at each of its steps.
        let rolledOut = actions.contains { $0.step == .rollout }
        if publishes, !rolledOut || !CheckActions.probesEndpoint(inputs.function),
            let endpoint = CheckActions.endpoint(inputs, after: ready)
        {
            actions.append(endpoint)
            ready = [endpoint.id]
        }
        if let prune = VersionResource.pruneAction(inputs, keeping: keepingVersions, publishes: publishes, after: ready) {
            actions.append(prune)
        }
        actions += inputs.layers.compactMap { LayerResource.pruneAction(inputs, $0, after: ready) }
        return actions
    }
}
