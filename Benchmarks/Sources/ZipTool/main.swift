// ZipTool SOURCE DESTINATION [--reusing PREVIOUS] [--no-sync]: DeploymentPackage.build as a process
// of its own, so that its peak memory is measured the same way as the peers' (by /usr/bin/time).
// With `--reusing`, the entries of PREVIOUS (and its .index) whose content is unchanged are copied;
// `--no-sync` skips the flush to stable storage before the rename (to measure what it costs).
// ZipTool --fingerprint SOURCE: only the walk, the reads and the SHA-256 of every file (what
// verifying a tree by content costs, with nothing compressed, copied or written), on one thread.
import DeployZip
import Foundation

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 2, arguments[0] == "--fingerprint" {
    let fingerprint = try DeploymentPackage.fingerprint(of: arguments[1])
    FileHandle.standardError.write(Data("\(fingerprint)\n".utf8))
    exit(0)
}
var options = DeploymentPackage.Options()
if let index = arguments.firstIndex(of: "--no-sync") {
    options.synchronizesToDisk = false
    arguments.remove(at: index)
}
var previous: String?
if let index = arguments.firstIndex(of: "--reusing"), index + 1 < arguments.count {
    previous = arguments[index + 1]
    arguments.removeSubrange(index...(index + 1))
}
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: ZipTool SOURCE DESTINATION [--reusing PREVIOUS] [--no-sync]\n".utf8))
    exit(2)
}
let summary = try await DeploymentPackage.build(from: arguments[0], to: arguments[1], options: options, reusing: previous)
FileHandle.standardError.write(
    Data(
        "\(summary.entryCount) entries (\(summary.reusedEntries) reused), \(summary.archiveBytes) bytes, CodeSha256 \(summary.codeSHA256)\n"
            .utf8))
