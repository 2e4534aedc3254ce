/// Counts the nodes a resolution copies into a document — `${self:…}` values, `!reference`
/// targets — so that a few lines asking for exponentially many copies fail fast with
/// ``ManifestError/tooLarge(file:what:)`` naming the key, instead of running for minutes.
final class ExpansionBudget {
    /// The most nodes one resolution may copy in.
    let limit: Int
    /// The file named in the error.
    let file: String?
    private(set) var spent = 0

    init(limit: Int, file: String?) {
        self.limit = limit
        self.file = file
    }

    /// Spends `nodes` for `what` (for example "`${self:custom.k3}` at `custom.k4`").
    func spend(_ nodes: Int, for what: @autoclosure () -> String) throws(ManifestError) {
        spent += nodes
        guard spent > limit else { return }
        throw .tooLarge(file: file, what: "\(what()) would expand the document past \(limit) nodes (YAMLLimits.maximumExpandedNodes)")
    }
}
