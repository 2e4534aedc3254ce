// zip-tool SOURCE DESTINATION: DeploymentPackage.build as a process of its own, so that its peak
// memory is measured the same way as the peers' (by /usr/bin/time).
import DeployZip
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: ZipTool SOURCE DESTINATION\n".utf8))
    exit(2)
}
let summary = try await DeploymentPackage.build(from: arguments[1], to: arguments[2])
FileHandle.standardError.write(Data("\(summary.entryCount) entries, \(summary.archiveBytes) bytes, CodeSha256 \(summary.codeSHA256)\n".utf8))
