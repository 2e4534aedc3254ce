extension FunctionDeployment {
    /// How the alias moves to the new version: all at once, or through weighted steps, each held
    /// for a bake time while its gates are evaluated.
    ///
    /// The strategies carry the names CodeDeploy and AWS SAM users know (`Canary10Percent5Minutes`,
    /// `Linear10PercentEvery1Minute`, `AllAtOnce`); ``steps(_:)`` takes any list. The alias's
    /// `RoutingConfig` sends each step's share to the new version; after the last step the alias
    /// points wholly at the new version with no weights left. A gate that fails at any point puts
    /// the alias back on the previous version, weights cleared.
    ///
    /// ```swift
    /// var rollout = FunctionDeployment.Rollout.linear(percent: 10, everyMinutes: 1)  // Linear10PercentEvery1Minute
    /// rollout = try .named("Canary10Percent5Minutes")
    /// rollout.alarms = VersionAlarms(maxErrors: 0, maxThrottles: 5)  // the new version's Errors and Throttles
    /// rollout.alarmNames = ["checkout-p99-latency"]                   // and an alarm of your own
    /// ```
    public struct Rollout: Sendable {
        /// One weighted step: `weight` (above 0, below 1) of the traffic to the new version, held
        /// for `bake`.
        public struct Step: Sendable, Hashable {
            /// The new version's share.
            public var weight: Double
            /// How long the step is held while its gates are evaluated.
            public var bake: Duration

            /// A step.
            public init(weight: Double, bake: Duration) {
                self.weight = weight
                self.bake = bake
            }
        }

        /// The strategy's name (`AllAtOnce`, `Canary10Percent5Minutes`, `Custom`).
        public var name: String
        /// The weighted steps before the whole traffic moves; empty: all at once.
        public var steps: [Step]
        /// Alarms the library creates on the new version's own metrics (its `ExecutedVersion`
        /// dimension) for the rollout, and deletes after; `nil` for none.
        public var alarms: VersionAlarms?
        /// CloudWatch alarms of your own that gate the rollout: one that goes into `ALARM` after the
        /// rollout starts rolls back; one already in `ALARM` before (the old version's trouble) does not.
        public var alarmNames: [String]
        /// Checks of your own, evaluated with the alarms.
        public var gates: [RolloutGate]
        /// How often the gates are evaluated through a bake (and once at each step's start and end).
        public var evaluationInterval: Duration

        /// A rollout through `steps`.
        public init(
            name: String = "Custom", steps: [Step], alarms: VersionAlarms? = nil, alarmNames: [String] = [], gates: [RolloutGate] = [],
            evaluationInterval: Duration = .seconds(60)
        ) {
            self.name = name
            self.steps = steps
            self.alarms = alarms
            self.alarmNames = alarmNames
            self.gates = gates
            self.evaluationInterval = evaluationInterval
        }

        /// All traffic at once, after the health check.
        public static let allAtOnce = Rollout(name: "AllAtOnce", steps: [])

        /// `weight` (0–1) of the traffic to the new version, the health check, then all of it.
        public static func canary(weight: Double) -> Rollout {
            Rollout(name: "Canary\(Int((weight * 100).rounded()))Percent", steps: [Step(weight: weight, bake: .zero)])
        }

        /// `percent` of the traffic for `minutes`, then all of it, gated by the new version's
        /// `Errors` (``VersionAlarms/errors``): CodeDeploy's `CanaryPERCENTPercentMINUTESMinutes`.
        public static func canary(percent: Int, minutes: Int) -> Rollout {
            Rollout(
                name: "Canary\(percent)Percent\(minutes)Minutes",
                steps: [Step(weight: Double(percent) / 100, bake: .seconds(minutes * 60))],
                alarms: .errors)
        }

        /// `percent` more of the traffic every `everyMinutes` until all of it, gated by the new
        /// version's `Errors`: CodeDeploy's `LinearPERCENTPercentEveryMINUTESMinute(s)`.
        public static func linear(percent: Int, everyMinutes minutes: Int) -> Rollout {
            let steps = stride(from: percent, to: 100, by: max(percent, 1)).map {
                Step(weight: Double($0) / 100, bake: .seconds(minutes * 60))
            }
            return Rollout(
                name: "Linear\(percent)PercentEvery\(minutes)Minute\(minutes == 1 ? "" : "s")", steps: steps, alarms: .errors)
        }

        /// A custom list of steps (each weight above 0 and below 1, ascending), gated by the new version's `Errors`.
        public static func steps(_ steps: [Step]) -> Rollout {
            Rollout(steps: steps, alarms: .errors)
        }

        /// CodeDeploy's predefined Lambda configurations, with or without their `CodeDeployDefault.Lambda` prefix.
        public static let predefinedNames = [
            "AllAtOnce", "Canary10Percent5Minutes", "Canary10Percent10Minutes", "Canary10Percent15Minutes", "Canary10Percent30Minutes",
            "Linear10PercentEvery1Minute", "Linear10PercentEvery2Minutes", "Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes",
        ]

        /// The strategy called `name` (`Canary10Percent5Minutes`, `CodeDeployDefault.LambdaLinear10PercentEvery1Minute`,
        /// and any `CanaryNPercentMMinutes` or `LinearNPercentEveryMMinute(s)`).
        /// - Throws: ``DeploymentDiagnosis`` (`invalidInput`) naming the strategies there are.
        public static func named(_ name: String) throws -> Rollout {
            var text = Substring(name)
            for prefix in ["CodeDeployDefault.", "Lambda"] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
            if text == "AllAtOnce" { return .allAtOnce }
            func numbers(_ pattern: [String]) -> [Int]? {
                // `pattern` alternates literal text and a number: ["Canary", "Percent", "Minutes"].
                var rest = text
                var found: [Int] = []
                for (index, literal) in pattern.enumerated() {
                    guard rest.hasPrefix(literal) else { return nil }
                    rest = rest.dropFirst(literal.count)
                    guard index < pattern.count - 1 else { break }
                    let digits = rest.prefix { $0.isASCII && $0.isNumber }
                    guard let number = Int(digits), number > 0 else { return nil }
                    found.append(number)
                    rest = rest.dropFirst(digits.count)
                }
                return rest.isEmpty ? found : nil
            }
            if let values = numbers(["Canary", "Percent", "Minutes"]), values[0] < 100 {
                return .canary(percent: values[0], minutes: values[1])
            }
            if let values = numbers(["Linear", "PercentEvery", text.hasSuffix("Minutes") ? "Minutes" : "Minute"]), values[0] < 100 {
                return .linear(percent: values[0], everyMinutes: values[1])
            }
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "'\(name)' is not a rollout strategy.",
                fix: "Use one of " + predefinedNames.joined(separator: ", ")
                    + " (or CanaryNPercentMMinutes / LinearNPercentEveryMMinutes), or give the steps with Rollout.steps(_:).")
        }

        /// Whether the alias takes the new version through weighted steps.
        public var isGradual: Bool { !steps.isEmpty }

        /// The whole time the steps are held.
        public var totalBake: Duration { steps.reduce(.zero) { $0 + $1.bake } }
    }
}
