/// Lambda's package limits.
public enum LambdaLimits {
    /// The largest zip a direct `UpdateFunctionCode`/`CreateFunction` upload accepts (50 MB).
    public static let directUploadBytes = 52_428_800
    /// The largest unzipped package (250 MB), layers included.
    public static let unzippedBytes = 262_144_000
    /// The most entries a zip without zip64 holds.
    public static let maximumEntries = 65_535
    /// The largest zip (or entry) without zip64.
    public static let maximumArchiveBytes: UInt64 = 0xFFFF_FFFF

    /// The file a handler such as `lambda_function.lambda_handler` or `src/app.handler` lives in,
    /// for the runtime family: `lambda_function.py`, `src/app.js` (or `.mjs`, `.cjs`). `nil` for
    /// runtimes whose handler names no file (Java, .NET, custom runtimes).
    public static func handlerFileCandidates(handler: String, runtime: String?) -> [String]? {
        guard let dot = handler.lastIndex(of: "."), dot != handler.startIndex else { return nil }
        let module = String(handler[..<dot])
        let family = runtime?.lowercased() ?? "python"
        if family.hasPrefix("python") { return [module.replacingOccurrences(of: ".", with: "/") + ".py"] }
        if family.hasPrefix("nodejs") { return ["\(module).js", "\(module).mjs", "\(module).cjs"] }
        if family.hasPrefix("ruby") { return ["\(module).rb"] }
        return nil
    }
}
