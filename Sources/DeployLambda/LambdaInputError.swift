import DeployCore

/// Input Lambda would refuse, caught before anything is sent.
public struct LambdaInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public var message: String
    /// For a function ARN in another region than the client's: the ARN's region …
    public var functionRegion: String?
    /// … and the client's.
    public var clientRegion: String?
    public var description: String { "LambdaInputError: \(message)" }
}

/// Lambda's input rules.
enum LambdaInput {
    /// A function name (1–64 of `A–Z a–z 0–9 - _`), a partial ARN (`123456789012:function:name`) or
    /// a full ARN; an ARN naming another region than the client's is refused, naming both.
    static func checkName(_ name: String, clientRegion: Region) throws {
        if name.hasPrefix("arn:") {
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 7, parts[2] == "lambda", parts[5] == "function", isName(parts[6]) else {
                throw LambdaInputError(message: "'\(name)' is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)")
            }
            guard parts[3] == clientRegion.name else {
                throw LambdaInputError(
                    message:
                        "the function ARN is in \(parts[3]) but the client is configured for \(clientRegion.name): set "
                        + "AWS_REGION=\(parts[3]), or use the ARN of the function in \(clientRegion.name)",
                    functionRegion: String(parts[3]), clientRegion: clientRegion.name)
            }
            return
        }
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        let bare = parts.count == 3 && parts[1] == "function" ? parts[2] : (parts.count == 1 ? parts[0] : "")
        guard isName(bare) else {
            throw LambdaInputError(message: "'\(name)' is not a valid function name: use 1 to 64 letters, digits, hyphens or underscores")
        }
    }

    /// A permission's statement id: 1–100 of `A–Z a–z 0–9 - _` (Lambda's `StatementId` pattern).
    static func checkStatementID(_ id: String) throws {
        guard (1...100).contains(id.utf8.count), id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw LambdaInputError(message: "'\(id)' is not a valid statement id: use 1 to 100 letters, digits, hyphens or underscores")
        }
    }

    /// A layer name (1–140 of `A–Z a–z 0–9 - _`) or a layer ARN (`arn:aws:lambda:REGION:ACCOUNT:layer:NAME`).
    static func checkLayerName(_ name: String) throws {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false)
        let bare = parts.count == 7 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "layer" ? parts[6] : Substring(name)
        guard (1...140).contains(name.utf8.count), !bare.isEmpty,
            bare.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw LambdaInputError(
                message: "'\(name)' is not a valid layer name: use 1 to 140 letters, digits, hyphens or underscores, or the layer's ARN")
        }
    }

    static func isName(_ name: Substring) -> Bool {
        (1...64).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static func checkSettings(memorySize: Int?, timeout: Int?) throws {
        if let memorySize, !(128...10_240).contains(memorySize) {
            throw LambdaInputError(message: "memorySize \(memorySize) MB is outside Lambda's 128 to 10,240 MB")
        }
        if let timeout, !(1...900).contains(timeout) {
            throw LambdaInputError(message: "timeout \(timeout) s is outside Lambda's 1 to 900 seconds")
        }
    }

    static func checkZip(_ bytes: [UInt8], size: Int? = nil) throws {
        let size = size ?? bytes.count
        guard size <= 52_428_800 else {
            throw LambdaInputError(
                message:
                    "the zip is \(size) bytes, above the 52,428,800-byte (50 MB) direct-upload limit: upload it to S3 and pass "
                    + ".s3(bucket:key:)"
            )
        }
        guard bytes.starts(with: [0x50, 0x4B]) else {
            throw LambdaInputError(message: "the code is not a zip archive (it does not start with PK)")
        }
    }
}

/// The function ran and failed: Lambda answered 200 with `X-Amz-Function-Error`.
public struct FunctionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `Handled` or `Unhandled`.
    public var kind: String
    /// The function's error document (`{"errorMessage": …, "errorType": …}`).
    public var payload: [UInt8]
    /// The tail of the log, when asked for.
    public var logTail: String?

    public var description: String {
        "the function failed (\(kind)): \(String(decoding: payload.prefix(512), as: UTF8.self))"
    }
}

/// The function's last update failed.
public struct FunctionUpdateFailed: Error, Sendable, Hashable, CustomStringConvertible {
    /// The function.
    public var function: String
    /// Lambda's `LastUpdateStatusReason`.
    public var reason: String

    public var description: String { "the last update of \(function) failed: \(reason)" }
}
