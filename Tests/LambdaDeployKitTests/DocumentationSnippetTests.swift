import DeployTestSupport
import Foundation
import Testing

/// The samples of the doc comments and the guides compile: DocumentationSnippets.swift holds each one as written and is
/// built with these tests; this test fails when a sample changed and the file was not regenerated.
@Suite("Documentation samples")
struct DocumentationSnippetTests {
    @Test("DocumentationSnippets.swift holds every ```swift sample of the doc comments and guides, as written")
    func current() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/documentation_snippets.py").path
        let result = try await ChildProcess.run(["python3", script, "--check"], mergeErrors: true)
        #expect(result.status == 0, "\(result.output)")
    }
}
