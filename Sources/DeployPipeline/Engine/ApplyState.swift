import Synchronization

/// A typed key for a value one action produces and a later one reads (the published version, the
/// alias's revision).
public struct StateKey<Value: Sendable>: Sendable, Hashable {
    let name: String

    /// A key named `name` (unique within a function's plan).
    public init(_ name: String) { self.name = name }
}

/// What the actions of one apply hand to each other. Reads of a key that no earlier action wrote
/// fall back to what the plan read from AWS (``seed(_:_:)``).
public final class ApplyState: Sendable {
    private let values = Mutex<[String: any Sendable]>([:])

    /// An empty state.
    public init() {}

    /// The value for `key`, if set.
    public subscript<Value>(key: StateKey<Value>) -> Value? {
        values.withLock { $0[key.name] as? Value }
    }

    /// Sets `key`.
    public func set<Value>(_ key: StateKey<Value>, _ value: Value?) {
        values.withLock { $0[key.name] = value }
    }

    /// Sets `key` unless it is already set.
    public func seed<Value>(_ key: StateKey<Value>, _ value: Value?) {
        guard let value else { return }
        values.withLock { values in
            if values[key.name] == nil { values[key.name] = value }
        }
    }

    /// The value for `key`; throws when no action set it (a plan whose dependencies are wrong).
    public func require<Value>(_ key: StateKey<Value>) throws -> Value {
        guard let value = self[key] else { throw MissingPlanValue(key: key.name) }
        return value
    }
}

/// An action read a value no earlier action produced: the plan's dependencies are wrong.
struct MissingPlanValue: Error, CustomStringConvertible {
    var key: String
    var description: String { "the plan has no value for \(key) yet: an action ran before the one that produces it" }
}
