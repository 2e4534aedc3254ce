import Foundation

/// A parsed XML element: name, text and children. Enough for AWS query-protocol responses and
/// XML error bodies; namespaces are dropped from names.
public struct AWSXMLElement: Sendable, Hashable {
    /// The element's local name.
    public var name: String
    /// Concatenated text directly inside the element, trimmed.
    public var text: String
    /// Child elements, in document order.
    public var children: [AWSXMLElement]

    /// Creates an element.
    public init(name: String, text: String, children: [AWSXMLElement]) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child named `name`.
    public func child(_ name: String) -> AWSXMLElement? {
        children.first { $0.name == name }
    }

    /// All children named `name`.
    public func children(named name: String) -> [AWSXMLElement] {
        children.filter { $0.name == name }
    }

    /// The element at a path of child names, such as `["GetCallerIdentityResult", "Arn"]`.
    public func element(at path: [String]) -> AWSXMLElement? {
        var current: AWSXMLElement? = self
        for name in path { current = current?.child(name) }
        return current
    }

    /// The text of the element at `path`.
    public func value(at path: String...) -> String? {
        element(at: path)?.text
    }

    /// The first element named `name` anywhere below this one (depth first).
    public func descendant(_ name: String) -> AWSXMLElement? {
        for child in children {
            if child.name == name { return child }
            if let found = child.descendant(name) { return found }
        }
        return nil
    }

    /// Parses a document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws -> AWSXMLElement {
        // AWS writes UTF-8: anything else is refused before it is read.
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw AWSDecodingError("the response is not UTF-8 text, so not the XML AWS sends (\(bytes.count) bytes)")
        }
        var reader = XMLReader(bytes)
        do {
            return try reader.document()
        } catch let failure as XMLReader.Failure {
            throw AWSDecodingError("the response is not well-formed XML: \(failure)")
        }
    }
}

/// A response body that could not be decoded as the operation's output.
public struct AWSDecodingError: Error, Sendable, CustomStringConvertible {
    /// What was wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { "AWSDecodingError: \(message)" }
}
