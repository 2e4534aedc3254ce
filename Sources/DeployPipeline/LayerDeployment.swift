import DeployZip

/// A layer a function runs with.
public enum FunctionLayer: Sendable, Hashable {
    /// A layer version published elsewhere, by its ARN (`arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION`).
    case arn(String)
    /// A layer this pipeline builds and publishes: a new version only when its content changed.
    case managed(LayerDeployment)
}

/// A layer the pipeline builds, publishes when its content changed, and prunes.
///
/// The layer's zip is built like a function's package (reproducibly, so the same files give the
/// same `CodeSha256`); the newest published version is kept when it holds the same bytes, and a
/// new version is published otherwise. After a deploy, versions beyond ``keptVersions`` that no
/// function uses are deleted (Lambda keeps a copy of a deleted version for the function versions
/// that still name it, so a rollback keeps working).
///
/// ```swift
/// let dependencies = LayerDeployment(
///     name: "orders-dependencies", source: .dependencies("build/requirements", runtime: "python3.12"),
///     compatibleRuntimes: ["python3.12"])
/// ```
public struct LayerDeployment: Sendable, Hashable {
    /// Where the layer's files come from.
    public enum Source: Sendable, Hashable {
        /// A folder zipped as it is: its files already sit where the runtime looks (`python/`,
        /// `nodejs/node_modules/`, `bin/`, `lib/`).
        case directory(String, patterns: [String] = [])
        /// A folder of installed dependencies (what `pip install -t` or `npm ci` produced), placed
        /// where the runtime finds them: under `python/` for Python, `nodejs/node_modules/` for
        /// Node.js.
        case dependencies(String, runtime: String)
        /// A zip a build job made.
        case archive(String)
    }

    /// The layer's name (1–140 of `A–Z a–z 0–9 - _`).
    public var name: String
    /// Where its files come from.
    public var source: Source
    /// The runtimes it declares (Lambda lists and filters by them).
    public var compatibleRuntimes: [String]
    /// The architectures it declares (`x86_64`, `arm64`); empty declares none.
    public var compatibleArchitectures: [String]
    /// The versions' description.
    public var description: String?
    /// A license (an SPDX identifier or a URL).
    public var licenseInfo: String?
    /// How many of the newest versions are kept besides those a function uses (at least 1: the newest).
    public var keptVersions: Int

    /// A layer called `name`; the three newest versions are kept.
    public init(
        name: String, source: Source, compatibleRuntimes: [String] = [], compatibleArchitectures: [String] = [],
        description: String? = nil, licenseInfo: String? = nil, keptVersions: Int = 3
    ) {
        self.name = name
        self.source = source
        self.compatibleRuntimes = compatibleRuntimes
        self.compatibleArchitectures = compatibleArchitectures
        self.description = description
        self.licenseInfo = licenseInfo
        self.keptVersions = max(1, keptVersions)
    }

    /// The folder a runtime family finds dependencies in, inside a layer: `python/` for Python,
    /// `nodejs/node_modules/` for Node.js; `nil` for runtimes without one.
    public static func dependencyFolder(runtime: String) -> String? {
        let family = runtime.lowercased()
        if family.hasPrefix("python") { return "python/" }
        if family.hasPrefix("nodejs") { return "nodejs/node_modules/" }
        return nil
    }
}

extension FunctionDeployment {
    /// The function with its installed dependencies moved out of its package into a layer: the
    /// folder `dependencies` (inside the source folder; `node_modules` by default for Node.js) is
    /// excluded from the function's zip and becomes ``LayerDeployment/Source/dependencies(_:runtime:)``
    /// of a managed layer called `layerName`, attached first.
    ///
    /// - Throws: ``DeploymentDiagnosis`` (`invalidInput`) when the source is not a folder, or the
    ///   runtime has no dependency folder convention and `dependencies` is not given.
    public func splittingDependencies(into layerName: String, dependencies: String? = nil) throws -> FunctionDeployment {
        guard case .directory(let folder, let patterns) = source else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(name)'s dependencies can only be split from a source folder, not a zip or entries.",
                fix: "Give the function a `.directory` source.")
        }
        guard LayerDeployment.dependencyFolder(runtime: runtime) != nil else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(runtime) has no dependency folder Lambda layers use (python/ or nodejs/node_modules/).",
                fix: "Build a layer with `.directory` whose files sit where the runtime looks, and attach it with `layers`.")
        }
        let isNode = runtime.lowercased().hasPrefix("nodejs")
        guard let relative = dependencies ?? (isNode ? "node_modules" : nil) else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "\(name): which folder holds the installed dependencies is not said.",
                fix: "Install them into a folder of their own (`pip install -r requirements.txt -t build/requirements`) and pass it as "
                    + "`dependencies:`.")
        }
        let trimmed = relative.split(separator: "/").joined(separator: "/")
        var split = self
        split.source = .directory(folder, patterns: patterns + ["!\(trimmed)/**"])
        let layer = LayerDeployment(
            name: layerName, source: .dependencies(folder + "/" + trimmed, runtime: runtime), compatibleRuntimes: [runtime],
            description: "dependencies of \(name)")
        split.layers.insert(.managed(layer), at: 0)
        return split
    }
}
