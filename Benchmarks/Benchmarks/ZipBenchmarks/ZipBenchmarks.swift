import Benchmark
import DeployZip
import Foundation
import ZIPFoundation

// DeploymentPackage against its peers on the three corpora of shared/bench/make_zip_corpus.sh,
// in the same run: Info-ZIP `zip -r -q -6`, Python's zipfile (deflate level 6), ZIPFoundation.
//
//   bash ../../shared/bench/make_zip_corpus.sh /tmp/lambdadeploykit-zip-corpus
//   swift build -c release --product ZipTool --static-swift-stdlib --scratch-path .build-static
//   ZIP_TOOL=.build-static/release/ZipTool ZIP_CORPUS_DIR=/tmp/lambdadeploykit-zip-corpus \
//     swift package benchmark --target ZipBenchmarks
//
// Every tool also runs as a child process under /usr/bin/time (wall time and peak RSS in KiB,
// reported through custom metrics); DeploymentPackage does so through ZipTool, built beside this
// target (`swift build -c release --product ZipTool`). In-process runs measure wall and CPU time
// only, and on a 2-core Linux machine they see one core: the runner waits for an async benchmark
// by blocking a thread of Swift's global executor (and the peak-memory sampler parks another in
// usleep), so a parallel compressor is measured serially there. The process runs are the fair,
// side-by-side comparison.

let corpusRoot = ProcessInfo.processInfo.environment["ZIP_CORPUS_DIR"] ?? "/tmp/lambdadeploykit-zip-corpus"
let scratch = NSTemporaryDirectory() + "lambdadeploykit-zip-bench"
let outputBytes = BenchmarkMetric.custom("output bytes", polarity: .prefersSmaller, useScalingFactor: false)
let childPeakKiB = BenchmarkMetric.custom("child peak RSS (KiB)", polarity: .prefersSmaller, useScalingFactor: false)

let pythonZipfile = """
    import os, sys, zipfile
    root, out = sys.argv[1], sys.argv[2]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            if folder != root:  # folder entries too, as zip -r and DeploymentPackage write them
                z.write(folder, os.path.relpath(folder, root) + "/")
            for name in sorted(files):
                path = os.path.join(folder, name)
                z.write(path, os.path.relpath(path, root))
    """

/// Runs a command under /usr/bin/time and returns the child's peak RSS in KiB.
func runMeasured(_ arguments: [String], in directory: String) -> Int {
    let report = scratch + "/time.txt"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "%M", "-o", report] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    try! process.run()
    process.waitUntilExit()
    precondition(process.terminationStatus == 0, "\(arguments[0]) failed")
    return Int((try? String(contentsOfFile: report, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
}

/// ZipTool: `ZIP_TOOL` when set (a build with `--static-swift-stdlib`, as Swift tools ship on Linux:
/// 5 ms to start instead of 10 ms), otherwise the one built next to this benchmark's executable.
let zipTool: String = {
    if let path = ProcessInfo.processInfo.environment["ZIP_TOOL"], !path.isEmpty { return URL(fileURLWithPath: path).path }
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("ZipTool").path
}()

func size(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
}

let benchmarks: @Sendable () -> Void = {
    let corpora = ["small", "deps", "binary"].filter { FileManager.default.fileExists(atPath: corpusRoot + "/" + $0) }
    guard !corpora.isEmpty else {
        print("ZipBenchmarks: no corpus at \(corpusRoot); build it with shared/bench/make_zip_corpus.sh and set ZIP_CORPUS_DIR")
        return
    }
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, outputBytes], warmupIterations: 1, scalingFactor: .one,
        maxDuration: .seconds(20), maxIterations: 10
    )
    let peerConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, outputBytes, childPeakKiB], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(20),
        maxIterations: 10
    )

    for corpus in corpora {
        let source = corpusRoot + "/" + corpus

        Benchmark("DeploymentPackage \(corpus)", configuration: configuration) { benchmark in
            let destination = scratch + "/deploykit-\(corpus).zip"
            for _ in benchmark.scaledIterations {
                blackHole(try await DeploymentPackage.build(from: source, to: destination))
            }
            benchmark.measurement(outputBytes, size(destination))
        }

        /// A tool run as a child process: wall time, output size and peak RSS.
        func processBenchmark(_ name: String, output: String, command: [String]) {
            Benchmark("\(name) \(corpus)", configuration: peerConfiguration) { benchmark in
                let destination = scratch + "/\(output)-\(corpus).zip"
                var peak = 0
                for _ in benchmark.scaledIterations {
                    try? FileManager.default.removeItem(atPath: destination)
                    peak = max(peak, runMeasured(command.map { $0 == "DESTINATION" ? destination : $0 }, in: source))
                }
                benchmark.measurement(outputBytes, size(destination))
                benchmark.measurement(childPeakKiB, peak)
            }
        }
        processBenchmark("ZipTool (DeploymentPackage) process", output: "ziptool", command: [zipTool, source, "DESTINATION"])
        processBenchmark("zip -r -q -6", output: "infozip", command: ["zip", "-r", "-q", "-6", "DESTINATION", "."])
        processBenchmark("Python zipfile level 6", output: "python", command: ["python3", "-c", pythonZipfile, source, "DESTINATION"])

        if corpus == "deps" {
            incrementalBenchmarks(source: source, configuration: peerConfiguration)
            interleavedBenchmark(source: source)
        }

        Benchmark("ZIPFoundation \(corpus)", configuration: configuration) { benchmark in
            let destination = URL(fileURLWithPath: scratch + "/zipfoundation-\(corpus).zip")
            for _ in benchmark.scaledIterations {
                try? FileManager.default.removeItem(at: destination)
                try FileManager.default.zipItem(
                    at: URL(fileURLWithPath: source), to: destination, shouldKeepParent: false, compressionMethod: .deflate)
            }
            benchmark.measurement(outputBytes, size(destination.path))
        }
    }
}

/// One file changed between builds, on a copy of `source`: ZipTool reusing the previous archive
/// (and its index) against a fresh ZipTool build and `zip -r -q -6` of the same tree, each a child
/// process, each iteration flipping one byte of the same file (its size stays, its content changes).
func incrementalBenchmarks(source: String, configuration: Benchmark.Configuration) {
    let tree = scratch + "/deps-tree"
    let changed = tree + "/incremental-marker.py"
    func prepare() {
        guard !FileManager.default.fileExists(atPath: tree) else { return }
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/bin/cp")
        copy.arguments = ["-a", source, tree]
        try! copy.run()
        copy.waitUntilExit()
        FileManager.default.createFile(atPath: changed, contents: Data(String(repeating: "VALUE = 0\n", count: 400).utf8))
        // The copy's writeback would otherwise run during the first measurements.
        let sync = Process()
        sync.executableURL = URL(fileURLWithPath: "/bin/sync")
        try! sync.run()
        sync.waitUntilExit()
    }
    func changeOneFile() {
        var bytes = try! Data(contentsOf: URL(fileURLWithPath: changed))
        bytes[8] = UInt8(ascii: "0") + (bytes[8] - UInt8(ascii: "0") + 1) % 10
        try! bytes.write(to: URL(fileURLWithPath: changed))
    }
    func tool(_ name: String, output: String, _ command: @escaping (String) -> [String], before: @escaping (String) -> Void = { _ in }) {
        Benchmark("\(name) deps, one file changed", configuration: configuration) { benchmark in
            prepare()
            let destination = scratch + "/\(output).zip"
            before(destination)
            var peak = 0
            for _ in benchmark.scaledIterations {
                changeOneFile()
                if output != "incremental" { try? FileManager.default.removeItem(atPath: destination) }
                peak = max(peak, runMeasured(command(destination), in: tree))
            }
            benchmark.measurement(outputBytes, size(destination))
            benchmark.measurement(childPeakKiB, peak)
        }
    }
    tool("ZipTool reusing the previous archive", output: "incremental", { [zipTool, tree, $0, "--reusing", $0] }) { destination in
        // The CI cache's state: the previous build's archive and index (made once, before the first sample).
        guard !FileManager.default.fileExists(atPath: destination + ".index") else { return }
        _ = runMeasured([zipTool, tree, destination, "--reusing", destination], in: tree)
    }
    tool("ZipTool fresh", output: "fresh") { [zipTool, tree, $0] }
    tool("zip -r -q -6", output: "infozip-incremental") { ["zip", "-r", "-q", "-6", $0, "."] }
    // What verifying the tree by content costs by itself — the walk, every file read and hashed, nothing compressed,
    // copied or written, one thread: the floor under any incremental build that never trusts modification times.
    tool("ZipTool --fingerprint (the content check alone)", output: "fingerprint") { _ in [zipTool, "--fingerprint", tree] }
}

/// ZipTool and `zip -r -q -6` taking turns on the deps corpus, as a CI machine runs one job after
/// another: each iteration runs zip, ZipTool, zip, ZipTool without flushing to stable storage,
/// and records each one's wall time. The flush before the rename waits for the disk, and in turns
/// the disk is still busy with the peer's output.
func interleavedBenchmark(source: String) {
    let zipTime = BenchmarkMetric.custom("zip -r -q -6 wall (ms)", polarity: .prefersSmaller, useScalingFactor: false)
    let toolTime = BenchmarkMetric.custom("ZipTool wall (ms)", polarity: .prefersSmaller, useScalingFactor: false)
    let unsyncedTime = BenchmarkMetric.custom("ZipTool --no-sync wall (ms)", polarity: .prefersSmaller, useScalingFactor: false)
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, zipTime, toolTime, unsyncedTime], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(60),
        maxIterations: 10)
    Benchmark("interleaved: zip, ZipTool, zip, ZipTool --no-sync deps", configuration: configuration) { benchmark in
        func timed(_ command: [String]) -> Int {
            let start = ContinuousClock.now
            _ = runMeasured(command, in: source)
            let elapsed = ContinuousClock.now - start
            return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        }
        for _ in benchmark.scaledIterations {
            for destination in ["infozip-turns", "ziptool-turns", "ziptool-nosync-turns"] {
                try? FileManager.default.removeItem(atPath: scratch + "/\(destination).zip")
            }
            benchmark.measurement(zipTime, timed(["zip", "-r", "-q", "-6", scratch + "/infozip-turns.zip", "."]))
            benchmark.measurement(toolTime, timed([zipTool, source, scratch + "/ziptool-turns.zip"]))
            try? FileManager.default.removeItem(atPath: scratch + "/infozip-turns.zip")
            _ = timed(["zip", "-r", "-q", "-6", scratch + "/infozip-turns.zip", "."])
            benchmark.measurement(unsyncedTime, timed([zipTool, source, scratch + "/ziptool-nosync-turns.zip", "--no-sync"]))
        }
    }
}
