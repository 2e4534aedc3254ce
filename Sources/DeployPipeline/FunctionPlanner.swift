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
        /// Adds the actions (when there are any) after what is ready; they are what is ready next.
        func chain(_ next: [PlannedAction]) {
            guard let last = next.last else { return }
            actions += next
            ready = [last.id]
        }
        func chain(_ next: PlannedAction?) { chain(next.map { [$0] } ?? []) }
        chain(CheckActions.invocation(inputs, publishes: publishes, after: ready))
        if inputs.live.alias == nil {
            // Nothing serves yet: the alias starts on the checked version, then the API points at it.
            chain(AliasResource.actions(inputs, publishes: publishes, after: ready))
            chain(RestAPIResource.action(inputs, after: ready))
        } else {
            // The API points at the alias, which exists: wire it first, so a canary's share is probed through it.
            chain(RestAPIResource.action(inputs, after: ready))
            chain(AliasResource.actions(inputs, publishes: publishes, after: ready))
        }
        chain(ConcurrencyResource.provisionedAction(inputs, after: ready))
        chain(HTTPAPIResource.action(inputs, after: ready))
        chain(FunctionURLResource.action(inputs, after: ready))
        chain(ScheduleResource.action(inputs, .schedules, after: ready))
        chain(ScheduleResource.action(inputs, .patterns, after: ready))
        chain(EventSourceResource.action(inputs, .queues, after: ready))
        chain(EventSourceResource.action(inputs, .streams, after: ready))
        chain(BucketEventResource.action(inputs, after: ready))
        chain(AlexaSkillResource.action(inputs, after: ready))
        // A gradual rollout probed the endpoint at each of its steps.
        let rolledOut = actions.contains { $0.step == .rollout }
        if publishes, !rolledOut || !CheckActions.probesEndpoint(inputs.function) {
            chain(CheckActions.endpoint(inputs, after: ready))
        }
        if !inputs.function.eventsNotDeployed.isEmpty {
            let events = inputs.function.eventsNotDeployed.joined(separator: ", ")
            actions.append(
                Teardown.keep(
                    inputs.function, "events-not-deployed", .events, "events not deployed",
                    "\(events): not deployed by LambdaDeployKit, so they do not invoke the function; wire them with the Serverless "
                        + "Framework, SAM or Terraform"))
        }
        if let prune = VersionResource.pruneAction(inputs, keeping: keepingVersions, publishes: publishes, after: ready) {
            actions.append(prune)
        }
        actions += inputs.layers.compactMap { LayerResource.pruneAction(inputs, $0, after: ready) }
        return actions
    }
}
