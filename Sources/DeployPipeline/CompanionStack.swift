import DeployManifests
import Foundation

/// The CloudFormation resources a service declares beside its functions (a `serverless.yml`'s
/// `resources:` — queues, tables, buckets), deployed as a stack of their own before the functions,
/// and the values the functions take from it.
///
/// A function refers to one of its resources the way the file does — an `sqs` event's
/// `arn: !GetAtt Orders.Arn`, an environment variable's `!Ref UsersTable` — and the configuration
/// holds a placeholder (``reference(_:attribute:)``) that the deploy replaces with the stack's
/// output once the stack is in place. The template gets one output per reference.
public struct CompanionStack: Sendable, Hashable {
    /// The stack's name: `SERVICE-STAGE-resources` (apart from a Serverless-deployed `SERVICE-STAGE`).
    public var name: String
    /// `Resources` (and `Outputs`, `Conditions`, … when the file has them), as JSON objects.
    public var sections: [String: YAMLValue]
    /// The resources' logical ids and types (`Orders`: `AWS::SQS::Queue`).
    public var resourceTypes: [String: String]
    /// The references the functions make, by placeholder: the output that answers each.
    public private(set) var references: [String: Output] = [:]

    /// What a placeholder stands for: `Ref` of a resource, or one of its attributes.
    public struct Output: Sendable, Hashable {
        /// The resource's logical id.
        public var logicalID: String
        /// The attribute (`Arn`, `QueueUrl`); `nil` for `Ref`.
        public var attribute: String?

        /// The template output's key: `LambdaDeployKitOrdersArn`.
        public var key: String {
            "LambdaDeployKit" + (logicalID + (attribute ?? "Ref")).filter { $0.isLetter || $0.isNumber }
        }
    }

    /// A stack from a `resources:` node (long-form intrinsics); `nil` when it declares no `Resources`.
    public init?(name: String, resources node: YAMLNode?) {
        guard let node, case .object(let sections) = node.jsonValue, case .object(let resources)? = sections["Resources"],
            !resources.isEmpty
        else { return nil }
        self.name = name
        self.sections = sections
        resourceTypes = resources.compactMapValues { value in
            if case .object(let resource) = value, case .string(let type)? = resource["Type"] { return type }
            return nil
        }
    }

    /// The logical ids the template refers to (`Ref`, `Fn::GetAtt`, `${X}` in `Fn::Sub`) that it
    /// does not declare — resources only a Serverless Framework stack has (`HelloLambdaFunction`,
    /// `ApiGatewayRestApi`, `IamRoleLambdaExecution`); pseudo parameters (`AWS::Region`) aside.
    public var undeclaredReferences: [String] {
        var declared = Set(resourceTypes.keys)
        for section in ["Parameters", "Conditions", "Mappings"] {
            if case .object(let entries)? = sections[section] { declared.formUnion(entries.keys) }
        }
        var found: Set<String> = []
        func visit(_ value: YAMLValue) {
            switch value {
            case .object(let object):
                for (key, inner) in object {
                    switch (key, inner) {
                    case ("Ref", .string(let name)): found.insert(name)
                    case ("Fn::GetAtt", .array(let parts)): if case .string(let name)? = parts.first { found.insert(name) }
                    case ("Fn::GetAtt", .string(let text)): found.insert(String(text.split(separator: ".").first ?? ""))
                    case ("Fn::Sub", .string(let text)): found.formUnion(Self.substitutions(text))
                    case ("Fn::Sub", .array(let parts)):
                        // The second element names variables of its own.
                        if case .string(let text)? = parts.first {
                            var names = Self.substitutions(text)
                            if parts.count > 1, case .object(let variables) = parts[1] { names.subtract(variables.keys) }
                            found.formUnion(names)
                        }
                    default: break
                    }
                    visit(inner)
                }
            case .array(let items): items.forEach(visit)
            default: break
            }
        }
        for section in ["Resources", "Outputs"] { sections[section].map(visit) }
        return found.filter { !$0.hasPrefix("AWS::") && !declared.contains($0) }.sorted()
    }

    /// The names in `${Name}` / `${Name.Attr}` of an `Fn::Sub` text (`${!Literal}` aside).
    private static func substitutions(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let name = rest[..<close]
            if !name.hasPrefix("!") { names.insert(String(name.split(separator: ".").first ?? "")) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// How every placeholder starts.
    static let placeholderPrefix = "${lambdadeploykit-stack:"

    /// Whether `text` is one placeholder and nothing else.
    static func isPlaceholder(_ text: String) -> Bool {
        text.hasPrefix(placeholderPrefix) && text.firstIndex(of: "}") == text.index(before: text.endIndex)
    }

    /// The placeholder for `logicalID`'s `attribute` (`nil`: its `Ref`), recorded so the template
    /// outputs it; `nil` when the stack has no such resource.
    public mutating func reference(_ logicalID: String, attribute: String?) -> String? {
        guard resourceTypes[logicalID] != nil else { return nil }
        let output = Output(logicalID: logicalID, attribute: attribute)
        let placeholder = Self.placeholderPrefix + logicalID + (attribute.map { ".\($0)" } ?? "") + "}"
        references[placeholder] = output
        return placeholder
    }

    /// The placeholder a `{Ref: X}` or `{Fn::GetAtt: [X, Attr]}` (or `X.Attr`) node stands for;
    /// `nil` when it is neither, or names no resource of the stack.
    public mutating func reference(from node: YAMLNode) -> String? {
        if let logicalID = node["Ref"]?.scalarText { return reference(logicalID, attribute: nil) }
        guard let getAtt = node["Fn::GetAtt"] else { return nil }
        let parts =
            getAtt.sequence?.compactMap(\.scalarText)
            ?? getAtt.scalarText.map { $0.split(separator: ".", maxSplits: 1).map(String.init) } ?? []
        guard parts.count == 2 else { return nil }
        return reference(parts[0], attribute: parts[1])
    }

    /// The template: the file's sections, with an output for every reference, as JSON.
    public var template: String {
        var sections = sections
        var outputs: [String: YAMLValue] = [:]
        if case .object(let written)? = sections["Outputs"] { outputs = written }
        for output in references.values {
            let value: YAMLValue =
                output.attribute.map { .object(["Fn::GetAtt": .array([.string(output.logicalID), .string($0)])]) }
                ?? .object(["Ref": .string(output.logicalID)])
            outputs[output.key] = .object(["Value": value])
        }
        if !outputs.isEmpty { sections["Outputs"] = .object(outputs) }
        sections["AWSTemplateFormatVersion"] = .string("2010-09-09")
        return YAMLValue.object(sections).jsonText
    }

    /// `text` with every placeholder replaced by its output's value; throws when the stack has no
    /// such output.
    func resolve(_ text: String, outputs: [String: String]) throws -> String {
        guard text.contains(Self.placeholderPrefix) else { return text }
        var resolved = text
        for (placeholder, output) in references where resolved.contains(placeholder) {
            guard let value = outputs[output.key] else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput, summary: "the stack \(name) has no output \(output.key) for \(placeholder).",
                    fix: "Deploy again: the stack is updated with the outputs the functions use.")
            }
            resolved = resolved.replacingOccurrences(of: placeholder, with: value)
        }
        return resolved
    }
}
