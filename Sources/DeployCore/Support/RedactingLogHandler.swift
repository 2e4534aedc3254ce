import Logging

/// A log handler that passes every message and metadata value through a ``Redactor`` before the
/// handler it wraps sees them.
///
/// ```swift
/// let logger = Logger(label: "deploy") { label in RedactingLogHandler(wrapping: StreamLogHandler.standardOutput(label: label)) }
/// ```
public struct RedactingLogHandler: LogHandler {
    /// The handler that writes.
    public var wrapped: any LogHandler
    /// What is redacted.
    public let redactor: Redactor

    /// Wraps `handler`; secrets are those of `redactor` (``Redactor/shared`` by default).
    public init(wrapping handler: any LogHandler, redactor: Redactor = .shared) {
        wrapped = handler
        self.redactor = redactor
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue.mapValues(redact) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue.map(redact) }
    }

    public func log(event: LogEvent) {
        var event = event
        event.message = "\(redactor.redact(event.message.description))"
        event.metadata = event.metadata?.mapValues(redact)
        wrapped.log(event: event)
    }

    private func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): return .string(redactor.redact(text))
        case .stringConvertible(let convertible): return .string(redactor.redact(convertible.description))
        case .array(let values): return .array(values.map(redact))
        case .dictionary(let values): return .dictionary(values.mapValues(redact))
        }
    }
}
