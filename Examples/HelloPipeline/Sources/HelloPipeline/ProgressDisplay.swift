import Foundation
import LambdaDeployKit

/// Prints a run's events: a one-line progress bar, redrawn in place, for artifact uploads above
/// 10 MB on a terminal; plain lines at every tenth elsewhere (a GitLab job log keeps each line).
struct ProgressDisplay {
    /// Uploads smaller than this print no progress at all.
    let threshold = 10 * 1024 * 1024
    let isTerminal = isatty(STDOUT_FILENO) != 0
    private var lastTenth: [String: Int] = [:]
    private var drawing = false

    mutating func show(_ event: DeploymentEvent) {
        guard case .artifactProgress(let function, let progress) = event else {
            if drawing {
                print("")
                drawing = false
            }
            print(event)
            return
        }
        guard progress.totalBytes >= threshold else { return }
        let fraction = min(1, Double(progress.bytesSent) / Double(max(1, progress.totalBytes)))
        let megabytes = { (bytes: Int) in String(format: "%.1f", Double(bytes) / 1_048_576) }
        let summary =
            "\(Int(fraction * 100))% \(megabytes(progress.bytesSent))/\(megabytes(progress.totalBytes)) MiB, "
            + "part \(progress.partsDone)/\(progress.partsTotal)"
        if isTerminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardOutput.write(Data("\r[\(function)] uploading [\(bar)] \(summary)".utf8))
            drawing = true
        } else {
            let tenth = Int(fraction * 10)
            guard tenth > lastTenth[function, default: -1] else { return }
            lastTenth[function] = tenth
            print("[\(function)] uploading: \(summary)")
        }
    }
}
