import DeployCore
import DeployTestSupport
import DeployTesting
import Foundation
import Testing

@Suite("Regions and endpoints")
struct RegionEndpointTests {
    func context(_ environment: [String: String]) -> CredentialContext {
        CredentialContext(environment: environment, fileSystem: InMemoryFileSystem())
    }

    @Test("explicit, then AWS_REGION, then AWS_DEFAULT_REGION")
    func order() throws {
        let both = ["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "us-west-2"]
        #expect(try Region.resolve(explicit: "ap-south-1", context: context(both)).name == "ap-south-1")
        #expect(try Region.resolve(context: context(both)).name == "eu-west-1")
        #expect(try Region.resolve(context: context(["AWS_DEFAULT_REGION": "us-west-2"])).name == "us-west-2")
    }

    @Test("no region is an error, never a silent us-east-1")
    func missing() {
        let error = #expect(throws: RegionError.self) { try Region.resolve(context: context([:])) }
        #expect(error?.code == .missing)
        #expect(error?.message.contains("AWS_REGION") == true)
    }

    @Test(
        "an unknown region names the nearest known ones",
        arguments: [("us-est-1", "us-east-1"), ("eu-west-9", "eu-west-1"), ("useast1", "us-east-1"), ("ap-southeast-22", "ap-southeast-2")])
    func unknown(_ typo: String, _ expected: String) {
        let error = #expect(throws: RegionError.self) { try Region(typo) }
        #expect(error?.code == .unknown)
        #expect(error?.suggestions.contains(expected) == true, "\(typo) → \(error?.suggestions ?? [])")
        #expect(error?.message.contains("did you mean") == true)
    }

    @Test("the partition table matches botocore's partitions.json")
    func partitionsMatchModel() throws {
        struct File: Decodable {
            struct Entry: Decodable {
                struct Outputs: Decodable {
                    var dnsSuffix: String
                    var implicitGlobalRegion: String
                }
                var id: String
                var outputs: Outputs
                var regions: [String: AnyCodable]
            }
            var partitions: [Entry]
        }
        struct AnyCodable: Decodable { init(from decoder: any Decoder) throws {} }
        let data = try Data(contentsOf: SharedTestData.url("aws-models/partitions.json"))
        let file = try JSONDecoder().decode(File.self, from: data)
        #expect(file.partitions.map(\.id) == Partition.all.map(\.id))
        for (model, ours) in zip(file.partitions, Partition.all) {
            #expect(model.outputs.dnsSuffix == ours.dnsSuffix, "\(model.id)")
            #expect(model.outputs.implicitGlobalRegion == ours.implicitGlobalRegion, "\(model.id)")
            #expect(Set(model.regions.keys.filter { !$0.hasSuffix("-global") }) == Set(ours.regions), "\(model.id)")
        }
    }

    @Test("standard endpoints per partition, and IAM's global endpoint with its signing region")
    func endpoints() throws {
        let lambda = Fixtures.lambdaLike
        #expect(
            try Endpoint.resolve(service: lambda, region: Region("eu-west-1"), environment: [:]).description
                == "https://lambda.eu-west-1.amazonaws.com")
        #expect(
            try Endpoint.resolve(service: lambda, region: Region("cn-north-1"), environment: [:]).description
                == "https://lambda.cn-north-1.amazonaws.com.cn")
        let iam = Fixtures.iamLike
        let global = try Endpoint.resolve(service: iam, region: Region("eu-central-1"), environment: [:])
        #expect(global.description == "https://iam.amazonaws.com")
        #expect(global.signingRegion == "us-east-1")
        let china = try Endpoint.resolve(service: iam, region: Region("cn-northwest-1"), environment: [:])
        #expect(china.description == "https://iam.cn-northwest-1.amazonaws.com.cn")
        #expect(china.signingRegion == "cn-northwest-1")
        let gov = try Endpoint.resolve(service: iam, region: Region("us-gov-east-1"), environment: [:])
        #expect(gov.description == "https://iam.us-gov.amazonaws.com")
        #expect(gov.signingRegion == "us-gov-west-1")
    }

    @Test("AWS_ENDPOINT_URL_<SERVICE> wins over AWS_ENDPOINT_URL; a bad override is an error")
    func overrides() throws {
        let region = try Region("us-east-1")
        let environment = ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000/", "AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://localhost:4566/base"]
        #expect(Fixtures.secretsLike.endpointVariable == "AWS_ENDPOINT_URL_SECRETS_MANAGER")
        let secrets = try Endpoint.resolve(service: Fixtures.secretsLike, region: region, environment: environment)
        #expect(secrets.description == "http://localhost:4566/base")
        #expect(secrets.signingRegion == "us-east-1")
        #expect(
            try Endpoint.resolve(service: Fixtures.lambdaLike, region: region, environment: environment).description
                == "http://127.0.0.1:5000")
        #expect(throws: EndpointError.self) {
            try Endpoint.resolve(service: Fixtures.lambdaLike, region: region, environment: ["AWS_ENDPOINT_URL": "127.0.0.1:5000"])
        }
    }
}
