// swift-format-ignore-file: AlwaysUseLowerCamelCase

// `CodeInput` names its properties as the wire names its members.
import Foundation

/// A version of a Lambda layer, as `PublishLayerVersion`, `GetLayerVersion` and
/// `ListLayerVersions` report it (the list leaves out ``codeSHA256`` and ``codeSize``).
public struct LayerVersion: Sendable, Hashable, Decodable {
    /// The version's ARN (`arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION`), which functions name.
    public var arn: String
    /// The version number.
    public var version: Int
    /// The layer's ARN, without the version.
    public var layerARN: String?
    /// The description.
    public var description: String?
    /// When the version was published, as Lambda spells it (`2018-11-27T15:10:45.123+0000`).
    public var createdDate: String?
    /// The runtimes it declares.
    public var compatibleRuntimes: [String]?
    /// `x86_64`, `arm64`.
    public var compatibleArchitectures: [String]?
    /// Base64 of the layer zip's SHA-256.
    public var codeSHA256: String?
    /// The layer zip's size in bytes.
    public var codeSize: Int?

    /// A version; the values a call did not report stay `nil`.
    public init(
        arn: String, version: Int, layerARN: String? = nil, description: String? = nil, createdDate: String? = nil,
        compatibleRuntimes: [String]? = nil, compatibleArchitectures: [String]? = nil, codeSHA256: String? = nil, codeSize: Int? = nil
    ) {
        self.arn = arn
        self.version = version
        self.layerARN = layerARN
        self.description = description
        self.createdDate = createdDate
        self.compatibleRuntimes = compatibleRuntimes
        self.compatibleArchitectures = compatibleArchitectures
        self.codeSHA256 = codeSHA256
        self.codeSize = codeSize
    }

    enum CodingKeys: String, CodingKey {
        case arn = "LayerVersionArn"
        case version = "Version"
        case layerARN = "LayerArn"
        case description = "Description"
        case createdDate = "CreatedDate"
        case compatibleRuntimes = "CompatibleRuntimes"
        case compatibleArchitectures = "CompatibleArchitectures"
        case content = "Content"
    }

    enum ContentKeys: String, CodingKey {
        case codeSHA256 = "CodeSha256"
        case codeSize = "CodeSize"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arn = try container.decode(String.self, forKey: .arn)
        version = try container.decode(Int.self, forKey: .version)
        layerARN = try container.decodeIfPresent(String.self, forKey: .layerARN)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        createdDate = try container.decodeIfPresent(String.self, forKey: .createdDate)
        compatibleRuntimes = try container.decodeIfPresent([String].self, forKey: .compatibleRuntimes)
        compatibleArchitectures = try container.decodeIfPresent([String].self, forKey: .compatibleArchitectures)
        if container.contains(.content) {
            let content = try container.nestedContainer(keyedBy: ContentKeys.self, forKey: .content)
            codeSHA256 = try content.decodeIfPresent(String.self, forKey: .codeSHA256)
            codeSize = try content.decodeIfPresent(Int.self, forKey: .codeSize)
        }
    }
}

/// A layer version to publish.
public struct LayerDefinition: Sendable {
    /// The layer's name (1–140 of `A–Z a–z 0–9 - _`), or its ARN.
    public var name: String
    /// The layer's zip: on disk (at most 50 MB, streamed into the request) or in S3.
    public var content: FunctionCode
    /// The version's description.
    public var description: String?
    /// The runtimes it declares (at most 15).
    public var compatibleRuntimes: [String]?
    /// `x86_64`, `arm64`.
    public var compatibleArchitectures: [String]?
    /// A license (an SPDX identifier or a URL).
    public var licenseInfo: String?

    /// A layer version to publish.
    public init(
        name: String, content: FunctionCode, description: String? = nil, compatibleRuntimes: [String]? = nil,
        compatibleArchitectures: [String]? = nil, licenseInfo: String? = nil
    ) {
        self.name = name
        self.content = content
        self.description = description
        self.compatibleRuntimes = compatibleRuntimes
        self.compatibleArchitectures = compatibleArchitectures
        self.licenseInfo = licenseInfo
    }
}

/// A function's or a layer's code as `CreateFunction`'s `Code` and `PublishLayerVersion`'s
/// `Content` spell it.
struct CodeInput: Encodable {
    var ZipFile: String?
    var S3Bucket: String?
    var S3Key: String?
    var S3ObjectVersion: String?

    /// The members for `code`, checked: a zip in the request is a zip of at most 50 MB; a zip on
    /// disk stands as ``ZipFileBody/marker`` until the body streams it.
    init(_ code: FunctionCode) throws {
        switch code {
        case .zip(let bytes):
            try LambdaInput.checkZip(bytes)
            ZipFile = Data(bytes).base64EncodedString()
        case .s3(let bucket, let key, let version):
            (S3Bucket, S3Key, S3ObjectVersion) = (bucket, key, version)
        case .zipFile:
            ZipFile = ZipFileBody.marker
        }
    }
}
