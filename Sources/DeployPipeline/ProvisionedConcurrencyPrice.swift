/// What provisioned concurrency costs while it is configured, from Lambda's published prices (a
/// small dated table: prices change, and a region not in it gets no estimate rather than a wrong one).
public enum ProvisionedConcurrencyPrice {
    /// When the table was read from https://aws.amazon.com/lambda/pricing/.
    public static let asOf = "2026-01"

    /// USD per GB-second of provisioned concurrency, by region and architecture (invocations and
    /// their duration are billed on top).
    static let perGBSecond: [String: (x86: Double, arm: Double)] = [
        "us-east-1": (0.000_004_166_7, 0.000_003_333_4),
        "us-east-2": (0.000_004_166_7, 0.000_003_333_4),
        "us-west-2": (0.000_004_166_7, 0.000_003_333_4),
        "eu-west-1": (0.000_004_166_7, 0.000_003_333_4),
    ]

    /// Hours in AWS's billing month.
    static let hoursPerMonth = 730.0

    /// The monthly cost in USD of `executions` environments of `memoryMB` kept warm in `region`;
    /// `nil` for a region the table does not hold.
    public static func monthlyCost(executions: Int, memoryMB: Int, architecture: String = "x86_64", region: String) -> Double? {
        guard let price = perGBSecond[region] else { return nil }
        let perSecond = architecture == "arm64" ? price.arm : price.x86
        return Double(executions) * Double(memoryMB) / 1024 * hoursPerMonth * 3600 * perSecond
    }

    /// `about $109.50 a month (us-east-1, prices of 2026-01)`, or why there is no estimate.
    public static func describe(executions: Int, memoryMB: Int, architecture: String = "x86_64", region: String) -> String {
        guard let cost = monthlyCost(executions: executions, memoryMB: memoryMB, architecture: architecture, region: region) else {
            return "no price on file for \(region): see https://aws.amazon.com/lambda/pricing/"
        }
        return "about $" + String(format: "%.2f", cost) + " a month while configured (\(region), prices of \(asOf))"
    }
}
