/// An AWS partition: a group of regions with its own DNS suffix (`aws`, `aws-cn`, `aws-us-gov`, …).
///
/// The table is `partitions.json` from botocore 1.43.11 (`shared/aws-models/`); a test checks that
/// the two agree.
public struct Partition: Sendable, Hashable {
    /// The partition id, such as `aws` or `aws-cn`.
    public let id: String
    /// The DNS suffix of its endpoints, such as `amazonaws.com`.
    public let dnsSuffix: String
    /// The region that global services (IAM) are signed for.
    public let implicitGlobalRegion: String
    /// The partition's regions.
    public let regions: [String]

    /// Every partition.
    public static let all: [Partition] = [
        Partition(
            id: "aws", dnsSuffix: "amazonaws.com", implicitGlobalRegion: "us-east-1",
            regions: [
                "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
                "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6",
                "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
                "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
                "us-east-1", "us-east-2", "us-west-1", "us-west-2",
            ]
        ),
        Partition(
            id: "aws-cn", dnsSuffix: "amazonaws.com.cn", implicitGlobalRegion: "cn-northwest-1",
            regions: ["cn-north-1", "cn-northwest-1"]
        ),
        Partition(
            id: "aws-eusc", dnsSuffix: "amazonaws.eu", implicitGlobalRegion: "eusc-de-east-1",
            regions: ["eusc-de-east-1"]
        ),
        Partition(
            id: "aws-iso", dnsSuffix: "c2s.ic.gov", implicitGlobalRegion: "us-iso-east-1",
            regions: ["us-iso-east-1", "us-iso-west-1"]
        ),
        Partition(
            id: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", implicitGlobalRegion: "us-isob-east-1",
            regions: ["us-isob-east-1", "us-isob-west-1"]
        ),
        Partition(
            id: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", implicitGlobalRegion: "eu-isoe-west-1",
            regions: ["eu-isoe-west-1"]
        ),
        Partition(
            id: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", implicitGlobalRegion: "us-isof-south-1",
            regions: ["us-isof-east-1", "us-isof-south-1"]
        ),
        Partition(
            id: "aws-us-gov", dnsSuffix: "amazonaws.com", implicitGlobalRegion: "us-gov-west-1",
            regions: ["us-gov-east-1", "us-gov-west-1"]
        ),
    ]

    /// The partition holding `region`, if it is a known region.
    public static func containing(_ region: String) -> Partition? {
        all.first { $0.regions.contains(region) }
    }
}
