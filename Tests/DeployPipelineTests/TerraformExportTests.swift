import DeployPipeline
import DeploySecrets
import Foundation
import Testing

@Suite("Terraform JSON export, checked against the AWS provider's documented arguments")
struct TerraformExportTests {
    typealias Schema = TerraformProviderSchema

    func configuration(_ deployment: DeploymentConfiguration = CloudFormationExportTests.deployment()) throws -> [String: Any] {
        let text = try TerraformExport.json(deployment)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Type → name → arguments of a configuration's `resource` or `data` section.
    func section(_ configuration: [String: Any], _ key: String) -> [String: [String: [String: Any]]] {
        configuration[key] as? [String: [String: [String: Any]]] ?? [:]
    }

    @Test("every resource and data source: its required arguments present, no argument the provider does not document")
    func argumentsMatchTheProviderSchema() throws {
        let configuration = try configuration()
        var problems: [String] = []
        for (kind, table) in [("resource", Schema.resources), ("data", Schema.dataSources)] {
            for (type, instances) in section(configuration, kind) {
                guard let entry = table[type] else {
                    problems.append("\(kind) \(type): not in the schema table")
                    continue
                }
                for (name, arguments) in instances {
                    let keys = Set(arguments.keys)
                    for missing in entry.required.subtracting(keys) { problems.append("\(type).\(name): \(missing) is required") }
                    let allowed = entry.required.union(entry.optional).union(entry.blocks.keys).union(Schema.metaArguments)
                    for unknown in keys.subtracting(allowed) { problems.append("\(type).\(name): \(unknown) is not an argument") }
                    for (block, members) in entry.blocks {
                        guard let value = arguments[block] else { continue }
                        let objects = (value as? [[String: Any]]) ?? [(value as? [String: Any]) ?? [:]]
                        for unknown in objects.flatMap(\.keys) where !members.contains(unknown) {
                            problems.append("\(type).\(name).\(block): \(unknown) is not an argument")
                        }
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.sorted().joined(separator: "\n"))")
        let resources = section(configuration, "resource")
        #expect(resources["aws_lambda_function"]?.count == 3 && resources["aws_lambda_alias"]?.count == 3)
        #expect(resources["aws_iam_role"]?.count == 2 && resources["aws_iam_role_policy"]?.count == 6)
        // orders-role's statements, once for the two functions: pseudo-parameters and the stack's queue as Terraform reads them.
        let statements = try #require(resources["aws_iam_role_policy"]?["orders-role_statements"]?["policy"] as? String)
        #expect(
            statements.contains(
                "arn:${data.aws_partition.current.partition}:dynamodb:${data.aws_region.current.region}:"
                    + "${data.aws_caller_identity.current.account_id}:table/orders"), "\(statements)")
        #expect(statements.contains("${aws_cloudformation_stack.orders-prod-resources.outputs.LambdaDeployKitJobsArn}-archive"))
        #expect(!statements.contains("lambdadeploykit-stack"))
        let attachments = (resources["aws_iam_role_policy_attachment"] ?? [:]).values.compactMap { $0["policy_arn"] as? String }
        #expect(
            attachments.contains("arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSXrayWriteOnlyAccess"), "\(attachments)")
        #expect(attachments.count == 2, "VPC access and X-Ray, once for the two functions of orders-role")
        #expect(resources["aws_api_gateway_rest_api"]?.count == 1 && resources["aws_api_gateway_stage"]?.count == 1)
        #expect(resources["aws_apigatewayv2_api"]?.count == 1 && resources["aws_apigatewayv2_route"]?.count == 4)
        #expect(resources["aws_apigatewayv2_authorizer"]?.count == 1)
        // The resources: stack as one aws_cloudformation_stack; the queue's ARN from its outputs.
        #expect(resources["aws_cloudformation_stack"]?.count == 1 && resources["aws_lambda_event_source_mapping"]?.count == 3)
        #expect(resources["aws_lambda_event_source_mapping"]?["orders-worker_stream_1"]?["starting_position"] as? String == "TRIM_HORIZON")
        let stackMappings = (resources["aws_lambda_event_source_mapping"] ?? [:]).values.compactMap { $0["event_source_arn"] as? String }
        #expect(
            stackMappings.contains(#"${aws_cloudformation_stack.orders-prod-resources.outputs["LambdaDeployKitJobsArn"]}"#),
            "\(stackMappings)")
        #expect(resources["aws_lambda_layer_version"]?.count == 1 && resources["aws_lambda_function_url"]?.count == 2)
        // The same fifteen statements as the CloudFormation template.
        #expect(resources["aws_lambda_permission"]?.count == 15)
        #expect(resources["aws_lambda_permission"]?["orders-worker_alexa_1"]?["event_source_token"] as? String != nil)
        #expect(resources["aws_cloudwatch_event_rule"]?["orders-worker_event_rule_1"]?["event_pattern"] as? String != nil)
        // One bucket of s3 events, created private, its one notification resource with both functions' three blocks.
        #expect(resources["aws_s3_bucket"]?.count == 1 && resources["aws_s3_bucket_public_access_block"]?.count == 1)
        let notification = try #require(resources["aws_s3_bucket_notification"]?["orders-uploads"])
        #expect(notification["bucket"] as? String == "${aws_s3_bucket.orders-uploads.id}")
        let blocks = try #require(notification["lambda_function"] as? [[String: Any]])
        #expect(blocks.compactMap { $0["filter_prefix"] as? String }.sorted() == ["exports/", "incoming/", "incoming/"])
        #expect(
            Set(notification["depends_on"] as? [String] ?? []) == [
                "aws_lambda_permission.orders-api_s3_orders-uploads", "aws_lambda_permission.orders-worker_s3_orders-uploads",
            ])
    }

    @Test("routes on a REST API made elsewhere: both exports refuse, naming it and what to do")
    func existingRestAPI() throws {
        var function = CloudFormationExportTests.seed
        function.api.existing = .export("SharedGW-restApiId")
        let deployment = DeploymentConfiguration(functions: [function])
        for export in [{ _ = try TerraformExport.json(deployment) }, { _ = try CloudFormationExport.json(deployment) }] {
            let diagnosis = try #require(throws: DeploymentDiagnosis.self) { try export() }
            #expect(diagnosis.summary.contains("a REST API made elsewhere (the id exported as SharedGW-restApiId)"), "\(diagnosis.summary)")
        }
    }

    @Test("an existing bucket's s3 event: Terraform names the bucket and creates none; CloudFormation refuses, naming why")
    func existingBucket() throws {
        var function = CloudFormationExportTests.seed
        function.bucketEvents = [BucketEventSettings(bucket: "legacy.uploads", isExisting: true)]
        let deployment = DeploymentConfiguration(functions: [function])
        let resources = section(try configuration(deployment), "resource")
        #expect(resources["aws_s3_bucket"] == nil)
        #expect(resources["aws_s3_bucket_notification"]?["legacy_uploads"]?["bucket"] as? String == "legacy.uploads")
        #expect(
            resources["aws_lambda_permission"]?["myLambdaFunction_s3_legacy_uploads"]?["statement_id"] as? String
                == "lambdadeploykit-s3-legacy_uploads")
        #expect {
            try CloudFormationExport.json(deployment)
        } throws: { "\($0)".contains("existing bucket legacy.uploads cannot be exported") }
    }

    @Test("every reference names a declared resource, data source or variable, and an attribute that type exports")
    func referencesResolve() throws {
        let configuration = try configuration()
        let resources = section(configuration, "resource")
        let data = section(configuration, "data")
        let variables = Set((configuration["variable"] as? [String: Any] ?? [:]).keys)
        var references: [String] = []
        var dependencies: [String] = []
        func collect(_ value: Any, key: String?) {
            switch value {
            case let text as String where key == "depends_on": dependencies.append(text)
            case let text as String: references += Self.references(in: text)
            case let items as [Any]: for item in items { collect(item, key: key) }
            case let object as [String: Any]: for (member, value) in object { collect(value, key: member) }
            default: break
            }
        }
        collect(configuration["resource"] as Any, key: nil)
        collect(configuration["output"] as Any, key: nil)
        #expect(!references.isEmpty && !dependencies.isEmpty)
        var problems: [String] = []
        for reference in references {
            let parts = reference.split(separator: ".").map(String.init)
            switch parts.first {
            case "var": if !variables.contains(parts[1]) { problems.append("\(reference): no such variable") }
            case "data":
                if data[parts[1]]?[parts[2]] == nil { problems.append("\(reference): no such data source") }
                if !(Schema.dataSources[parts[1]]?.attributes.contains(parts[3]) ?? false) {
                    problems.append("\(reference): no such attribute")
                }
            default:
                if resources[parts[0]]?[parts[1]] == nil { problems.append("\(reference): no such resource") }
                if !(Schema.resources[parts[0]]?.attributes.contains(parts[2]) ?? false) {
                    problems.append("\(reference): no such attribute")
                }
            }
        }
        for dependency in dependencies {
            let parts = dependency.split(separator: ".").map(String.init)
            if parts.count != 2 || resources[parts[0]]?[parts[1]] == nil { problems.append("depends_on \(dependency): no such resource") }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The addresses a Terraform template string refers to: `aws_x.name.attribute`, `data.…`,
    /// `var.…`, inside `${…}` (also within function calls), `$${` being an escaped literal.
    static func references(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            if start.lowerBound > rest.startIndex, rest[rest.index(before: start.lowerBound)] == "$" {
                rest = rest[start.upperBound...]
                continue
            }
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let expression = rest[start.upperBound..<end]
            for token in expression.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }) {
                let parts = token.split(separator: ".")
                if (parts.first == "var" && parts.count == 2) || (parts.first == "data" && parts.count == 4)
                    || (parts.first?.hasPrefix("aws_") == true && parts.count == 3)
                {
                    found.append(String(token))
                }
            }
            rest = rest[end...]
        }
        return found
    }

    @Test("literal text is escaped (`${` → `$${`) and secrets are read by data source, never written")
    func literalsAndSecrets() throws {
        var deployment = CloudFormationExportTests.deployment()
        deployment.functions[0].environment["GREETING"] = "hello ${USER} %{x}"
        let text = try TerraformExport.json(deployment)
        #expect(text.contains(#""GREETING" : "hello $${USER} %%{x}""#))
        #expect(Self.references(in: "hello $${USER}").isEmpty)
        let configuration = try configuration(deployment)
        let secret = try #require(section(configuration, "data")["aws_secretsmanager_secret_version"]?["secret_prod_db"])
        #expect(secret["secret_id"] as? String == "prod/db")
        let orders = try #require(section(configuration, "resource")["aws_lambda_function"]?["orders-api"])
        let variables = try #require((orders["environment"] as? [String: Any])?["variables"] as? [String: String])
        #expect(
            variables["DB_PASSWORD"] == #"${jsondecode(data.aws_secretsmanager_secret_version.secret_prod_db.secret_string)["password"]}"#)
    }

    @Test("the REST API's deployment waits for every method and integration on it, and its trigger changes with the routes")
    func restDeployment() throws {
        let resources = section(try configuration(), "resource")
        let deployment = try #require(resources["aws_api_gateway_deployment"]?["myLambdaFunction-api_production"])
        let waits = Set(deployment["depends_on"] as? [String] ?? [])
        for method in resources["aws_api_gateway_method"]?.keys ?? [:].keys {
            #expect(waits.contains("aws_api_gateway_method.\(method)"), "\(method)")
        }
        var changed = CloudFormationExportTests.deployment()
        changed.functions[0].routes.append(HTTPRoute(method: "POST", path: "/hello"))
        let other = try #require(
            section(try configuration(changed), "resource")["aws_api_gateway_deployment"]?["myLambdaFunction-api_production"])
        #expect((deployment["triggers"] as? [String: String]) != (other["triggers"] as? [String: String]))
    }
}
