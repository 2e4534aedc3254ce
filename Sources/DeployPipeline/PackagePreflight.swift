import DeployBasics
import DeployCore
import DeploySigV4
import DeployZip
import Foundation

/// The package a function deploys: built (or found), and checked before any upload.
struct BuiltPackage: Sendable {
    /// The zip, never read whole into memory: streamed from here into the request or to S3.
    var path: String
    var size: Int
    var codeSHA256: String
    var detail: String
    /// What it unzips to (Lambda's 250 MB counts this, the layers' included).
    var uncompressedBytes: Int
    /// `false` when it stands for the code of a version whose inputs are unchanged: nothing was
    /// built, and there is no file at ``path``.
    var wasBuilt = true
}

enum PackagePreflight {
    /// Builds the function's zip (or reads the given one) and checks Lambda's rules and the
    /// handler's dependencies; throws a ``DeploymentDiagnosis`` for what the build job got wrong.
    ///
    /// `layers` are the function's managed layers, built: a dependency the project declares may be
    /// in one of them rather than in the function's zip.
    static func package(
        _ function: FunctionDeployment, workDirectory: String, layers: [BuiltPackage] = []
    ) async throws -> BuiltPackage {
        let destination = function.artifactPath ?? (workDirectory as NSString).appendingPathComponent("\(function.name).zip")
        let options = DeploymentPackage.Options(handler: function.handler, runtime: function.runtime)
        switch function.source {
        case .archive(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw DeploymentDiagnosis.artifactMissing(path) }
            // A zip made elsewhere: check what DeploymentPackage checks when it builds, reading it in pieces.
            let archive = try DeploymentArchive(contentsOf: path)
            try archive.verify()
            _ = try archive.checkLambdaRules(handler: function.handler, runtime: function.runtime)
            let (size, digest) = try hash(path)
            return BuiltPackage(
                path: path, size: size, codeSHA256: digest.base64String, detail: "using \(path)",
                uncompressedBytes: archive.uncompressedBytes)
        case .directory(let folder, let patterns):
            var withPatterns = options
            withPatterns.patterns = patterns
            // The build checks the handler's file and the size limits, and hashes while it writes.
            let summary = try await DeploymentPackage.build(from: folder, to: destination, options: withPatterns)
            let package = built(summary, at: destination)
            var paths = try DeploymentArchive(contentsOf: destination).entries.map(\.path)
            for layer in layers { paths += try layerPaths(layer.path) }
            let missing = missingDependencies(source: folder, paths: paths)
            if !missing.isEmpty {
                throw DeploymentDiagnosis(
                    kind: .buildError, summary: "the package lacks dependencies the project declares: \(missing.joined(separator: ", ")).",
                    fix:
                        "Install them into the package folder before zipping (`pip install -r requirements.txt -t .`, or `npm ci "
                        + "--omit=dev`).",
                    missingFiles: missing)
            }
            return package
        case .entries(let entries):
            let summary = try await DeploymentPackage.build(entries: entries, to: destination, options: options)
            return built(summary, at: destination)
        }
    }

    /// A managed layer's zip: built from its folder (dependencies under the runtime's folder), or
    /// the zip given, checked.
    static func layer(_ layer: LayerDeployment, workDirectory: String) async throws -> BuiltPackage {
        let folder = (workDirectory as NSString).appendingPathComponent("layers")
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let destination = (folder as NSString).appendingPathComponent("\(layer.name).zip")
        var options = DeploymentPackage.Options()
        switch layer.source {
        case .archive(let path):
            guard FileManager.default.fileExists(atPath: path) else { throw DeploymentDiagnosis.artifactMissing(path) }
            let archive = try DeploymentArchive(contentsOf: path)
            try archive.verify()
            let (size, digest) = try hash(path)
            return BuiltPackage(
                path: path, size: size, codeSHA256: digest.base64String, detail: "using \(path)",
                uncompressedBytes: archive.uncompressedBytes)
        case .directory(let folder, let patterns):
            options.patterns = patterns
            return built(try await DeploymentPackage.build(from: folder, to: destination, options: options), at: destination)
        case .dependencies(let folder, let runtime):
            guard let prefix = LayerDeployment.dependencyFolder(runtime: runtime) else {
                throw DeploymentDiagnosis(
                    kind: .invalidInput,
                    summary: "layer \(layer.name): \(runtime) has no dependency folder (python/ or nodejs/node_modules/).",
                    fix: "Use `.directory` with the files where the runtime looks for them.")
            }
            options.archivePrefix = prefix
            return built(try await DeploymentPackage.build(from: folder, to: destination, options: options), at: destination)
        }
    }

    private static func built(_ summary: DeploymentPackage.Summary, at path: String) -> BuiltPackage {
        BuiltPackage(
            path: path, size: summary.archiveBytes, codeSHA256: summary.codeSHA256,
            detail: "\(summary.entryCount) files, \(summary.archiveBytes) bytes", uncompressedBytes: summary.uncompressedBytes)
    }

    /// A layer's paths as the runtime sees them beside the function's (`python/x` → `x`,
    /// `nodejs/node_modules/x` → `node_modules/x`).
    private static func layerPaths(_ path: String) throws -> [String] {
        try DeploymentArchive(contentsOf: path).entries.map { entry in
            for prefix in ["python/", "nodejs/"] where entry.path.hasPrefix(prefix) { return String(entry.path.dropFirst(prefix.count)) }
            return entry.path
        }
    }

    /// The file's size and SHA-256, read 1 MiB at a time.
    private static func hash(_ path: String) throws -> (Int, SHA256Digest) {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
            throw DeploymentDiagnosis.artifactMissing(path)
        }
        var hasher = SHA256Hasher()
        try FileSlice(path: path, length: size).forEachChunk { hasher.update($0) }
        return (size, hasher.finalize())
    }

    /// Packages `requirements.txt` or `package.json` name that none of `paths` (the archive's, and
    /// its layers') contains.
    static func missingDependencies(source: String, paths: [String]) -> [String] {
        let topLevel = Set(paths.map { $0.split(separator: "/").first.map(String.init) ?? $0 }.map(normalise))
        var missing: [String] = []
        let requirements = (source as NSString).appendingPathComponent("requirements.txt")
        if let text = try? String(contentsOfFile: requirements, encoding: .utf8) {
            for line in text.split(whereSeparator: \.isNewline) {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), !trimmed.hasPrefix("-") else { continue }
                let name = normalise(String(trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }))
                let present =
                    topLevel.contains(name) || topLevel.contains(name + ".py")
                    || topLevel.contains { $0.hasPrefix(name + "_") && ($0.hasSuffix(".dist_info") || $0.hasSuffix(".egg_info")) }
                if !name.isEmpty, !present { missing.append(String(trimmed.prefix { !"=<>~![; ".contains($0) })) }
            }
        }
        let manifest = (source as NSString).appendingPathComponent("package.json")
        if let data = FileManager.default.contents(atPath: manifest),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let dependencies = json["dependencies"] as? [String: Any]
        {
            let modules = Set(
                paths.compactMap { path -> String? in
                    let parts = path.split(separator: "/")
                    guard parts.first == "node_modules", parts.count > 1 else { return nil }
                    return parts[1].hasPrefix("@") && parts.count > 2 ? "\(parts[1])/\(parts[2])" : String(parts[1])
                })
            missing += dependencies.keys.sorted().filter { !modules.contains($0) }
        }
        return missing
    }

    /// Python's name normalisation, enough to compare a requirement with a folder or a `.dist-info`.
    private static func normalise(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "-", with: "_")
    }
}
