import DeployBasics
import DeployZip
import Foundation

/// Lambda's limits across a function and its layers, checked before anything is uploaded: at
/// most 5 layers, and 250 MB unzipped for the function and its layers together.
enum UnzippedSizeCheck {
    /// The most layers a function runs with.
    static let maximumLayers = 5

    /// Whether a package of `uncompressedBytes` (not built yet) and the built `layers` keep within
    /// the limits: when they do not, the package is built for ``check(_:package:layers:)`` to name
    /// the biggest contributors, before anything is asked of AWS.
    static func isWithinLimits(
        _ function: FunctionDeployment, uncompressedBytes: Int, layers: [(name: String, package: BuiltPackage)]
    ) -> Bool {
        function.layers.count <= maximumLayers
            && layers.reduce(uncompressedBytes) { $0 + $1.package.uncompressedBytes } <= LambdaLimits.unzippedBytes
    }

    /// Throws a diagnosis naming the biggest contributors when `function` breaks a limit.
    /// `layers` are its managed layers, built; layers given by ARN count toward the five, but
    /// their unzipped size is not known here (Lambda reports only their zip's size).
    static func check(_ function: FunctionDeployment, package: BuiltPackage, layers: [(name: String, package: BuiltPackage)]) throws {
        guard function.layers.count <= maximumLayers else {
            throw DeploymentDiagnosis(
                kind: .invalidInput,
                summary: "\(function.name) names \(function.layers.count) layers; Lambda allows at most \(maximumLayers) per function.",
                fix: "Merge layers (one dependency layer per runtime is the usual shape), or drop the ones the function does not use.")
        }
        let total = layers.reduce(package.uncompressedBytes) { $0 + $1.package.uncompressedBytes }
        guard total > LambdaLimits.unzippedBytes else { return }
        var parts = [(name: "function \(function.name)", path: package.path)]
        parts += layers.map { (name: "layer \($0.name)", path: $0.package.path) }
        let biggest = parts.flatMap { contributors(of: $0.path, in: $0.name) }.sorted { $0.bytes > $1.bytes }.prefix(5)
        let totals =
            ["function \(function.name) \(megabytes(package.uncompressedBytes))"]
            + layers.map { "layer \($0.name) \(megabytes($0.package.uncompressedBytes))" }
        throw DeploymentDiagnosis(
            kind: .buildError,
            summary: "\(function.name) and its layers unzip to \(total) bytes (\(megabytes(total))), above Lambda's 262,144,000-byte "
                + "(250 MB) limit: \(totals.joined(separator: ", ")). Biggest: "
                + biggest.map { "\($0.name) \(megabytes($0.bytes))" }.joined(separator: ", ") + ".",
            fix: "Exclude what the function does not need (tests, docs, caches, dev dependencies) with `patterns`, or use a container "
                + "image (10 GB).")
    }

    /// The archive's unzipped bytes by package (its first folder below `python/`,
    /// `python/lib/pythonX/site-packages/`, `nodejs/node_modules/` or `node_modules/`; a scoped
    /// Node.js package keeps its scope).
    static func contributors(of path: String, in owner: String) -> [(name: String, bytes: Int)] {
        guard let archive = try? DeploymentArchive(contentsOf: path) else { return [] }
        var sizes: [String: Int] = [:]
        for entry in archive.entries where !entry.isDirectory {
            var parts = entry.path.split(separator: "/").map(String.init)
            if parts.first == "python" {
                parts.removeFirst()
                if parts.count > 3, parts[0] == "lib", parts[2] == "site-packages" { parts.removeFirst(3) }
            } else if parts.first == "nodejs" {
                parts.removeFirst()
            }
            if parts.first == "node_modules", parts.count > 1 { parts.removeFirst() }
            let name = parts.first?.hasPrefix("@") == true && parts.count > 2 ? parts[0] + "/" + parts[1] : parts.first ?? entry.path
            sizes["\(owner): \(name)", default: 0] += entry.uncompressedSize
        }
        return sizes.map { (name: $0.key, bytes: $0.value) }
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
}
