import DeployTestSupport
import Foundation
import Testing

/// The doc comments' samples compile: DocCommentSnippets.swift holds each one as written and is
/// built with these tests; this test fails when a sample changed and the file was not regenerated.
@Suite("Doc-comment samples")
struct DocCommentSnippetTests {
    @Test("DocCommentSnippets.swift holds every ```swift sample of the doc comments under Sources/, as written")
    func current() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Support/doc_comment_snippets.py").path
        let result = try await ChildProcess.run(["python3", script, "--check"], mergeErrors: true)
        #expect(result.status == 0, "\(result.output)")
    }
}
