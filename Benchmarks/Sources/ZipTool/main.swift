// ZipTool SOURCE DESTINATION [--reusing PREVIOUS]: DeploymentPackage.build as a process of its own,
// so that its peak memory is measured the same way as the peers' (by /usr/bin/time). With
// `--reusing`, the entries of PREVIOUS (and its .index) whose content is unchanged are copied.
import DeployZip
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 || (arguments.count == 5 && arguments[3] == "--reusing") else {
    FileHandle.standardError.write(Data("usage: ZipTool SOURCE DESTINATION [--reusing PREVIOUS]\n".utf8))
    exit(2)
}
let summary = try await DeploymentPackage.build(from: arguments[1], to: arguments[2], reusing: arguments.count == 5 ? arguments[4] : nil)
FileHandle.standardError.write(
    Data(
        "\(summary.entryCount) entries (\(summary.reusedEntries) reused), \(summary.archiveBytes) bytes, CodeSha256 \(summary.codeSHA256)\n"
            .utf8))
