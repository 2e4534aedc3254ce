import Testing

@testable import DeployManifests

@Suite struct YAMLParserTests {
    @Test func smoke() throws {
        let stream = try YAMLParser.parse("a: 1\nb: !reference [x, y]\na: 2\n")
        #expect(stream.documents.count == 1)
        #expect(stream.findings.map(\.rule) == ["yaml.duplicate-key"])
    }
}
