/// The seed project's manifests as typed models: the GitLab pipeline (test → build → deploy)
/// and the `serverless.yml` with one function behind `GET /hello`.
public enum SeedManifests {
    /// What the generated files name.
    public struct Options: Sendable, Hashable {
        /// The Lambda function (`myLambdaFunction`).
        public var functionName: String
        /// The handler's source file, zipped by the build job.
        public var handlerFile: String
        /// The function inside it.
        public var handlerFunction: String
        /// The zip the build job makes (`function.zip`).
        public var artifact: String
        /// The runtime (`python3.12`).
        public var runtime: String
        /// The REST API's name.
        public var apiName: String
        /// The API stage and GitLab environment (`production`).
        public var stage: String
        /// The route (`hello`).
        public var path: String

        /// The seed's names unless given.
        public init(
            functionName: String = "myLambdaFunction", handlerFile: String = "lambda_function.py",
            handlerFunction: String = "lambda_handler", artifact: String = "function.zip", runtime: String = "python3.12",
            apiName: String = "myLambdaFunction-api", stage: String = "production", path: String = "hello"
        ) {
            self.functionName = functionName
            self.handlerFile = handlerFile
            self.handlerFunction = handlerFunction
            self.artifact = artifact
            self.runtime = runtime
            self.apiName = apiName
            self.stage = stage
            self.path = path
        }

        var handler: String {
            let module = handlerFile.split(separator: ".").dropLast().joined(separator: ".")
            return "\(module).\(handlerFunction)"
        }
    }

    /// The `.gitlab-ci.yml`: credentials only from CI/CD variables (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`), the zip declared as the build job's artifact,
    /// the deploy limited to the default branch by `rules`, and the endpoint published to the
    /// `production` environment through a dotenv report.
    public static func gitLabPipeline(_ options: Options = Options()) -> GitLabPipeline {
        let python = GitLabImage(name: "python:\(options.runtime.dropFirst("python".count))")
        var test = GitLabJob(stage: "test", script: ["python -m py_compile \(options.handlerFile)"])
        test.image = python

        var build = GitLabJob(
            stage: "build",
            script: [
                "python -c \"import zipfile; z = zipfile.ZipFile('\(options.artifact)', 'w', zipfile.ZIP_DEFLATED); "
                    + "z.write('\(options.handlerFile)'); z.close()\""
            ])
        build.image = python
        build.artifacts = GitLabArtifacts(paths: [options.artifact], expireIn: "1 week")

        let endpoint = "https://${API_ID}.execute-api.${AWS_REGION}.amazonaws.com/\(options.stage)/\(options.path)"
        var deploy = GitLabJob(
            stage: "deploy",
            script: [
                "aws lambda update-function-code --function-name \"$FUNCTION_NAME\" --zip-file fileb://\(options.artifact)",
                "aws lambda wait function-updated --function-name \"$FUNCTION_NAME\"",
                "API_ID=$(aws apigateway get-rest-apis --query \"items[?name=='$API_NAME'].id\" --output text)",
                "echo \"ENDPOINT_URL=\(endpoint)\" > deploy.env",
                "echo \"GET - \(endpoint)\"",
            ])
        deploy.image = GitLabImage(name: "amazon/aws-cli:2.17.0")
        deploy.needs = [GitLabNeed(job: "build", artifacts: true)]
        deploy.rules = [GitLabRule(if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH")]
        deploy.environment = GitLabEnvironment(name: options.stage, url: "$ENDPOINT_URL")
        deploy.artifacts = GitLabArtifacts(reports: GitLabArtifactReports(dotenv: ["deploy.env"]))
        deploy.resourceGroup = options.stage

        return GitLabPipeline(
            stages: ["test", "build", "deploy"],
            variables: [
                Named(name: "FUNCTION_NAME", value: GitLabVariable(value: options.functionName)),
                Named(name: "API_NAME", value: GitLabVariable(value: options.apiName)),
                // The CLI reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from the project's CI/CD
                // variables; only the region is passed on, by reference.
                Named(name: "AWS_DEFAULT_REGION", value: GitLabVariable(value: "$AWS_REGION")),
            ],
            jobs: [Named(name: "test", value: test), Named(name: "build", value: build), Named(name: "deploy", value: deploy)])
    }

    /// The `serverless.yml`: function `hello` behind `GET /hello` with CORS, packaging only the handler.
    public static func serverless(_ options: Options = Options(), service: String = "my-lambda-service") -> ServerlessConfiguration {
        var provider = ServerlessProvider(
            runtime: options.runtime, region: "${opt:region, env:AWS_REGION, 'us-east-1'}", stage: "${opt:stage, '\(options.stage)'}")
        provider.memorySize = .value(128)
        provider.timeout = .value(10)
        var function = ServerlessFunction(
            handler: options.handler, events: [.http(HTTPEvent(method: "get", path: options.path, cors: .enabled))])
        function.name = options.functionName
        var configuration = ServerlessConfiguration(
            service: service, provider: provider, functions: [Named(name: "hello", value: function)])
        configuration.frameworkVersion = "3"
        configuration.package = ServerlessPackage(patterns: ["!**", options.handlerFile])
        return configuration
    }
}
