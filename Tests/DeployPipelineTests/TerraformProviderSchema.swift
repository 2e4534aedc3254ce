/// The AWS provider's documented arguments for the resource and data source types the Terraform
/// export writes, taken from the provider's documentation (`website/docs/r/*.html.markdown` and
/// `website/docs/d/*`) of hashicorp/aws 6.42.0 (the registry's
/// `registry.terraform.io/providers/hashicorp/aws/6.42.0/docs/resources/…` pages). Terraform
/// cannot be installed here, so the export is checked against this table instead of by
/// `terraform validate`.
///
/// Per type: the required arguments, the optional ones, the nested blocks with their arguments,
/// and the attributes other resources may reference. `region` is every resource's optional
/// argument since 6.0.
struct TerraformProviderSchema {
    struct Entry {
        var required: Set<String>
        var optional: Set<String>
        var blocks: [String: Set<String>] = [:]
        var attributes: Set<String> = []
    }

    static let version = "6.42.0"

    /// Terraform's own arguments, valid on every resource.
    static let metaArguments: Set<String> = ["depends_on", "count", "for_each", "provider", "lifecycle"]

    static let resources: [String: Entry] = [
        "aws_lambda_function": Entry(
            required: ["function_name", "role"],
            optional: [
                "architectures", "code_signing_config_arn", "description", "filename", "handler", "image_uri", "kms_key_arn", "layers",
                "memory_size", "package_type", "publish", "region", "replace_security_groups_on_destroy", "replacement_security_group_ids",
                "reserved_concurrent_executions", "runtime", "s3_bucket", "s3_key", "s3_object_version", "skip_destroy", "source_code_hash",
                "tags", "timeout",
            ],
            blocks: [
                "dead_letter_config": ["target_arn"], "environment": ["variables"], "ephemeral_storage": ["size"],
                "file_system_config": ["arn", "local_mount_path"], "image_config": ["command", "entry_point", "working_directory"],
                "logging_config": ["application_log_level", "log_format", "log_group", "system_log_level"], "snap_start": ["apply_on"],
                "tracing_config": ["mode"], "vpc_config": ["ipv6_allowed_for_dual_stack", "security_group_ids", "subnet_ids"],
            ],
            attributes: ["arn", "invoke_arn", "qualified_arn", "qualified_invoke_arn", "version", "function_name", "code_sha256"]),
        "aws_lambda_alias": Entry(
            required: ["name", "function_name", "function_version"], optional: ["description", "region"],
            blocks: ["routing_config": ["additional_version_weights"]], attributes: ["arn", "invoke_arn", "name", "function_name"]),
        "aws_lambda_permission": Entry(
            required: ["action", "function_name", "principal"],
            optional: [
                "event_source_token", "function_url_auth_type", "invoked_via_function_url", "principal_org_id", "qualifier", "region",
                "source_account", "source_arn", "statement_id", "statement_id_prefix",
            ]),
        "aws_s3_bucket": Entry(
            required: [], optional: ["bucket", "bucket_prefix", "force_destroy", "object_lock_enabled", "region", "tags"],
            attributes: ["arn", "bucket", "id", "bucket_domain_name", "bucket_regional_domain_name", "hosted_zone_id"]),
        "aws_s3_bucket_public_access_block": Entry(
            required: ["bucket"],
            optional: [
                "block_public_acls", "block_public_policy", "ignore_public_acls", "region", "restrict_public_buckets", "skip_destroy",
            ]),
        "aws_s3_bucket_ownership_controls": Entry(required: ["bucket"], optional: ["region"], blocks: ["rule": ["object_ownership"]]),
        "aws_s3_bucket_server_side_encryption_configuration": Entry(
            required: ["bucket"], optional: ["expected_bucket_owner", "region"],
            blocks: ["rule": ["apply_server_side_encryption_by_default", "bucket_key_enabled"]]),
        "aws_s3_bucket_notification": Entry(
            required: ["bucket"], optional: ["eventbridge", "region"],
            blocks: [
                "lambda_function": ["events", "filter_prefix", "filter_suffix", "id", "lambda_function_arn"],
                "queue": ["events", "filter_prefix", "filter_suffix", "id", "queue_arn"],
                "topic": ["events", "filter_prefix", "filter_suffix", "id", "topic_arn"],
            ]),
        "aws_lambda_function_url": Entry(
            required: ["function_name", "authorization_type"], optional: ["qualifier", "invoke_mode", "region"],
            blocks: ["cors": ["allow_credentials", "allow_headers", "allow_methods", "allow_origins", "expose_headers", "max_age"]],
            attributes: ["function_url", "url_id", "function_arn"]),
        "aws_lambda_layer_version": Entry(
            required: ["layer_name"],
            optional: [
                "compatible_architectures", "compatible_runtimes", "description", "filename", "license_info", "region", "s3_bucket",
                "s3_key", "s3_object_version", "skip_destroy", "source_code_hash",
            ],
            attributes: ["arn", "layer_arn", "version"]),
        "aws_lambda_provisioned_concurrency_config": Entry(
            required: ["function_name", "provisioned_concurrent_executions", "qualifier"], optional: ["region", "skip_destroy"]),
        "aws_lambda_event_source_mapping": Entry(
            required: ["function_name"],
            optional: [
                "batch_size", "bisect_batch_on_function_error", "enabled", "event_source_arn", "function_response_types", "kms_key_arn",
                "maximum_batching_window_in_seconds", "maximum_record_age_in_seconds", "maximum_retry_attempts",
                "parallelization_factor", "queues", "region", "starting_position", "starting_position_timestamp", "tags",
                "topics", "tumbling_window_in_seconds",
            ],
            blocks: ["scaling_config": ["maximum_concurrency"], "filter_criteria": ["filter"], "destination_config": ["on_failure"]],
            attributes: ["arn", "uuid"]),
        "aws_iam_role": Entry(
            required: ["assume_role_policy"],
            optional: [
                "description", "force_detach_policies", "max_session_duration", "name", "name_prefix", "path", "permissions_boundary",
                "tags",
            ],
            attributes: ["arn", "id", "name", "unique_id"]),
        "aws_iam_role_policy": Entry(required: ["policy", "role"], optional: ["name", "name_prefix"], attributes: ["id", "name"]),
        "aws_iam_role_policy_attachment": Entry(required: ["role", "policy_arn"], optional: []),
        "aws_cloudwatch_log_group": Entry(
            required: [],
            optional: [
                "deletion_protection_enabled", "kms_key_id", "log_group_class", "name", "name_prefix", "region", "retention_in_days",
                "skip_destroy", "tags",
            ],
            attributes: ["arn", "name"]),
        "aws_api_gateway_rest_api": Entry(
            required: ["name"],
            optional: [
                "api_key_source", "binary_media_types", "body", "description", "disable_execute_api_endpoint", "fail_on_warnings",
                "minimum_compression_size", "parameters", "policy", "put_rest_api_mode", "region", "tags",
            ],
            blocks: ["endpoint_configuration": ["types", "vpc_endpoint_ids", "ip_address_type"]],
            attributes: ["id", "root_resource_id", "execution_arn", "arn"]),
        "aws_api_gateway_resource": Entry(
            required: ["rest_api_id", "parent_id", "path_part"], optional: ["region"], attributes: ["id", "path"]),
        "aws_api_gateway_method": Entry(
            required: ["rest_api_id", "resource_id", "http_method", "authorization"],
            optional: [
                "api_key_required", "authorization_scopes", "authorizer_id", "operation_name", "region", "request_models",
                "request_parameters", "request_validator_id",
            ],
            attributes: ["id", "http_method"]),
        "aws_api_gateway_integration": Entry(
            required: ["rest_api_id", "resource_id", "http_method", "type"],
            optional: [
                "cache_key_parameters", "cache_namespace", "connection_id", "connection_type", "content_handling", "credentials",
                "integration_http_method", "passthrough_behavior", "region", "request_parameters", "request_templates",
                "timeout_milliseconds", "uri",
            ],
            blocks: ["tls_config": ["insecure_skip_verification"]], attributes: ["id"]),
        "aws_api_gateway_method_response": Entry(
            required: ["rest_api_id", "resource_id", "http_method", "status_code"],
            optional: ["region", "response_models", "response_parameters"], attributes: ["id", "status_code"]),
        "aws_api_gateway_integration_response": Entry(
            required: ["rest_api_id", "resource_id", "http_method", "status_code"],
            optional: ["content_handling", "region", "response_parameters", "response_templates", "selection_pattern"]),
        "aws_api_gateway_deployment": Entry(
            required: ["rest_api_id"], optional: ["description", "region", "triggers", "variables"], attributes: ["id"]),
        "aws_api_gateway_stage": Entry(
            required: ["rest_api_id", "deployment_id", "stage_name"],
            optional: [
                "cache_cluster_enabled", "cache_cluster_size", "client_certificate_id", "description", "documentation_version",
                "region", "tags", "variables", "xray_tracing_enabled",
            ],
            blocks: ["access_log_settings": ["destination_arn", "format"]], attributes: ["id", "invoke_url", "execution_arn"]),
        "aws_apigatewayv2_api": Entry(
            required: ["name", "protocol_type"],
            optional: [
                "api_key_selection_expression", "body", "credentials_arn", "description", "disable_execute_api_endpoint",
                "fail_on_warnings", "ip_address_type", "region", "route_key", "route_selection_expression", "tags", "target", "version",
            ],
            blocks: [
                "cors_configuration": ["allow_credentials", "allow_headers", "allow_methods", "allow_origins", "expose_headers", "max_age"]
            ],
            attributes: ["id", "api_endpoint", "execution_arn", "arn"]),
        "aws_apigatewayv2_stage": Entry(
            required: ["api_id", "name"],
            optional: ["auto_deploy", "client_certificate_id", "deployment_id", "description", "region", "stage_variables", "tags"],
            blocks: [
                "access_log_settings": ["destination_arn", "format"],
                "default_route_settings": [
                    "data_trace_enabled", "detailed_metrics_enabled", "logging_level", "throttling_burst_limit", "throttling_rate_limit",
                ],
            ],
            attributes: ["id", "invoke_url", "execution_arn"]),
        "aws_apigatewayv2_integration": Entry(
            required: ["api_id", "integration_type"],
            optional: [
                "connection_id", "connection_type", "content_handling_strategy", "credentials_arn", "description",
                "integration_method", "integration_subtype", "integration_uri", "passthrough_behavior", "payload_format_version",
                "region", "request_parameters", "request_templates", "template_selection_expression", "timeout_milliseconds",
            ],
            attributes: ["id"]),
        "aws_cloudformation_stack": Entry(
            required: ["name"],
            optional: [
                "capabilities", "disable_rollback", "iam_role_arn", "notification_arns", "on_failure", "parameters", "policy_body",
                "policy_url", "region", "tags", "template_body", "template_url", "timeout_in_minutes",
            ],
            blocks: [:], attributes: ["id", "outputs", "tags_all"]),
        "aws_apigatewayv2_authorizer": Entry(
            required: ["api_id", "authorizer_type", "name"],
            optional: [
                "authorizer_credentials_arn", "authorizer_payload_format_version", "authorizer_result_ttl_in_seconds", "authorizer_uri",
                "enable_simple_responses", "identity_sources", "region",
            ],
            blocks: ["jwt_configuration": ["audience", "issuer"]], attributes: ["id"]),
        "aws_apigatewayv2_route": Entry(
            required: ["api_id", "route_key"],
            optional: [
                "api_key_required", "authorization_scopes", "authorization_type", "authorizer_id", "model_selection_expression",
                "operation_name", "region", "request_models", "route_response_selection_expression", "target",
            ],
            attributes: ["id"]),
        "aws_cloudwatch_event_rule": Entry(
            required: [],
            optional: [
                "description", "event_bus_name", "event_pattern", "force_destroy", "name", "name_prefix", "region", "role_arn",
                "schedule_expression", "state", "tags",
            ],
            attributes: ["arn", "id", "name"]),
        "aws_cloudwatch_event_target": Entry(
            required: ["rule", "arn"],
            optional: ["event_bus_name", "force_destroy", "input", "input_path", "region", "role_arn", "target_id"],
            blocks: ["dead_letter_config": ["arn"], "retry_policy": ["maximum_event_age_in_seconds", "maximum_retry_attempts"]]),
    ]

    static let dataSources: [String: Entry] = [
        "aws_region": Entry(required: [], optional: ["region", "endpoint", "id"], attributes: ["region", "name", "id"]),
        "aws_caller_identity": Entry(required: [], optional: [], attributes: ["account_id", "arn", "user_id"]),
        "aws_partition": Entry(required: [], optional: [], attributes: ["partition", "dns_suffix"]),
        "aws_secretsmanager_secret_version": Entry(
            required: ["secret_id"], optional: ["region", "version_id", "version_stage"], attributes: ["secret_string", "arn"]),
    ]
}
