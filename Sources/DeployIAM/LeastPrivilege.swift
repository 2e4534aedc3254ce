/// Narrow policies for a Lambda deploy, as the easy path: the seed pipeline grants
/// `AWSLambdaFullAccess`; these grant what a deploy of the named functions needs and nothing else.
public enum LeastPrivilege {
    /// The trust policy of a Lambda execution role: `lambda.amazonaws.com` may assume it.
    public static let lambdaTrustPolicy = PolicyDocument(statements: [
        PolicyStatement(effect: .allow, actions: ["sts:AssumeRole"], principals: ["Service": ["lambda.amazonaws.com"]])
    ])

    /// The Lambda actions a deploy calls: read, create and update the function, publish, move
    /// aliases, wire the API Gateway permission, manage the function URL, and invoke for the health
    /// check.
    public static let deployActions = [
        "lambda:GetFunction", "lambda:GetFunctionConfiguration", "lambda:CreateFunction", "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration", "lambda:PublishVersion", "lambda:ListVersionsByFunction", "lambda:CreateAlias",
        "lambda:GetAlias", "lambda:UpdateAlias", "lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy",
        "lambda:InvokeFunction", "lambda:GetFunctionUrlConfig", "lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig",
        "lambda:DeleteFunctionUrlConfig",
    ]

    /// The SQS actions Lambda needs on a queue that feeds a function.
    public static let queueActions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]

    /// The execution role's access to exactly the queues that feed the function (`sqs` events).
    public static func queuePolicy(queues: [String]) -> PolicyDocument {
        PolicyDocument(statements: [
            PolicyStatement(sid: "ReadQueues", effect: .allow, actions: queueActions, resources: queues.sorted())
        ])
    }

    /// The actions Lambda needs on a DynamoDB stream that feeds a function.
    public static let dynamoDBStreamActions = [
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
    ]

    /// The actions Lambda needs on a Kinesis stream that feeds a function.
    public static let kinesisStreamActions = [
        "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards",
        "kinesis:ListStreams",
    ]

    /// The execution role's access to exactly the streams that feed the function (`stream`
    /// events): DynamoDB streams and Kinesis streams, each kind its own statement.
    public static func streamPolicy(streams: [String]) -> PolicyDocument {
        let dynamoDB = streams.filter { $0.contains(":dynamodb:") }.sorted()
        let kinesis = streams.filter { $0.contains(":kinesis:") }.sorted()
        return PolicyDocument(
            statements: (dynamoDB.isEmpty
                ? [] : [PolicyStatement(sid: "ReadTableStreams", effect: .allow, actions: dynamoDBStreamActions, resources: dynamoDB)])
                + (kinesis.isEmpty
                    ? [] : [PolicyStatement(sid: "ReadKinesisStreams", effect: .allow, actions: kinesisStreamActions, resources: kinesis)]))
    }

    /// The Lambda actions managed layers need: on the layers (publish, read, prune), and
    /// `ListFunctions` (on `*`: it names no resource) to see which versions are still in use.
    public static let layerActions = [
        "lambda:PublishLayerVersion", "lambda:ListLayerVersions", "lambda:GetLayerVersion", "lambda:DeleteLayerVersion",
    ]

    /// The S3 actions artifacts in a deployment bucket need: create and configure the bucket (the
    /// first time), read, upload (multipart) and abort uploads of objects.
    public static let artifactActions = [
        "s3:CreateBucket", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:GetBucketTagging", "s3:PutBucketTagging",
        "s3:PutBucketPublicAccessBlock", "s3:GetBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:PutEncryptionConfiguration",
        "s3:PutLifecycleConfiguration", "s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload",
    ]

    /// The S3 actions `s3` events need on their buckets: read and write the notifications, and
    /// find, create and configure a bucket that does not exist yet (as the artifact bucket is).
    public static let bucketEventActions = [
        "s3:GetBucketNotification", "s3:PutBucketNotification", "s3:ListBucket", "s3:CreateBucket", "s3:GetBucketTagging",
        "s3:PutBucketTagging", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls", "s3:PutEncryptionConfiguration",
    ]

    /// The execution role's own policy: writing logs to the function's log group, nothing else
    /// (what `AWSLambdaBasicExecutionRole` grants, scoped to one function).
    public static func executionRolePolicy(
        functionName: String, region: String, account: String, partition: String = "aws"
    ) -> PolicyDocument {
        let logGroup = "arn:\(partition):logs:\(region):\(account):log-group:/aws/lambda/\(functionName)"
        return PolicyDocument(statements: [
            PolicyStatement(sid: "CreateLogGroup", effect: .allow, actions: ["logs:CreateLogGroup"], resources: [logGroup + ":*"]),
            PolicyStatement(
                sid: "WriteLogs", effect: .allow, actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
                resources: [logGroup + ":log-stream:*"]
            ),
        ])
    }

    /// The policy of a CI deploy user or role: the deploy actions on the named functions (and
    /// their versions and aliases) in one region and account, `iam:PassRole` on the execution role
    /// alone and only to Lambda, and API Gateway on the named REST API (or, before it exists,
    /// creating and listing APIs); with `layers`, the layer actions on those layers; with
    /// `artifactBucket`, the artifact actions on that bucket and its objects; with
    /// `managesLogGroups`, creating the functions' log groups and setting their retention; with
    /// `gatesRollouts`, creating and deleting the alarms a gradual rollout puts on a new version
    /// (named `FUNCTION-…`), reading alarms' states, and reading the functions' logs for a failed
    /// rollout's error lines; with `managesSchedules`, the EventBridge rules of the functions'
    /// `schedule` events and event patterns (named `FUNCTION-schedule-N`, `FUNCTION-event-N`); with `eventBuckets`, the notifications of
    /// those buckets (the functions' `s3` events) and creating them; with `readsExports`, listing the
    /// region's CloudFormation exports (a REST API made elsewhere, named by the export holding its
    /// id: pass that API's id as `restAPIID`); with `resourcesStack`, creating, updating,
    /// reading and deleting that CloudFormation stack (the service's `resources:`; what its
    /// resources need is the template's to grant).
    public static func deployPolicy(
        functions: [String], region: String, account: String, executionRoleARN: String, restAPIID: String? = nil, layers: [String] = [],
        artifactBucket: String? = nil, managesLogGroups: Bool = false, gatesRollouts: Bool = false, managesSchedules: Bool = false,
        eventBuckets: [String] = [], readsExports: Bool = false, resourcesStack: String? = nil, partition: String = "aws"
    ) -> PolicyDocument {
        let functionARNs = functions.flatMap { name in
            let arn = "arn:\(partition):lambda:\(region):\(account):function:\(name)"
            return [arn, arn + ":*"]
        }
        let apiResources: [String]
        let apiActions: [String]
        if let restAPIID {
            apiResources = [
                "arn:\(partition):apigateway:\(region)::/restapis/\(restAPIID)",
                "arn:\(partition):apigateway:\(region)::/restapis/\(restAPIID)/*",
            ]
            apiActions = ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH", "apigateway:DELETE"]
        } else {
            apiResources = ["arn:\(partition):apigateway:\(region)::/restapis", "arn:\(partition):apigateway:\(region)::/restapis/*"]
            apiActions = ["apigateway:GET", "apigateway:POST", "apigateway:PUT", "apigateway:PATCH"]
        }
        var optional: [PolicyStatement] = []
        if !layers.isEmpty {
            let layerARNs = layers.flatMap { name in
                let arn = "arn:\(partition):lambda:\(region):\(account):layer:\(name)"
                return [arn, arn + ":*"]
            }
            optional.append(PolicyStatement(sid: "PublishLayers", effect: .allow, actions: layerActions, resources: layerARNs))
            optional.append(PolicyStatement(sid: "SeeLayerUse", effect: .allow, actions: ["lambda:ListFunctions"], resources: ["*"]))
        }
        if managesLogGroups {
            let groups = functions.map { "arn:\(partition):logs:\(region):\(account):log-group:/aws/lambda/\($0)" }
            optional.append(
                PolicyStatement(
                    sid: "ManageLogGroups", effect: .allow,
                    actions: ["logs:CreateLogGroup", "logs:TagResource", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy"],
                    resources: groups + groups.map { $0 + ":*" }))
            optional.append(
                PolicyStatement(
                    sid: "FindLogGroups", effect: .allow, actions: ["logs:DescribeLogGroups"],
                    resources: ["arn:\(partition):logs:\(region):\(account):log-group:*"]))
        }
        if gatesRollouts {
            let alarms = "arn:\(partition):cloudwatch:\(region):\(account):alarm:"
            optional.append(
                PolicyStatement(
                    sid: "RolloutAlarms", effect: .allow,
                    actions: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:TagResource"],
                    resources: functions.map { alarms + $0 + "-*" }))
            optional.append(
                PolicyStatement(sid: "ReadAlarms", effect: .allow, actions: ["cloudwatch:DescribeAlarms"], resources: [alarms + "*"]))
            // A failed rollout's report quotes the new version's error lines.
            optional.append(
                PolicyStatement(
                    sid: "ReadRolloutLogs", effect: .allow, actions: ["logs:FilterLogEvents"],
                    resources: functions.map { "arn:\(partition):logs:\(region):\(account):log-group:/aws/lambda/\($0):*" }))
        }
        if managesSchedules {
            let rules = "arn:\(partition):events:\(region):\(account):rule/"
            optional.append(
                PolicyStatement(
                    sid: "ManageSchedules", effect: .allow,
                    actions: [
                        "events:PutRule", "events:DeleteRule", "events:PutTargets", "events:RemoveTargets", "events:ListTargetsByRule",
                        "events:TagResource",
                    ],
                    resources: functions.flatMap { [rules + $0 + "-schedule-*", rules + $0 + "-event-*"] }))
            optional.append(PolicyStatement(sid: "FindSchedules", effect: .allow, actions: ["events:ListRules"], resources: [rules + "*"]))
        }
        if !eventBuckets.isEmpty {
            optional.append(
                PolicyStatement(
                    sid: "WireBucketEvents", effect: .allow, actions: bucketEventActions,
                    resources: eventBuckets.sorted().map { "arn:\(partition):s3:::\($0)" }))
        }
        if readsExports {
            // `ListExports` names no resource.
            optional.append(PolicyStatement(sid: "ReadExports", effect: .allow, actions: ["cloudformation:ListExports"], resources: ["*"]))
        }
        if let resourcesStack {
            // The stack's own resources are created with the deployer's permissions too: grant those the template needs.
            optional.append(
                PolicyStatement(
                    sid: "ManageResourcesStack", effect: .allow,
                    actions: [
                        "cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DeleteStack",
                        "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents", "cloudformation:GetTemplate",
                    ],
                    resources: ["arn:\(partition):cloudformation:\(region):\(account):stack/\(resourcesStack)/*"]))
        }
        if let artifactBucket {
            let bucket = "arn:\(partition):s3:::\(artifactBucket)"
            optional.append(
                PolicyStatement(sid: "StoreArtifacts", effect: .allow, actions: artifactActions, resources: [bucket, bucket + "/*"]))
        }
        return PolicyDocument(
            statements: [
                PolicyStatement(sid: "DeployFunctions", effect: .allow, actions: deployActions, resources: functionARNs),
                PolicyStatement(
                    sid: "PassExecutionRole", effect: .allow, actions: ["iam:PassRole"], resources: [executionRoleARN],
                    conditions: ["StringEquals": ["iam:PassedToService": ["lambda.amazonaws.com"]]]
                ),
                PolicyStatement(sid: "WireAPIGateway", effect: .allow, actions: apiActions, resources: apiResources),
                // Event source mappings name no function in their ARN: read on `*` (the plan lists them
                // on every deploy), written only for these functions (`lambda:FunctionArn`).
                PolicyStatement(
                    sid: "SeeEventSources", effect: .allow, actions: ["lambda:ListEventSourceMappings", "lambda:GetEventSourceMapping"],
                    resources: ["*"]),
                PolicyStatement(
                    sid: "WireEventSources", effect: .allow,
                    actions: ["lambda:CreateEventSourceMapping", "lambda:UpdateEventSourceMapping", "lambda:DeleteEventSourceMapping"],
                    resources: ["*"], conditions: ["ArnLike": ["lambda:FunctionArn": functionARNs]]),
                PolicyStatement(sid: "CheckCredentials", effect: .allow, actions: ["sts:GetCallerIdentity"], resources: ["*"]),
            ] + optional)
    }
}
