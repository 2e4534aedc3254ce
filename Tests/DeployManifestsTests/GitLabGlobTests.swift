import Testing

@testable import DeployManifests

/// `artifacts: paths` as GitLab archives them: globs, braces, and whole folders.
@Suite("GitLab globs")
struct GitLabGlobTests {
    static let cases: [(pattern: String, file: String, covered: Bool)] = [
        ("function.zip", "function.zip", true),
        ("./function.zip", "function.zip", true),
        ("dist", "dist/app.zip", true),
        ("dist/", "dist/deep/app.zip", true),
        ("dist/*", "dist/deep/app.zip", true),  // `dist/deep` is matched, and archived whole
        ("dist/*.zip", "dist/app.zip", true),
        ("dist/*.zip", "dist/app.tar", false),
        ("*.zip", "build/app.zip", false),  // `*` stays within one segment
        ("**/*.zip", "build/app.zip", true),
        ("**/*.zip", "app.zip", true),  // `**` may be no folder at all
        ("build/**/report.xml", "build/report.xml", true),
        ("{dist,out}/app.zip", "out/app.zip", true),
        ("{dist,out}/app.zip", "bin/app.zip", false),
        ("app.{zip,jar}", "app.jar", true),
        ("layer-[0-9].zip", "layer-3.zip", true),
        ("layer-[!0-9].zip", "layer-3.zip", false),
        ("layer-?.zip", "layer-ab.zip", false),
        ("target/*/lambda.jar", "target/x/lambda.jar", true),
    ]

    @Test("what an artifact path covers", arguments: cases.indices)
    func covers(_ index: Int) {
        let (pattern, file, covered) = Self.cases[index]
        #expect(GitLabValidationContext.artifactPath(pattern, covers: file) == covered, "\(pattern) covering \(file)")
    }

    @Test("braces expand, nested and bounded")
    func braces() {
        #expect(GitLabGlob.expandBraces("a/{b,c{d,e}}/f") == ["a/b/f", "a/cd/f", "a/ce/f"])
        #expect(GitLabGlob.expandBraces(String(repeating: "{a,b}", count: 20)).count == 256)
        #expect(GitLabGlob.expandBraces("no-braces") == ["no-braces"])
    }
}
