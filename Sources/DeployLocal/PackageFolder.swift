import DeployZip
import Foundation

/// The package as the runtime sees it: the deploy's zip unpacked into a fresh folder.
enum PackageFolder {
    /// Unpacks `archive` (refusing zip-slip paths, as the reader does) with each entry's mode.
    static func unpack(_ archive: String) throws(LocalFunctionError) -> String {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("lambdadeploykit-local-\(UUID().uuidString.lowercased())")
        do {
            let zip = try DeploymentArchive(contentsOf: archive)
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for entry in zip.entries {
                let path = (folder as NSString).appendingPathComponent(entry.path)
                if entry.isDirectory {
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                    continue
                }
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let bytes = try zip.contents(of: entry.path)
                if entry.isSymlink {
                    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: String(decoding: bytes, as: UTF8.self))
                } else {
                    guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: Int(entry.permissions == 0 ? 0o644 : entry.permissions)]) else {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                    }
                }
            }
            return folder
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw LocalFunctionError(kind: .badPackage, message: "cannot unpack \(archive): \(error)", log: "")
        }
    }
}
