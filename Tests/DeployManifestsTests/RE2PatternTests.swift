import DeployTestSupport
import Foundation
import Testing

@testable import DeployManifests

/// `rules: if` patterns match in linear time, with RE2's answers.
@Suite("RE2 patterns", .timeLimit(.minutes(1)))
struct RE2PatternTests {
    @Test("a pattern that takes a backtracking engine minutes answers at once, and the rule says no")
    func catastrophicBacktracking() throws {
        let subject = String(repeating: "a", count: 40)
        #expect(try RE2Pattern("(a*)*b").matches(subject) == false)
        #expect(try RE2Pattern("(a|a)*b").matches(String(repeating: "a", count: 5_000)) == false)
        #expect(try RE2Pattern("(a*)*$").matches(subject))
        let rule = RuleExpression("$X =~ /(a*)*b/")
        #expect(rule.evaluate(["X": subject], isUnknown: { _ in false }) == .no)
        #expect(RuleExpression("$X !~ /(a*)*b/").evaluate(["X": subject], isUnknown: { _ in false }) == .yes)
    }

    @Test("what RE2 refuses is unknowable, not an error or a guess")
    func refusedSyntax() {
        for pattern in [#"(a)\1"#, "(?=a)b", "(?<!a)b", "a**", "[z-a]", "(ab", #"\q"#] {
            #expect(throws: RE2Pattern.SyntaxError.self, "\(pattern)") { try RE2Pattern(pattern) }
        }
        #expect(RuleExpression(#"$X =~ /(a)\1/"#).evaluate(["X": "aa"], isUnknown: { _ in false }) == .maybe)
    }

    /// Patterns real pipelines use, and the branch names they see.
    static let gitLabPatterns: [(pattern: String, caseInsensitive: Bool)] = [
        (#"^release\/.*$"#, false), (#"^v\d+\.\d+\.\d+$"#, false), ("(feature|fix)-[a-z0-9-]+", true), (#"^(main|master)$"#, false),
        (#"\[skip deploy\]"#, false), (#"^[0-9]+-stable$"#, false), (#"^renovate/"#, false), ("docs?", true), (#"\bwip\b"#, true),
        (#"^hotfix/\w+$"#, false), (#"^v?\d{1,3}(\.\d{1,3}){2}(-rc\d*)?$"#, false), (#"^(?:dev|staging)$"#, false), ("(?i)DRAFT", false),
        (#"^[^/]+$"#, false), ("a{2,}b{0,1}c", false), ("[[:x]", false), (#"x\.y|^z"#, false), ("", false),
    ]
    static let branches = [
        "main", "master", "release/1.2", "release/", "v1.2.3", "v1.2", "v10.20.30-rc1", "Feature-ABC-12", "fix-x", "docs", "DOCS update",
        "[skip deploy] bump", "12-stable", "renovate/yams-6.x", "a wip commit", "wipe", "hotfix/login", "hotfix/a/b", "dev", "staging",
        "Draft: thing", "aac", "aaabc", "x.y", "xzy", "z", "", "ümlaut", "line\nbreak",
    ]

    @Test("the answers Python's re gives for GitLab's usual patterns, every branch (no backtracking hazard among them)")
    func agreesWithPython() async throws {
        var cases: [[String]] = []
        for (pattern, insensitive) in Self.gitLabPatterns {
            for branch in Self.branches { cases.append([pattern, insensitive ? "i" : "", branch]) }
        }
        for _ in 0..<400 {
            let pattern = Self.randomPattern(depth: 3)
            for _ in 0..<5 { cases.append([pattern, "", Self.randomSubject()]) }
        }
        // RE2's `$` is the end of the text; Python's `$` also matches before a final newline: `\Z` is RE2's `$`.
        let script = """
            import json, re, sys
            out = []
            for pattern, flags, subject in json.load(sys.stdin):
                translated = re.sub(r'(?<!\\\\)\\$', r'\\\\Z', pattern)
                try:
                    out.append(bool(re.search(translated, subject, re.ASCII | (re.IGNORECASE if flags else 0))))
                except re.error:
                    out.append(None)
            print(json.dumps(out))
            """
        let input = try JSONSerialization.data(withJSONObject: cases)
        let result = try await ChildProcess.run(["python3", "-c", script], input: input, mergeErrors: false)
        let answers = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [Any])
        try #require(answers.count == cases.count)
        var compared = 0
        for (testCase, answer) in zip(cases, answers) {
            guard let expected = answer as? Bool, let ours = try? RE2Pattern(testCase[0], caseInsensitive: testCase[1] == "i") else {
                continue
            }
            compared += 1
            #expect(ours.matches(testCase[2]) == expected, "/\(testCase[0])/\(testCase[1]) on \(testCase[2].debugDescription)")
        }
        #expect(compared > 2_000)
    }

    static func randomPattern(depth: Int) -> String {
        let atoms = ["a", "b", ".", "[ab]", "[^a]", #"\w"#, "x", "^", "$"]
        guard depth > 0 else { return atoms.randomElement()! }
        switch Int.random(in: 0..<7) {
        case 0: return randomPattern(depth: depth - 1) + randomPattern(depth: depth - 1)
        case 1: return "(" + randomPattern(depth: depth - 1) + "|" + randomPattern(depth: depth - 1) + ")"
        case 2: return "(?:" + randomPattern(depth: depth - 1) + ")*"
        case 3: return "(" + randomPattern(depth: depth - 1) + ")+"
        case 4: return "(" + randomPattern(depth: depth - 1) + ")?"
        case 5: return "(" + randomPattern(depth: depth - 1) + "){1,2}"
        default: return atoms.randomElement()!
        }
    }

    static func randomSubject() -> String {
        String((0..<Int.random(in: 0..<8)).map { _ in "abx".randomElement()! })
    }
}
