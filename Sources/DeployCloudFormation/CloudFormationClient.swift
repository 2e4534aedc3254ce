import DeployCore

/// AWS CloudFormation (query protocol, API 2010-05-15): the stacks a deployment keeps beside its
/// functions — created, updated from a template, described with their outputs, deleted — and the
/// waits for them to settle.
///
/// ```swift
/// let stacks = CloudFormationClient(configuration: configuration)
/// let template = #"{"Resources":{"OrdersQueue":{"Type":"AWS::SQS::Queue"}},"#
///     + #""Outputs":{"OrdersQueueArn":{"Value":{"Fn::GetAtt":["OrdersQueue","Arn"]}}}}"#
/// try await stacks.createStack("shop-prod-resources", template: template, tags: ["team": "shop"])
/// let stack = try await stacks.waitUntilSettled("shop-prod-resources")
/// print(stack?.outputs["OrdersQueueArn"] ?? "")
/// ```
public struct CloudFormationClient: Sendable {
    /// The CloudFormation service description.
    public static let service = AWSService(
        serviceID: "CloudFormation", signingName: "cloudformation", endpointPrefix: "cloudformation", apiVersion: "2010-05-15",
        wireProtocol: .query)

    /// The core client the operations go through.
    public let client: AWSClient
    /// The pause between two reads of a stack that is still changing.
    public var pollInterval: Duration = .seconds(5)
    /// How long a stack may take to settle (CloudFormation's own waiters allow an hour).
    public var waitTimeout: Duration = .seconds(3600)

    /// Creates a client. An endpoint override that is not a URL was already reported by the
    /// configuration; this cannot fail.
    public init(configuration: AWSConfiguration) {
        client = AWSClient(service: Self.service, configuration: configuration)
    }

    /// `CreateStack` from a template body, with the IAM capabilities a template's roles need.
    @discardableResult
    public func createStack(_ name: String, template: String, tags: [String: String] = [:]) async throws -> String {
        var parameters = Self.stackParameters(name, template: template)
        parameters.setList("Tags", structures: Self.tags(tags))
        return try await client.query("CreateStack", parameters).value(at: "StackId") ?? ""
    }

    /// `UpdateStack` to `template`; `false` when CloudFormation finds nothing to change (it answers
    /// that with a `ValidationError`, "No updates are to be performed").
    public func updateStack(_ name: String, template: String) async throws -> Bool {
        do {
            _ = try await client.query("UpdateStack", Self.stackParameters(name, template: template))
            return true
        } catch let error as AWSServiceError
            where error.code == "ValidationError" && error.message.contains("No updates are to be performed")
        {
            return false
        }
    }

    /// `DescribeStacks` for one stack; `nil` when it does not exist (or was deleted).
    public func stack(_ name: String) async throws -> Stack? {
        var parameters = QueryParameters()
        parameters.set("StackName", name)
        do {
            let result = try await client.query("DescribeStacks", parameters)
            guard let member = result.element(at: ["Stacks", "member"]) else { return nil }
            let stack = Stack(member)
            return stack.status == "DELETE_COMPLETE" ? nil : stack
        } catch let error as AWSServiceError where error.code == "ValidationError" && error.message.contains("does not exist") {
            return nil
        }
    }

    /// `GetTemplate`: the template body the stack was last created or updated with.
    public func template(_ name: String) async throws -> String {
        var parameters = QueryParameters()
        parameters.set("StackName", name)
        return try await client.query("GetTemplate", parameters).value(at: "TemplateBody") ?? ""
    }

    /// `DeleteStack` (a stack that does not exist is no error).
    public func deleteStack(_ name: String) async throws {
        var parameters = QueryParameters()
        parameters.set("StackName", name)
        _ = try await client.query("DeleteStack", parameters)
    }

    /// `ListExports`, every page: the region's exported output values by export name (what
    /// `Fn::ImportValue` reads).
    public func exports() async throws -> [String: String] {
        var exports: [String: String] = [:]
        var token: String?
        repeat {
            var parameters = QueryParameters()
            parameters.set("NextToken", token)
            let result = try await client.query("ListExports", parameters)
            for member in result.child("Exports")?.children(named: "member") ?? [] {
                if let name = member.value(at: "Name") { exports[name] = member.value(at: "Value") ?? "" }
            }
            token = result.value(at: "NextToken").flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return exports
    }

    /// `DescribeStackEvents`, newest first: the first page, which holds what a failed change says.
    public func events(_ name: String) async throws -> [StackEvent] {
        var parameters = QueryParameters()
        parameters.set("StackName", name)
        let result = try await client.query("DescribeStackEvents", parameters)
        return result.element(at: ["StackEvents"])?.children(named: "member").map(StackEvent.init) ?? []
    }

    /// Polls the stack until no change is in progress; returns it (`nil` once deleted). Whether it
    /// settled where the caller wanted (`CREATE_COMPLETE`, `UPDATE_COMPLETE`) is the caller's to judge.
    public func waitUntilSettled(_ name: String) async throws -> Stack? {
        try await Waiter<Stack?>(
            name: "stack \(name) settled", delay: pollInterval, maxWait: waitTimeout,
            acceptors: [.init(.success, "no change in progress") { !($0?.status.hasSuffix("_IN_PROGRESS") ?? false) }],
            sleep: client.configuration.retryPolicy.sleep, describe: { $0?.status ?? "deleted" }
        ).wait { try await stack(name) }
    }

    private static func stackParameters(_ name: String, template: String) -> QueryParameters {
        var parameters = QueryParameters()
        parameters.set("StackName", name)
        parameters.set("TemplateBody", template)
        parameters.setList("Capabilities", ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"])
        return parameters
    }

    private static func tags(_ tags: [String: String]) -> [QueryParameters]? {
        guard !tags.isEmpty else { return nil }
        return tags.sorted { $0.key < $1.key }.map { tag in
            var pair = QueryParameters()
            pair.set("Key", tag.key)
            pair.set("Value", tag.value)
            return pair
        }
    }
}
