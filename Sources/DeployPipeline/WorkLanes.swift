/// At most `count` functions building, uploading and applying at once, while many more are being
/// checked: a function whose inputs did not change is found with reads only, so a run checks
/// several times more functions at once than it deploys, and a changed function does not wait
/// behind the reads of unchanged ones.
///
/// A function enters before its package is built and leaves once applied; waiting functions enter
/// in the order they asked.
actor WorkLanes {
    private let count: Int
    private var holders: Set<String> = []
    private var waiting: [(key: String, continuation: CheckedContinuation<Bool, Never>)] = []
    private var isClosed = false

    /// How many more functions are checked at once than deployed.
    static let checksPerLane = 4

    init(count: Int) {
        self.count = max(1, count)
    }

    /// Takes a lane for `key`, waiting for one to be free (a key holding one keeps it): `false` when
    /// the lanes were closed, and the function is not to be built.
    func enter(_ key: String) async -> Bool {
        guard !isClosed else { return false }
        guard !holders.contains(key) else { return true }
        guard holders.count >= count else {
            holders.insert(key)
            return true
        }
        return await withCheckedContinuation { waiting.append((key, $0)) }
    }

    /// Frees `key`'s lane, if it holds one, for the next waiting function.
    func leave(_ key: String) {
        guard holders.remove(key) != nil, !waiting.isEmpty else { return }
        let next = waiting.removeFirst()
        holders.insert(next.key)
        next.continuation.resume(returning: true)
    }

    /// No function enters any more (a run stopping on its first failure): those waiting are turned away.
    func close() {
        isClosed = true
        for waiter in waiting { waiter.continuation.resume(returning: false) }
        waiting.removeAll()
    }
}
