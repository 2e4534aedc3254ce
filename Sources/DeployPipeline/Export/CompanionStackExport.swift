import DeployManifests
import Foundation

/// The service's `resources:` in the exports: in a CloudFormation template, its sections merged
/// into the template (one stack holds everything) and each placeholder the functions use written as
/// the `Ref`/`Fn::GetAtt` it stands for; in Terraform, an `aws_cloudformation_stack` with the
/// companion stack's template, and each placeholder its output.
enum CompanionStackExport {
    /// `template` with `stack`'s sections merged in; a logical id both declare is refused.
    static func merging(_ stack: CompanionStack, into template: [String: Any]) throws -> [String: Any] {
        var template = template
        let text = YAMLValue.object(stack.sections).jsonText
        let written = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        for (section, value) in written where section != "AWSTemplateFormatVersion" && section != "Description" {
            guard let entries = value as? [String: Any] else { continue }
            var merged = template[section] as? [String: Any] ?? [:]
            for (id, entry) in entries {
                guard merged[id] == nil else {
                    throw DeploymentDiagnosis(
                        kind: .invalidInput, summary: "resources: declares \(id) under \(section), a logical id the export also writes.",
                        fix: "Rename \(id) in resources: (the export names functions' resources after them).")
                }
                merged[id] = entry
            }
            template[section] = merged
        }
        return replacing(template, stack: stack) { output in
            output.attribute.map { ["Fn::GetAtt": [output.logicalID, $0]] } ?? ["Ref": output.logicalID]
        }
    }

    /// Terraform: the stack as `aws_cloudformation_stack.<name>`, and every placeholder in
    /// `configuration` its output.
    static func adding(_ stack: CompanionStack, to configuration: [String: Any]) -> [String: Any] {
        let name = TerraformConfiguration.name(stack.name)
        var configuration = configuration
        var resources = configuration["resource"] as? [String: Any] ?? [:]
        resources["aws_cloudformation_stack"] = [
            name: [
                "name": TerraformConfiguration.literal(stack.name), "template_body": TerraformConfiguration.literal(stack.template),
                "capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"], "tags": ["lambdadeploykit:managed": "true"],
            ] as [String: Any]
        ]
        configuration["resource"] = resources
        return replacing(configuration, stack: stack) { output in
            "${aws_cloudformation_stack.\(name).outputs[\"\(output.key)\"]}"
        } within: { output in
            // Inside other text (a policy's JSON): the attribute form, which needs no quotes.
            "${aws_cloudformation_stack.\(name).outputs.\(output.key)}"
        }
    }

    /// `value` with every string that is one of `stack`'s placeholders replaced by `replacement`, and
    /// (with `within`) every placeholder inside other text by that text.
    private static func replacing<T>(
        _ value: T, stack: CompanionStack, _ replacement: (CompanionStack.Output) -> Any,
        within: ((CompanionStack.Output) -> String)? = nil
    ) -> T {
        func visit(_ value: Any) -> Any {
            switch value {
            case let text as String:
                // Terraform's literals escape `${` as `$${`.
                let placeholder = text.hasPrefix("$${") ? String(text.dropFirst()) : text
                if let output = stack.references[placeholder] { return replacement(output) }
                guard let within, text.contains(CompanionStack.placeholderPrefix) else { return text }
                return stack.references.reduce(text) { text, reference in
                    text.replacingOccurrences(of: reference.key, with: within(reference.value))
                }
            case let items as [Any]: return items.map(visit)
            case let object as [String: Any]: return object.mapValues(visit)
            default: return value
            }
        }
        return visit(value) as? T ?? value
    }
}
