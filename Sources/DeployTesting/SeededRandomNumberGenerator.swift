/// SplitMix64: a small, fast generator whose sequence depends only on its seed, so a failing
/// randomised test (fault injection, fuzzing) can be replayed exactly.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
    /// The generator's state (start it with a seed).
    public var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
