import DeployCore

/// A CloudFormation stack as `DescribeStacks` shows it.
public struct Stack: Sendable, Hashable {
    /// Its name.
    public var name: String
    /// Its id (an ARN).
    public var id: String
    /// `CREATE_COMPLETE`, `UPDATE_IN_PROGRESS`, `ROLLBACK_COMPLETE`, ….
    public var status: String
    /// Why it is in that status, when CloudFormation says.
    public var statusReason: String?
    /// Its outputs, by key.
    public var outputs: [String: String]
    /// Its tags.
    public var tags: [String: String]

    /// Whether the last change failed and was rolled back, or the stack is stuck.
    public var isFailed: Bool {
        status.hasSuffix("_FAILED") || status == "ROLLBACK_COMPLETE" || status == "UPDATE_ROLLBACK_COMPLETE"
    }

    init(_ member: AWSXMLElement) {
        name = member.value(at: "StackName") ?? ""
        id = member.value(at: "StackId") ?? ""
        status = member.value(at: "StackStatus") ?? ""
        statusReason = member.value(at: "StackStatusReason")
        var outputs: [String: String] = [:]
        for output in member.element(at: ["Outputs"])?.children(named: "member") ?? [] {
            if let key = output.value(at: "OutputKey") { outputs[key] = output.value(at: "OutputValue") ?? "" }
        }
        self.outputs = outputs
        var tags: [String: String] = [:]
        for tag in member.element(at: ["Tags"])?.children(named: "member") ?? [] {
            if let key = tag.value(at: "Key") { tags[key] = tag.value(at: "Value") ?? "" }
        }
        self.tags = tags
    }
}

/// One event of a stack: a resource's status change, and why.
public struct StackEvent: Sendable, Hashable {
    /// The template's name for the resource (`OrdersQueue`).
    public var logicalID: String
    /// Its type (`AWS::SQS::Queue`).
    public var resourceType: String
    /// `CREATE_FAILED`, `UPDATE_COMPLETE`, ….
    public var status: String
    /// CloudFormation's reason, when it gives one.
    public var reason: String?

    init(_ member: AWSXMLElement) {
        logicalID = member.value(at: "LogicalResourceId") ?? ""
        resourceType = member.value(at: "ResourceType") ?? ""
        status = member.value(at: "ResourceStatus") ?? ""
        reason = member.value(at: "ResourceStatusReason")
    }
}
