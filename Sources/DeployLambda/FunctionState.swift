/// A function's (or version's) `State`. Lambda adds states over time, so this is an open set:
/// compare with the static members, and expect values they do not name.
///
/// ```swift
/// if function.state == .pending { _ = try await lambda.waitUntilActive(function.name) }
/// ```
public struct FunctionState: LambdaStringValue {
    /// The value as Lambda writes it, e.g. `Active`.
    public let rawValue: String

    /// A state by its name as Lambda writes it.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Being created, or its code being prepared: not invocable yet.
    public static let pending = FunctionState(rawValue: "Pending")
    /// Ready to invoke.
    public static let active = FunctionState(rawValue: "Active")
    /// Idle long enough that Lambda reclaimed its resources; the next invoke reactivates it.
    public static let inactive = FunctionState(rawValue: "Inactive")
    /// Creation failed; `stateReason` says why.
    public static let failed = FunctionState(rawValue: "Failed")
}

/// The outcome of a function's last update (`LastUpdateStatus`); an open set like ``FunctionState``.
public struct FunctionUpdateStatus: LambdaStringValue {
    /// The value as Lambda writes it, e.g. `Successful`.
    public let rawValue: String

    /// A status by its name as Lambda writes it.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The update is being applied; another update now is refused with a conflict.
    public static let inProgress = FunctionUpdateStatus(rawValue: "InProgress")
    /// The update is in effect.
    public static let successful = FunctionUpdateStatus(rawValue: "Successful")
    /// The update failed; `lastUpdateStatusReason` says why.
    public static let failed = FunctionUpdateStatus(rawValue: "Failed")
}

/// A value Lambda writes as a string from a set it extends over time (a state, a status): read
/// and written as that string, compared with static members or a string literal.
public protocol LambdaStringValue: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible
where RawValue == String {
    /// The value named as Lambda writes it.
    init(rawValue: String)
}

extension LambdaStringValue {
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
