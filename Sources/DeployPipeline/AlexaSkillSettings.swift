/// An `alexaSkill` or `alexaSmartHome` event: an Alexa skill allowed to invoke the function's alias.
public struct AlexaSkillSettings: Sendable, Hashable {
    /// Which Alexa service invokes the function.
    public enum Kind: String, Sendable, Hashable {
        /// A custom skill (`alexa-appkit.amazon.com`).
        case skill = "alexa-appkit.amazon.com"
        /// A smart home skill (`alexa-connectedhome.amazon.com`).
        case smartHome = "alexa-connectedhome.amazon.com"
    }

    /// The skill's id (`amzn1.ask.skill.…`).
    public var skillID: String
    /// Which Alexa service it is.
    public var kind: Kind

    /// A skill allowed to invoke the alias.
    public init(skillID: String, kind: Kind = .skill) {
        self.skillID = skillID
        self.kind = kind
    }

    /// The alias's statement for it (`lambdadeploykit-alexa-…`, the id with `.` as `_`).
    var statementID: String {
        AlexaSkillSettings.statementPrefix + skillID.map { $0.isLetter || $0.isNumber || $0 == "-" ? String($0) : "_" }.joined()
    }

    static let statementPrefix = "lambdadeploykit-alexa-"
}
