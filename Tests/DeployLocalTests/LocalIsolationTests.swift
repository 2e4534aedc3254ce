import DeployTestSupport
import DeployZip
import Foundation
import Testing

@testable import DeployLocal

/// What a local run must never do: write outside the unpacked package, or hand the deployer's
/// credentials to the handler.
@Suite("Local runs: isolation")
struct LocalIsolationTests {
    /// Writes a zip whose entries are `(name, text, link target or nil)`, in order, with Python's
    /// `zipfile` (our writer makes no links pointing outside a tree, by design).
    static func zip(_ entries: [(String, String, String?)]) async throws -> String {
        let path = NSTemporaryDirectory() + "slip-\(UUID().uuidString).zip"
        let script = """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as archive:
                for name, text, target in json.load(sys.stdin):
                    info = zipfile.ZipInfo(name)
                    info.create_system = 3
                    if target is None:
                        info.external_attr = 0o100644 << 16
                        archive.writestr(info, text)
                    else:
                        info.external_attr = 0o120777 << 16
                        archive.writestr(info, target)
            """
        let input = try JSONSerialization.data(withJSONObject: entries.map { [$0.0, $0.1, $0.2.map { $0 as Any } ?? NSNull()] as [Any] })
        let result = try await ChildProcess.run(["python3", "-c", script, path], input: input)
        #expect(result.status == 0, "\(result.output)")
        return path
    }

    @Test(
        "a symbolic link out of the package, then a file through it: refused, nothing written outside",
        arguments: ["ABSOLUTE", "../../../../../../OUTSIDE", "sub/q/.."])
    func symlinkSlip(_ targetForm: String) async throws {
        let outside = NSTemporaryDirectory() + "outside-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let target = targetForm == "ABSOLUTE" ? outside : targetForm.replacingOccurrences(of: "OUTSIDE", with: String(outside.dropFirst()))
        var entries: [(String, String, String?)] = [("lambda_function.py", "x = 1\n", nil)]
        if targetForm == "sub/q/.." {
            // Each link alone looks harmless lexically; followed, `lnk` is the package's parent.
            entries += [("sub/keep.txt", "", nil), ("sub/q", "", ".."), ("lnk", "", "sub/q/..")]
        } else {
            entries.append(("lnk", "", target))
        }
        entries.append(("lnk/pwned.txt", "owned", nil))
        let zip = try await Self.zip(entries)
        defer { try? FileManager.default.removeItem(atPath: zip) }
        let error = #expect(throws: LocalFunctionError.self) { _ = try PackageFolder.unpack(zip) }
        #expect(error?.kind == .badPackage)
        #expect(error?.message.contains("lnk") == true, "the error names the entry: \(error?.message ?? "")")
        #expect(!FileManager.default.fileExists(atPath: outside + "/pwned.txt"))
        #expect(!FileManager.default.fileExists(atPath: (NSTemporaryDirectory() as NSString).appendingPathComponent("pwned.txt")))
    }

    @Test("links that stay inside the package unpack as links; a file is never written through one")
    func linksInside() async throws {
        let zip = try await Self.zip([
            ("lambda_function.py", "x = 1\n", nil), ("lib/real.py", "y = 2\n", nil), ("alias.py", "", "lambda_function.py"),
            ("lib/up.py", "", "../lambda_function.py"), ("libs", "", "lib"),
        ])
        defer { try? FileManager.default.removeItem(atPath: zip) }
        let folder = try PackageFolder.unpack(zip)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/alias.py") == "lambda_function.py")
        #expect(try String(contentsOfFile: folder + "/lib/up.py", encoding: .utf8) == "x = 1\n")
        #expect(try String(contentsOfFile: folder + "/libs/real.py", encoding: .utf8) == "y = 2\n")

        let through = try await Self.zip([("libs", "", "lib"), ("lib/a.py", "", nil), ("libs/b.py", "b", nil)])
        defer { try? FileManager.default.removeItem(atPath: through) }
        let error = #expect(throws: LocalFunctionError.self) { _ = try PackageFolder.unpack(through) }
        #expect(error?.message.contains("never written through") == true, "\(error?.message ?? "")")
    }

    @Test("a runtime's captured log is bounded: the oldest output goes first, positions stay absolute")
    func logBounded() {
        let log = LogBuffer()
        let chunk = ArraySlice([UInt8](repeating: UInt8(ascii: "x"), count: 1024 * 1024))
        for _ in 0..<10 { log.append(chunk) }
        log.append(ArraySlice(Array("the end".utf8)))
        let kept = log.bytes.withLock { $0.count }
        #expect(kept <= LogBuffer.limit, "\(kept) bytes kept")
        #expect(log.dropped.withLock { $0 } + kept == 10 * 1024 * 1024 + 7)
        #expect(log.bytes.withLock { String(decoding: $0.suffix(7), as: UTF8.self) } == "the end")
    }

    @Test("the handler's environment: Lambda's variables, the function's own, PATH and a fresh HOME; nothing else of the caller's")
    func environment() throws {
        let configuration = LocalFunctionConfiguration(
            name: "f", package: .directory("/pkg"), handler: "a.b", runtime: "python3.12",
            environment: ["TABLE": "t"])
        let home = NSTemporaryDirectory() + "home-\(UUID().uuidString)"
        let environment = configuration.processEnvironment(runtimeAPI: "127.0.0.1:1", directory: "/pkg", home: home)
        let allowedAWS: Set<String> = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV"]
        let stray = environment.keys.filter { $0.hasPrefix("AWS_") && !$0.hasPrefix("AWS_LAMBDA_") && !allowedAWS.contains($0) }
        #expect(stray.isEmpty, "\(stray)")
        #expect(environment["HOME"] == home)
        #expect(environment["TABLE"] == "t")
        let callerOnly = Set(ProcessInfo.processInfo.environment.keys).subtracting([
            "PATH", "LANG", "TZ", "HOME", "PYTHONUNBUFFERED", "PYTHONPATH",
        ])  // Lambda sets these itself
        #expect(callerOnly.isDisjoint(with: environment.keys), "\(callerOnly.intersection(environment.keys))")
    }

    @Test(
        "an invocation's timeout runs from when the runtime takes it: three 1 s invocations queued with a 2 s timeout all succeed",
        .enabled(if: LocalFixture.isAvailable, "python3 -m awslambdaric is not importable"))
    func timeoutExcludesQueueing() async throws {
        let folder = try LocalFixture.folder([
            "slow.py": "import time\n\ndef handler(event, context):\n    time.sleep(1)\n    return {'ok': True}\n"
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = LocalFixture.function(package: .directory(folder), handler: "slow.handler")
        configuration.timeout = 2
        try await withLocalFunction(configuration, logger: LocalFixture.quiet) { function in
            _ = try await function.invoke()  // warm: the runtime's start is not an invocation's either
            try await withThrowingTaskGroup(of: LocalInvocation.self) { group in
                for _ in 0..<3 { group.addTask { try await function.invoke() } }
                var finished = 0
                for try await invocation in group {
                    #expect(String(decoding: invocation.payload, as: UTF8.self).contains("true"))
                    finished += 1
                }
                #expect(finished == 3)
            }
        }
    }

    @Test(
        "a real handler sees no AWS credentials and no file of the caller's home",
        .enabled(if: LocalFixture.isAvailable, "python3 -m awslambdaric is not importable"))
    func handlerSeesNoCredentials() async throws {
        let handler = """
            import json, os

            def handler(event, context):
                home = os.path.expanduser("~")
                return {"aws": sorted(k for k in os.environ if k.startswith("AWS_") and not k.startswith("AWS_LAMBDA_")),
                        "home": home, "files": sorted(os.listdir(home))}
            """
        let folder = try LocalFixture.folder(["probe.py": handler])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let function = LocalFunctionConfiguration(
            name: "probe", package: .directory(folder), handler: "probe.handler", runtime: "python3.12", timeout: 10)
        let seen = try await withLocalFunction(function, logger: LocalFixture.quiet) { try await $0.invoke() }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(seen.payload)) as? [String: Any])
        #expect(
            Set(object["aws"] as? [String] ?? ["?"]).isSubset(of: ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV"]), "\(object)")
        #expect((object["home"] as? String) != ProcessInfo.processInfo.environment["HOME"])
        #expect((object["files"] as? [String]) == [], "the handler's home is empty: \(object)")
    }

    @Test(
        "a timed-out runtime dies with its whole process group: a child the handler started does not outlive it",
        .enabled(if: LocalFixture.isAvailable, "python3 -m awslambdaric is not importable"))
    func timeoutKillsProcessGroup() async throws {
        let pidFile = NSTemporaryDirectory() + "grandchild-\(UUID().uuidString).pid"
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let handler = """
            import subprocess, time

            def handler(event, context):
                child = subprocess.Popen(["sleep", "300"])
                with open("\(pidFile)", "w") as f:
                    f.write(str(child.pid))
                time.sleep(30)
            """
        let folder = try LocalFixture.folder(["spawn.py": handler])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = LocalFixture.function(package: .directory(folder), handler: "spawn.handler")
        configuration.timeout = 1
        let error = try await withLocalFunction(configuration, logger: LocalFixture.quiet) { function in
            try await #require(throws: LocalFunctionError.self) { try await function.invoke() }
        }
        #expect(error.kind == .timedOut, "\(error)")
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)))
        var alive = true
        for _ in 0..<200 where alive {
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
            alive = state != nil && state != "Z"
            if alive { try await Task.sleep(for: .milliseconds(10)) }
        }
        if alive { kill(pid, SIGKILL) }
        #expect(!alive, "the handler's child \(pid) outlived its runtime")
    }
}
