extension TerraformConfiguration {
    /// The function's `s3` events: per bucket, the `aws_lambda_permission` letting it invoke the
    /// alias (the bucket's ARN and the account), a `lambda_function` block per event in the
    /// bucket's one `aws_s3_bucket_notification`, and — unless the event says `existing` — the
    /// bucket, private (public access blocked, owner-enforced) and encrypted as the pipeline creates it.
    ///
    /// `aws_s3_bucket_notification` holds a bucket's whole notification configuration: on an
    /// existing bucket, notifications that others configured outside this configuration are replaced.
    mutating func addBucketEvents(_ function: FunctionDeployment, name: String) {
        for (index, event) in function.bucketEvents.enumerated() {
            let bucket = Self.name(event.bucket)
            data["aws_partition", default: [:]]["current"] = [:]
            data["aws_caller_identity", default: [:]]["current"] = [:]
            let permission = "\(name)_s3_\(bucket)"
            add(
                "aws_lambda_permission", permission,
                [
                    "statement_id": BucketEventResource.statementID(event.bucket), "action": "lambda:InvokeFunction",
                    "function_name": "${aws_lambda_alias.\(name).function_name}", "qualifier": "${aws_lambda_alias.\(name).name}",
                    "principal": "s3.amazonaws.com",
                    "source_arn": "arn:${data.aws_partition.current.partition}:s3:::\(Self.literal(event.bucket))",
                    "source_account": "${data.aws_caller_identity.current.account_id}",
                ])
            if !event.isExisting, !contains("aws_s3_bucket", bucket) { addPrivateBucket(event.bucket) }
            var notification =
                resources["aws_s3_bucket_notification"]?[bucket] ?? [
                    "bucket": event.isExisting ? Self.literal(event.bucket) : "${aws_s3_bucket.\(bucket).id}", "lambda_function": [Any](),
                    "depends_on": [String](),
                ]
            var block: [String: Any] = [
                "id": "lambdadeploykit-\(Self.literal(function.name))-\(Self.literal(function.alias))-\(index + 1)",
                "lambda_function_arn": "${aws_lambda_alias.\(name).arn}", "events": event.events,
            ]
            block["filter_prefix"] = event.prefix.map(Self.literal)
            block["filter_suffix"] = event.suffix.map(Self.literal)
            notification["lambda_function"] = (notification["lambda_function"] as? [Any] ?? []) + [block]
            let dependencies = notification["depends_on"] as? [String] ?? []
            let address = "aws_lambda_permission.\(permission)"
            notification["depends_on"] = dependencies.contains(address) ? dependencies : dependencies + [address]
            add("aws_s3_bucket_notification", bucket, notification)
        }
    }

    /// An `aws_lambda_permission` per Alexa skill, its id the event source token.
    mutating func addAlexaSkills(_ function: FunctionDeployment, name: String) {
        for (index, skill) in function.alexaSkills.enumerated() {
            add(
                "aws_lambda_permission", "\(name)_alexa_\(index + 1)",
                [
                    "statement_id": skill.statementID, "action": "lambda:InvokeFunction",
                    "function_name": "${aws_lambda_alias.\(name).function_name}", "qualifier": "${aws_lambda_alias.\(name).name}",
                    "principal": skill.kind.rawValue, "event_source_token": Self.literal(skill.skillID),
                ])
        }
    }

    /// A bucket as the pipeline creates it: public access blocked, ACLs off, SSE-S3, tagged.
    private mutating func addPrivateBucket(_ bucketName: String) {
        let bucket = Self.name(bucketName)
        let reference = "${aws_s3_bucket.\(bucket).id}"
        add("aws_s3_bucket", bucket, ["bucket": Self.literal(bucketName), "tags": Self.tags(nil)])
        add(
            "aws_s3_bucket_public_access_block", bucket,
            [
                "bucket": reference, "block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true,
                "restrict_public_buckets": true,
            ])
        add("aws_s3_bucket_ownership_controls", bucket, ["bucket": reference, "rule": ["object_ownership": "BucketOwnerEnforced"]])
        add(
            "aws_s3_bucket_server_side_encryption_configuration", bucket,
            ["bucket": reference, "rule": ["apply_server_side_encryption_by_default": ["sse_algorithm": "AES256"]]])
    }
}
