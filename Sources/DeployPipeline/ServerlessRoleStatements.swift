import DeployIAM
import DeployManifests

/// `provider.iam.role.statements` (or the older `provider.iamRoleStatements`) as the statements of
/// the managed execution role's policy (see ``FunctionDeployment/roleStatements``), as the
/// framework grants them: without them a function deployed from the file would be refused what
/// its code calls.
///
/// A resource (or a condition's value) is text, `Ref`/`Fn::GetAtt` of a resource under
/// `resources:` (the companion stack's output, known once the stack is deployed), `Fn::Join`, or
/// `Fn::Sub` over those and the pseudo-parameters `AWS::AccountId`, `AWS::Region`, `AWS::Partition`
/// and `AWS::URLSuffix` (filled in at deploy time). Anything else — another intrinsic function, a
/// `Principal` (an identity policy has none), `NotResource` — is refused, naming where.
enum ServerlessRoleStatements {
    /// The pseudo-parameters a statement may use, kept as `${AWS::Name}` until the deploy knows them.
    static let pseudoParameters: Set<String> = ["AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix"]

    /// The role a file names for its functions (`provider.iam.role` or the older `provider.role`: an
    /// ARN, or `!GetAtt`/`!Ref` of a role under `resources:`; `{name: …}` names the managed role), or
    /// a function its own (`role:`, also a logical id of `resources:`); `nil` when the library's
    /// managed role, under its default name, is to be used.
    static func role(_ written: YAMLNode?, stack: inout CompanionStack?, path: String) throws -> FunctionDeployment.ExecutionRole? {
        guard let node = written.map(CloudFormationTags.longForm) else { return nil }
        // `iam.role: {name: …, statements: …}`: the managed role, under the name given.
        if node.isMapping, node["Ref"] == nil, node["Fn::GetAtt"] == nil { return node["name"]?.string.map { .managed($0) } }
        if let text = node.scalarText {
            if text.hasPrefix("arn:") { return .arn(text) }
            if let placeholder = stack?.reference(text, attribute: "Arn") { return .arn(placeholder) }
        } else if let placeholder = stack?.reference(from: node) {
            return .arn(placeholder)
        }
        throw DeploymentDiagnosis(
            kind: .invalidInput, summary: "\(path) is neither a role ARN nor a role under `resources:`.",
            fix: "Give the role's ARN (arn:aws:iam::ACCOUNT:role/NAME) or the logical id of an AWS::IAM::Role under `resources:`; leave it "
                + "out for a role this library manages (with `iam.role.statements`).")
    }

    /// `provider.iam.role.managedPolicies` (or the older `provider.iamManagedPolicies`): ARNs, or
    /// values written as a statement's resources are.
    static func managedPolicies(_ nodes: [YAMLNode], stack: inout CompanionStack?, path: String) throws -> [String] {
        try nodes.enumerated().map { index, node in
            var reader = StatementReader(stack: stack, path: "\(path)[\(index)]")
            defer { stack = reader.stack }
            return try reader.text(CloudFormationTags.longForm(node), key: nil)
        }
    }

    /// What a function's role grants: the provider's statements and managed policies; or, for a
    /// function with `iamRoleStatements` of its own (as the `serverless-iam-roles-per-function`
    /// plugin reads them), a managed role of its own (`iamRoleStatementsName`, else `roleName`)
    /// granting those — and the provider's too with `iamRoleStatementsInherit` (or the plugin's
    /// `defaultInherit`). `roleName` is `nil` when the caller gave the role, which then stays.
    static func applyFunctionRole(
        _ function: ServerlessFunction, named name: String, to deployment: inout FunctionDeployment, statements: [PolicyStatement],
        managedPolicies: [String], defaultInherit: Bool, roleName: String?, stack: inout CompanionStack?
    ) throws {
        func setting(_ key: String) -> YAMLNode? { function.rest.first { $0.key.scalarText == key }?.value }
        guard let own = setting("iamRoleStatements") else {
            deployment.roleStatements = statements
            deployment.roleManagedPolicies = managedPolicies
            return
        }
        let inherits = setting("iamRoleStatementsInherit")?.bool ?? defaultInherit
        deployment.roleStatements =
            (inherits ? statements : [])
            + (try Self.statements(
                (own.sequence ?? [own]).map(CloudFormationTags.longForm), stack: &stack, path: "functions.\(name).iamRoleStatements"))
        deployment.roleManagedPolicies = inherits ? managedPolicies : []
        if case .managed = deployment.role, let roleName {
            deployment.role = .managed(setting("iamRoleStatementsName")?.string ?? roleName)
        }
    }

    static func statements(_ nodes: [YAMLNode], stack: inout CompanionStack?, path: String) throws -> [PolicyStatement] {
        try nodes.enumerated().map { index, node in
            var reader = StatementReader(stack: stack, path: "\(path)[\(index)]")
            defer { stack = reader.stack }
            return try reader.statement(node)
        }
    }

    /// `text` with the pseudo-parameters filled in.
    static func fillingPseudoParameters(_ text: String, account: String, region: String, partition: String, urlSuffix: String) -> String {
        guard text.contains("${AWS::") else { return text }
        return
            text
            .replacingOccurrences(of: "${AWS::AccountId}", with: account)
            .replacingOccurrences(of: "${AWS::Region}", with: region)
            .replacingOccurrences(of: "${AWS::Partition}", with: partition)
            .replacingOccurrences(of: "${AWS::URLSuffix}", with: urlSuffix)
    }
}

/// Reads one statement, recording the stack outputs its resources refer to.
private struct StatementReader {
    var stack: CompanionStack?
    let path: String

    func refuse(_ what: String, at key: String?) -> DeploymentDiagnosis {
        DeploymentDiagnosis(
            kind: .invalidInput, summary: "\(key.map { "\(path).\($0)" } ?? path): \(what).",
            fix: "Write each statement with Effect, Action and Resource; resources as ARNs, `!GetAtt`/`!Ref` of a resource under "
                + "`resources:`, `!Join`, or `!Sub` with AWS::AccountId, AWS::Region, AWS::Partition or AWS::URLSuffix.")
    }

    mutating func statement(_ node: YAMLNode) throws -> PolicyStatement {
        guard let pairs = node.pairs else { throw refuse("a statement is a mapping (Effect, Action, Resource)", at: nil) }
        let known: Set<String> = ["Sid", "Effect", "Action", "NotAction", "Resource", "Condition"]
        for pair in pairs {
            let key = pair.key.scalarText ?? ""
            if key == "Principal" || key == "NotPrincipal" {
                throw refuse("`\(key)` has no place in a role's policy (IAM refuses it): the role is the principal", at: key)
            }
            guard known.contains(key) else { throw refuse("`\(key)` is not a statement key this library deploys", at: key) }
        }
        guard let effect = node["Effect"]?.scalarText.flatMap(PolicyStatement.Effect.init(rawValue:)) else {
            throw refuse("Effect must be Allow or Deny", at: "Effect")
        }
        let actions = try names(node["Action"], key: "Action")
        let notActions = try names(node["NotAction"], key: "NotAction")
        guard !actions.isEmpty || !notActions.isEmpty else { throw refuse("the statement has no Action", at: "Action") }
        guard let resource = node["Resource"] else { throw refuse("the statement has no Resource", at: "Resource") }
        let resources = try (resource.sequence ?? [resource]).map { try text($0, key: "Resource") }
        var conditions: [String: [String: [String]]]?
        if let condition = node["Condition"] {
            guard let operators = condition.pairs else { throw refuse("Condition is a mapping of operators", at: "Condition") }
            conditions = [:]
            for pair in operators {
                guard let keys = pair.value.pairs, let name = pair.key.scalarText else {
                    throw refuse("each condition operator maps keys to values", at: "Condition")
                }
                var values: [String: [String]] = [:]
                for entry in keys {
                    values[entry.key.scalarText ?? ""] = try (entry.value.sequence ?? [entry.value]).map { try text($0, key: "Condition") }
                }
                conditions?[name] = values
            }
        }
        return PolicyStatement(
            sid: node["Sid"]?.scalarText, effect: effect, actions: actions, notActions: notActions, resources: resources,
            conditions: conditions)
    }

    /// Action names: one or a list of texts.
    func names(_ node: YAMLNode?, key: String) throws -> [String] {
        guard let node else { return [] }
        let items = node.sequence ?? [node]
        return try items.map { item in
            guard let name = item.scalarText, !name.isEmpty else { throw refuse("each action is a name (`dynamodb:GetItem`)", at: key) }
            return name
        }
    }

    /// A resource or condition value as text, intrinsic functions turned into placeholders.
    mutating func text(_ node: YAMLNode, key: String?) throws -> String {
        if let scalar = node.scalarText { return scalar }
        guard let pair = node.pairs?.first, node.pairs?.count == 1, let function = pair.key.scalarText else {
            throw refuse("a value is text or one intrinsic function", at: key)
        }
        switch function {
        case "Ref":
            guard let name = pair.value.scalarText else { throw refuse("`Ref` names a resource", at: key) }
            return try reference(name, attribute: nil, key: key)
        case "Fn::GetAtt":
            let parts =
                pair.value.sequence?.compactMap(\.scalarText)
                ?? pair.value.scalarText.map { $0.split(separator: ".", maxSplits: 1).map(String.init) } ?? []
            guard parts.count == 2 else { throw refuse("`Fn::GetAtt` takes a resource and an attribute", at: key) }
            return try reference(parts[0], attribute: parts[1], key: key)
        case "Fn::Join":
            guard let arguments = pair.value.sequence, arguments.count == 2, let separator = arguments[0].scalarText,
                let items = arguments[1].sequence
            else { throw refuse("`Fn::Join` takes a separator and a list", at: key) }
            return try items.map { try text($0, key: key) }.joined(separator: separator)
        case "Fn::Sub":
            return try substitution(pair.value, key: key)
        default:
            throw refuse("`\(function)` is not resolved by this library", at: key)
        }
    }

    /// The placeholder of a pseudo-parameter or of a `resources:` resource's value.
    mutating func reference(_ name: String, attribute: String?, key: String?) throws -> String {
        if attribute == nil, ServerlessRoleStatements.pseudoParameters.contains(name) { return "${\(name)}" }
        guard let placeholder = stack?.reference(name, attribute: attribute) else {
            throw refuse("`\(name)` is not a resource under `resources:` (nor a pseudo-parameter this library fills in)", at: key)
        }
        return placeholder
    }

    /// `Fn::Sub`: `${Name}` / `${Name.Attr}` replaced by references, `${!Literal}` kept as `${Literal}`.
    mutating func substitution(_ node: YAMLNode, key: String?) throws -> String {
        let template: String
        var variables: [String: String] = [:]
        if let text = node.scalarText {
            template = text
        } else if let arguments = node.sequence, arguments.count == 2, let text = arguments[0].scalarText, let named = arguments[1].pairs {
            template = text
            for pair in named { variables[pair.key.scalarText ?? ""] = try self.text(pair.value, key: key) }
        } else {
            throw refuse("`Fn::Sub` takes a text, or a text and its variables", at: key)
        }
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: "}") else { throw refuse("`Fn::Sub` has an unclosed `${`", at: key) }
            let name = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
            if name.hasPrefix("!") {
                result += "${" + name.dropFirst() + "}"
            } else if let value = variables[name] {
                result += value
            } else {
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                result += try reference(parts[0], attribute: parts.count == 2 ? parts[1] : nil, key: key)
            }
        }
        return result + rest
    }
}

extension PolicyStatement {
    /// The statement with `transform` applied to every resource and condition value (placeholders filled in).
    func mappingTexts(_ transform: (String) throws -> String) rethrows -> PolicyStatement {
        var copy = self
        copy.resources = try resources.map(transform)
        copy.conditions = try conditions?.mapValues { try $0.mapValues { try $0.map(transform) } }
        return copy
    }
}
