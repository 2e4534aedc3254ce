import DeployCore
import Foundation

/// The deploy as a JUnit XML report for GitLab (`artifacts: reports: junit`): one test suite per
/// function, with a test case for the deploy itself and one per gate it went through — the health
/// check, the endpoint check, each rollout step — so that a failed deploy shows in the merge
/// request's test widget with its diagnosis and the end of the function's log.
///
/// ```swift
/// let report = await pipeline.deploy(deployment)
/// try JUnitReport.write(report, to: "deploy-junit.xml")
/// ```
public enum JUnitReport {
    /// One `<testcase>`.
    struct Case {
        var name: String
        var duration: Duration
        var failure: (message: String, type: String, text: String)?
        var output: String?
    }

    /// The report as JUnit XML.
    public static func xml(for report: DeploymentReport) -> String {
        let suites = report.functions.map { function in (function, cases(function)) }
        let tests = suites.reduce(0) { $0 + $1.1.count }
        let failures = suites.reduce(0) { $0 + $1.1.filter { $0.failure != nil }.count }
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="LambdaDeployKit deploy" tests="\#(tests)" failures="\#(failures)" errors="0" "#
                + #"time="\#(seconds(report.duration))">"#,
        ]
        if let refusal = report.diagnosis {
            lines.append(#"  <testsuite name="deploy" tests="1" failures="1" errors="0" time="0">"#)
            lines.append(#"    <testcase classname="deploy" name="preflight" time="0">"#)
            lines.append(#"      <failure message="\#(escape(refusal.summary))" type="\#(refusal.kind)">\#(escape(refusal.fix))</failure>"#)
            lines.append("    </testcase>\n  </testsuite>")
        }
        for (function, cases) in suites {
            lines.append(
                #"  <testsuite name="\#(escape(function.name))" tests="\#(cases.count)" "#
                    + #"failures="\#(cases.filter { $0.failure != nil }.count)" errors="0" time="\#(seconds(function.duration))">"#)
            for testCase in cases {
                let head =
                    #"    <testcase classname="\#(escape(function.name))" name="\#(escape(testCase.name))" "#
                    + #"time="\#(seconds(testCase.duration))""#
                guard testCase.failure != nil || testCase.output != nil else {
                    lines.append(head + "/>")
                    continue
                }
                lines.append(head + ">")
                if let failure = testCase.failure {
                    lines.append(
                        #"      <failure message="\#(escape(failure.message))" type="\#(escape(failure.type))">"#
                            + escape(failure.text) + "</failure>")
                }
                if let output = testCase.output { lines.append("      <system-out>\(escape(output))</system-out>") }
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the report to `path` through a temporary file renamed into place.
    public static func write(_ report: DeploymentReport, to path: String) throws {
        try AtomicFile.write(xml(for: report), to: path)
    }

    /// The function's test cases: the deploy, then each gate that ran, then the one that failed.
    static func cases(_ function: FunctionReport) -> [Case] {
        let failureText = function.diagnosis.map { diagnosis in
            [diagnosis.summary, "fix: \(diagnosis.fix)"].joined(separator: "\n")
                + (diagnosis.logTail.map { "\n\nlog (end):\n\($0)" } ?? "")
        }
        var deploy = Case(
            name: "deploy", duration: function.duration, output: function.steps.map { "\($0.step): \($0.detail)" }.joined(separator: "\n"))
        if !function.succeeded {
            deploy.failure = (
                "\(function.outcome)", function.diagnosis.map { "\($0.kind)" } ?? "failed", failureText ?? "\(function.outcome)"
            )
        }
        var cases = [deploy]
        for step in function.steps {
            guard let name = gateName(step.action) else { continue }
            cases.append(Case(name: name, duration: step.duration, output: step.detail))
        }
        if let action = function.failedAction, let name = gateName(action), let diagnosis = function.diagnosis {
            cases.append(Case(name: name, duration: .zero, failure: (diagnosis.summary, "\(diagnosis.kind)", failureText ?? "")))
        }
        return cases
    }

    /// The test case a gate's action is reported as; `nil` for an action that is not a gate.
    static func gateName(_ action: String) -> String? {
        switch action {
        case "health": return "health check"
        case "endpoint": return "endpoint check"
        case "bake": return "rollout step 1"
        default:
            guard action.hasPrefix("bake-") else { return nil }
            return "rollout step \(action.dropFirst("bake-".count))"
        }
    }

    static func seconds(_ duration: Duration) -> String { String(format: "%.3f", duration.seconds) }

    /// XML's escapes; what XML 1.0 cannot carry (a log line's control characters) is dropped.
    static func escape(_ text: String) -> String { XMLText.escape(text, droppingInvalidCharacters: true) }
}
