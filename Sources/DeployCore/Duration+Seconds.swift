extension Duration {
    /// The duration in seconds, with its fraction (for clocks and rates kept as `Double`).
    package var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
