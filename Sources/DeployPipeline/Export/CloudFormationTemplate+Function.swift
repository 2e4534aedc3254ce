import DeployIAM

extension CloudFormationTemplate {
    /// A function and everything it declares.
    mutating func add(_ function: FunctionDeployment) throws {
        let id = CloudFormationExport.logicalID(function.name)
        var properties: [String: Any] = [
            "FunctionName": function.name, "Handler": function.handler, "Runtime": function.runtime,
            "Code": codeParameters(id, describing: function.name), "Tags": Self.tags(function.tags),
        ]
        properties["Role"] = role(of: function)
        properties["MemorySize"] = function.memorySize
        properties["Timeout"] = function.timeout
        properties["Description"] = function.description
        properties["KmsKeyArn"] = function.kmsKeyARN
        properties["ReservedConcurrentExecutions"] = function.reservedConcurrency
        if let architecture = function.architecture { properties["Architectures"] = [architecture] }
        if let size = function.ephemeralStorage { properties["EphemeralStorage"] = ["Size": size] }
        if let mode = function.tracingMode { properties["TracingConfig"] = ["Mode": mode] }
        if let target = function.deadLetterTargetARN { properties["DeadLetterConfig"] = ["TargetArn": target] }
        if let vpc = function.vpc { properties["VpcConfig"] = ["SubnetIds": vpc.subnetIDs, "SecurityGroupIds": vpc.securityGroupIDs] }
        if let logging = function.logging {
            var config: [String: Any] = ["LogFormat": logging.format]
            config["ApplicationLogLevel"] = logging.applicationLogLevel
            config["SystemLogLevel"] = logging.systemLogLevel
            properties["LoggingConfig"] = config
        }
        let layers: [Any] = function.layers.map { layer in
            switch layer {
            case .arn(let arn): arn
            case .managed(let managed): Self.ref(add(managed))
            }
        }
        if !layers.isEmpty { properties["Layers"] = layers }
        if !function.environment.isEmpty {
            var variables: [String: String] = [:]
            for (name, value) in function.environment {
                switch value {
                case .text(let text): variables[name] = text
                case .secret(let reference):
                    variables[name] =
                        "{{resolve:secretsmanager:\(reference.secretID):SecretString" + (reference.jsonKey.map { ":\($0)" } ?? "") + "}}"
                }
            }
            properties["Environment"] = ["Variables": variables]
        }
        var resource: [String: Any] = ["Type": "AWS::Lambda::Function", "Properties": properties]
        if let days = function.logRetentionInDays {
            resources[id + "LogGroup"] = [
                "Type": "AWS::Logs::LogGroup", "Properties": ["LogGroupName": "/aws/lambda/\(function.name)", "RetentionInDays": days],
            ]
            resource["DependsOn"] = [id + "LogGroup"]
        }
        resources[id] = resource
        resources[id + "Version"] = [
            "Type": "AWS::Lambda::Version", "Properties": ["FunctionName": Self.ref(id), "Description": "exported by LambdaDeployKit"],
        ]
        var alias: [String: Any] = [
            "FunctionName": Self.ref(id), "FunctionVersion": Self.getAtt(id + "Version", "Version"), "Name": function.alias,
        ]
        if let provisioned = function.provisionedConcurrency, provisioned > 0 {
            alias["ProvisionedConcurrencyConfig"] = ["ProvisionedConcurrentExecutions": provisioned]
        }
        resources[id + "Alias"] = ["Type": "AWS::Lambda::Alias", "Properties": alias]
        if !function.routes.isEmpty {
            try ExportLimits.checkRestAPI(function, format: "a CloudFormation template")
            addRestAPI(function, id: id)
        }
        if let api = function.httpAPI { addHTTPAPI(api, function: function, id: id) }
        if let url = function.url { addURL(url, function: function, id: id) }
        addSchedules(function, id: id)
        addEventSources(function, id: id)
        try addBucketEvents(function, id: id)
        addAlexaSkills(function, id: id)
    }

    /// The function's `Role`: its ARN, or the managed role's, the role gaining the function's
    /// logging policy (and its queues' actions, VPC access, the statements it grants and its managed
    /// policies) on the way.
    private mutating func role(of function: FunctionDeployment) -> Any {
        let name: String
        switch function.role {
        case .arn(let arn): return arn
        case .managed(let managed): name = managed
        }
        let id = CloudFormationExport.logicalID(name, dropping: "Role") + "Role"
        var role = roles[id] ?? ManagedRole(name: name)
        let logs = LeastPrivilege.executionRolePolicy(
            functionName: function.name, region: "${AWS::Region}", account: "${AWS::AccountId}", partition: "${AWS::Partition}")
        role.policies.append(["PolicyName": RoleResource.policyName(function.name), "PolicyDocument": Self.object(logs)])
        for kind in [EventSourceKind.queues, .streams] where !kind.wanted(function).isEmpty {
            let document = kind.policy(Array(kind.wanted(function).keys))
            role.policies.append(["PolicyName": kind.policyName(function.name), "PolicyDocument": Self.object(document)])
        }
        if function.vpc != nil { role.managedPolicyARNs.insert(RoleResource.vpcPolicyARN(partition: "${AWS::Partition}")) }
        role.managedPolicyARNs.formUnion(function.roleManagedPolicies)
        // What the role grants besides: once, however many functions share it.
        if !function.roleStatements.isEmpty,
            !role.policies.contains(where: { $0["PolicyName"] as? String == RoleResource.statementsPolicy })
        {
            role.policies.append([
                "PolicyName": RoleResource.statementsPolicy,
                "PolicyDocument": Self.object(PolicyDocument(statements: function.roleStatements)),
            ])
        }
        roles[id] = role
        return Self.getAtt(id, "Arn")
    }

    /// A managed layer, once however many functions use it: its logical id (`Ref` is its version's ARN).
    private mutating func add(_ layer: LayerDeployment) -> String {
        let id = CloudFormationExport.logicalID(layer.name) + "Layer"
        guard resources[id] == nil else { return id }
        var properties: [String: Any] = ["LayerName": layer.name, "Content": codeParameters(id, describing: "layer \(layer.name)")]
        if !layer.compatibleRuntimes.isEmpty { properties["CompatibleRuntimes"] = layer.compatibleRuntimes }
        if !layer.compatibleArchitectures.isEmpty { properties["CompatibleArchitectures"] = layer.compatibleArchitectures }
        properties["Description"] = layer.description
        properties["LicenseInfo"] = layer.licenseInfo
        resources[id] = ["Type": "AWS::Lambda::LayerVersion", "Properties": properties]
        return id
    }
}
