extension CloudFormationTemplate {
    /// A bucket the stack creates for `s3` events: the notifications every function sends it, and
    /// the permissions (logical ids) it waits for — S3 checks a destination may be invoked when the
    /// notification is written.
    struct EventBucket {
        var configurations: [[String: Any]] = []
        var permissions: [String] = []
    }

    /// The function's `s3` events: per bucket, the permission letting it invoke the alias (with the
    /// bucket's ARN and the account), and one `LambdaConfigurations` entry per event type on the
    /// bucket the stack creates. A template cannot change the notifications of a bucket it does not
    /// create (`existing: true`): refused.
    mutating func addBucketEvents(_ function: FunctionDeployment, id: String) throws {
        for event in function.bucketEvents {
            guard !event.isExisting else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "\(function.name): the s3 event on the existing bucket \(event.bucket) cannot be exported: a CloudFormation "
                        + "template only configures the notifications of buckets it creates.",
                    fix: "Deploy it with the pipeline, export to Terraform (aws_s3_bucket_notification), or let the stack create the "
                        + "bucket (leave out `existing: true`).")
            }
            let permission = "\(id)S3Permission\(CloudFormationExport.logicalID(event.bucket))"
            resources[permission] = [
                "Type": "AWS::Lambda::Permission",
                "Properties": [
                    "FunctionName": Self.ref(id + "Alias"), "Action": "lambda:InvokeFunction", "Principal": "s3.amazonaws.com",
                    "SourceArn": Self.sub("arn:${AWS::Partition}:s3:::\(event.bucket)"), "SourceAccount": Self.ref("AWS::AccountId"),
                ] as [String: Any],
            ]
            var bucket = eventBuckets[event.bucket] ?? EventBucket()
            if !bucket.permissions.contains(permission) { bucket.permissions.append(permission) }
            let rules = [("prefix", event.prefix), ("suffix", event.suffix)].compactMap { name, value in
                value.map { ["Name": name, "Value": $0] }
            }
            for type in event.events {
                var configuration: [String: Any] = ["Event": type, "Function": Self.ref(id + "Alias")]
                if !rules.isEmpty { configuration["Filter"] = ["S3Key": ["Rules": rules]] }
                bucket.configurations.append(configuration)
            }
            eventBuckets[event.bucket] = bucket
        }
    }

    /// A permission per Alexa skill, its id the event source token.
    mutating func addAlexaSkills(_ function: FunctionDeployment, id: String) {
        for (index, skill) in function.alexaSkills.enumerated() {
            resources["\(id)AlexaPermission\(index + 1)"] = [
                "Type": "AWS::Lambda::Permission",
                "Properties": [
                    "FunctionName": Self.ref(id + "Alias"), "Action": "lambda:InvokeFunction", "Principal": skill.kind.rawValue,
                    "EventSourceToken": skill.skillID,
                ] as [String: Any],
            ]
        }
    }

    /// The buckets gathered from every function, private, encrypted and tagged as the pipeline
    /// creates them, and kept when the stack is deleted (they hold the application's objects).
    func bucketResources() -> [String: Any] {
        var resources: [String: Any] = [:]
        for (name, bucket) in eventBuckets {
            resources["Bucket" + CloudFormationExport.logicalID(name)] = [
                "Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                "DependsOn": bucket.permissions.sorted(),
                "Properties": [
                    "BucketName": name,
                    "PublicAccessBlockConfiguration": [
                        "BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true,
                    ],
                    "OwnershipControls": ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]],
                    "BucketEncryption": [
                        "ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"]]]
                    ],
                    "NotificationConfiguration": ["LambdaConfigurations": bucket.configurations],
                    "Tags": Self.tags(nil),
                ] as [String: Any],
            ]
        }
        return resources
    }
}
