import DeployManifests
import Testing

@Suite("Variables inside tagged values")
struct VariableTagTests {
    @Test("a !Sub keeps its tag: with a Serverless variable resolved in it, and untouched while others in the file resolve")
    func substitutionsStayTagged() throws {
        let file = try ServerlessFile(
            yaml: """
                service: shop
                custom: {bucket: uploads}
                provider:
                  name: aws
                  stage: ${opt:stage, 'dev'}
                resources:
                  Resources:
                    Policy:
                      Properties:
                        Bucket: !Sub 'arn:aws:s3:::${self:custom.bucket}/${AWS::Region}'
                        Queue: !Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs'
                """)
        let properties = try #require(try file.resolved()["resources"]?["Resources"]?["Policy"]?["Properties"])
        let bucket = try #require(properties["Bucket"])
        #expect(bucket.tag == "!Sub" && bucket.scalarText == "arn:aws:s3:::uploads/${AWS::Region}")
        let queue = try #require(properties["Queue"])
        #expect(queue.tag == "!Sub" && queue.scalarText == "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs")
    }
}
