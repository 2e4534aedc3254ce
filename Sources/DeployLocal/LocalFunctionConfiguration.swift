import DeploySigV4
import Foundation

/// A function to run locally: its package and the configuration Lambda would give it.
public struct LocalFunctionConfiguration: Sendable {
    /// Where the code is.
    public enum Package: Sendable, Hashable {
        /// The zip the deploy uploads (unpacked into a temporary folder, so what runs is what ships).
        case archive(String)
        /// A folder, used as it is.
        case directory(String)
    }

    /// The function's name (`AWS_LAMBDA_FUNCTION_NAME`).
    public var name: String
    /// Where the code is.
    public var package: Package
    /// `lambda_function.lambda_handler`; for a custom runtime, passed to `bootstrap` as `_HANDLER`.
    public var handler: String
    /// `python3.x` (run with `awslambdaric`) or `provided.*` (the package's `bootstrap`).
    public var runtime: String
    /// The function's own variables.
    public var environment: [String: String]
    /// Seconds before the invocation is stopped, as Lambda's `Timeout` (default 3).
    public var timeout: Int
    /// `AWS_LAMBDA_FUNCTION_MEMORY_SIZE` (not enforced).
    public var memorySize: Int
    /// `AWS_REGION` and `AWS_DEFAULT_REGION`.
    public var region: String
    /// Passed to the function as `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`/`AWS_SESSION_TOKEN`
    /// only when given; by default the function gets no credentials.
    public var credentials: Credentials?
    /// The Python that runs `awslambdaric` (it must be importable there).
    public var python: String

    /// A function; by default 3 s timeout, 128 MB, us-east-1, no credentials.
    public init(
        name: String, package: Package, handler: String, runtime: String, environment: [String: String] = [:], timeout: Int = 3,
        memorySize: Int = 128, region: String = "us-east-1", credentials: Credentials? = nil, python: String = "python3"
    ) {
        self.name = name
        self.package = package
        self.handler = handler
        self.runtime = runtime
        self.environment = environment
        self.timeout = timeout
        self.memorySize = memorySize
        self.region = region
        self.credentials = credentials
        self.python = python
    }

    var arn: String { "arn:aws:lambda:\(region):123456789012:function:\(name)" }

    /// The command that starts the runtime in the package folder.
    func command(in directory: String) throws(LocalFunctionError) -> [String] {
        if runtime.hasPrefix("python") { return [python, "-m", "awslambdaric", handler] }
        if runtime.hasPrefix("provided") { return [directory + "/bootstrap"] }
        throw LocalFunctionError(
            kind: .unsupportedRuntime,
            message:
                "runtime \(runtime) cannot run locally yet: use a python3.x runtime or a custom runtime (provided.al2023) with a bootstrap",
            log: "")
    }

    /// What Lambda sets, then the function's own variables, then credentials when passed; nothing
    /// else of the caller's environment but `PATH` (to find the interpreter), and `HOME` is `home`,
    /// a fresh empty folder, so the deployer's `~/.aws` and `AWS_*` variables never reach the handler.
    func processEnvironment(runtimeAPI: String, directory: String, home: String) -> [String: String] {
        var environment: [String: String] = [
            "AWS_LAMBDA_RUNTIME_API": runtimeAPI, "AWS_LAMBDA_FUNCTION_NAME": name, "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(memorySize), "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(name)",
            "AWS_LAMBDA_LOG_STREAM_NAME": "local/[$LATEST]local", "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": region, "AWS_DEFAULT_REGION": region, "AWS_EXECUTION_ENV": "AWS_Lambda_\(runtime)",
            "_HANDLER": handler, "LAMBDA_TASK_ROOT": directory, "LAMBDA_RUNTIME_DIR": directory, "TZ": ":UTC", "LANG": "en_US.UTF-8",
            "PATH": "/usr/local/bin:/usr/bin:/bin", "PYTHONUNBUFFERED": "1", "PYTHONPATH": directory,
        ]
        // The interpreter must be found where the caller's PATH finds it (a virtualenv, pyenv).
        if let path = ProcessInfo.processInfo.environment["PATH"] { environment["PATH"] = path }
        environment["HOME"] = home
        for (key, value) in self.environment { environment[key] = value }
        if let credentials {
            environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
            environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
            environment["AWS_SESSION_TOKEN"] = credentials.sessionToken
        }
        return environment
    }
}
