import DeployZip
import Foundation

/// A run's functions split over the copies of a `parallel: N` GitLab job, the same way in every
/// copy, so that each deploys a disjoint part and together they deploy every function once.
///
/// The split balances the packages' unpacked bytes (read from the folders' listings, nothing is
/// hashed or built) plus ``perFunctionWeight`` for each function's calls, greedily: the heaviest
/// first, each to the lightest shard so far (ties to the lowest shard, then by name), which keeps
/// every shard within the heaviest function of the ideal. Functions that share a managed layer
/// stay together, so that one job builds and publishes it — unless `layersPublishedEarlier` (a
/// job before the deploy jobs published the layers: the deploy jobs find their versions by content
/// and publish nothing).
///
/// ```swift
/// let job = try DeploymentShards(deployment, count: 4)
/// print(job.shards.map(\.count))                       // [13, 12, 13, 12]
/// let mine = try deployment.shard(index: 2, of: 4)     // what CI_NODE_INDEX=2 deploys
/// ```
public struct DeploymentShards: Sendable, Hashable {
    /// What a function weighs besides its package's bytes, for the calls every function takes
    /// whatever its size: small functions are spread by number as large ones are by bytes.
    public static let perFunctionWeight = 1_000_000

    /// The function names of each shard, shard 1 first, in the configuration's order.
    public var shards: [[String]]
    /// Each shard's weight (bytes plus ``perFunctionWeight`` per function).
    public var weights: [Int]

    /// Splits `deployment`'s functions into `count` shards.
    /// - Throws: a ``DeploymentDiagnosis`` for a count below 1, ``/DeployZip/ZipError`` for a
    ///   source folder the build would refuse.
    public init(_ deployment: DeploymentConfiguration, count: Int, layersPublishedEarlier: Bool = false) throws {
        guard count >= 1 else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "a run cannot be split into \(count) shards.",
                fix: "Pass the number of parallel jobs (GitLab's CI_NODE_TOTAL, 1 or more).")
        }
        let functions = deployment.functions
        var weights: [Int] = []
        for function in functions { weights.append(try Self.weight(of: function)) }
        let units = Self.units(functions, layersPublishedEarlier: layersPublishedEarlier).map { members in
            (members: members, weight: members.reduce(0) { $0 + weights[$1] })
        }
        let order = units.sorted {
            $0.weight != $1.weight ? $0.weight > $1.weight : functions[$0.members[0]].name < functions[$1.members[0]].name
        }
        var load = [Int](repeating: 0, count: count)
        var shardOf = [Int](repeating: 0, count: functions.count)
        for unit in order {
            let lightest = load.indices.min { load[$0] != load[$1] ? load[$0] < load[$1] : $0 < $1 }!
            load[lightest] += unit.weight
            for member in unit.members { shardOf[member] = lightest }
        }
        shards = (0..<count).map { shard in functions.indices.filter { shardOf[$0] == shard }.map { functions[$0].name } }
        self.weights = load
    }

    /// What a function weighs: its package's unpacked bytes and the calls deploying it takes.
    static func weight(of function: FunctionDeployment) throws -> Int {
        let bytes: Int
        switch function.source {
        case .directory(let folder, let patterns):
            bytes = try DeploymentPackage.unpackedSize(of: folder, options: .init(patterns: patterns))
        case .entries(let entries): bytes = entries.reduce(0) { $0 + $1.bytes.count }
        case .archive(let path): bytes = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
        }
        return bytes + perFunctionWeight
    }

    /// The functions' indices grouped so that functions sharing a managed layer are in one group
    /// (each group in the configuration's order, the groups by their first function).
    static func units(_ functions: [FunctionDeployment], layersPublishedEarlier: Bool) -> [[Int]] {
        var parent = Array(functions.indices)
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index { index = parent[index] }
            return index
        }
        if !layersPublishedEarlier {
            var firstUser: [String: Int] = [:]
            for (index, function) in functions.enumerated() {
                for case .managed(let layer) in function.layers {
                    if let first = firstUser[layer.name] {
                        let (a, b) = (root(first), root(index))
                        parent[max(a, b)] = min(a, b)
                    } else {
                        firstUser[layer.name] = index
                    }
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        for index in functions.indices { groups[root(index), default: []].append(index) }
        return groups.keys.sorted().map { groups[$0]! }
    }
}

extension DeploymentConfiguration {
    /// The part of this run that copy `index` of a `parallel: total` job deploys — numbered from 1,
    /// as GitLab's `CI_NODE_INDEX` is (see ``DeploymentShards``).
    /// - Throws: a ``DeploymentDiagnosis`` when `index` is not within 1…`total`.
    public func shard(index: Int, of total: Int, layersPublishedEarlier: Bool = false) throws -> DeploymentConfiguration {
        guard total >= 1, (1...total).contains(index) else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "shard \(index) of \(total) does not exist.",
                fix: "Pass GitLab's CI_NODE_INDEX and CI_NODE_TOTAL (from `parallel: N`): an index from 1 to the total.")
        }
        let names = Set(try DeploymentShards(self, count: total, layersPublishedEarlier: layersPublishedEarlier).shards[index - 1])
        var part = self
        part.functions = functions.filter { names.contains($0.name) }
        return part
    }

    /// The part of this run the current GitLab job deploys: its shard when the job is a copy of a
    /// `parallel: N` job (``GitLabContext/nodeIndex`` of ``GitLabContext/nodeTotal``), the whole
    /// run otherwise.
    public func shardForCurrentJob(layersPublishedEarlier: Bool = false) throws -> DeploymentConfiguration {
        guard let total = gitLab.nodeTotal, total > 1 else { return self }
        return try shard(index: gitLab.nodeIndex ?? 0, of: total, layersPublishedEarlier: layersPublishedEarlier)
    }

    /// Only the functions named (a `parallel: matrix` job's `DEPLOY_FUNCTIONS`), in the
    /// configuration's order.
    /// - Throws: a ``DeploymentDiagnosis`` naming any name the configuration does not have.
    public func selecting(_ names: [String]) throws -> DeploymentConfiguration {
        let known = Set(functions.map(\.name))
        let unknown = names.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw DeploymentDiagnosis(
                kind: .invalidInput, summary: "no function is called \(unknown.joined(separator: ", ")).",
                fix: "Use the functions' deployed names: \(functions.map(\.name).joined(separator: ", ")).")
        }
        var part = self
        part.functions = functions.filter { names.contains($0.name) }
        return part
    }
}
