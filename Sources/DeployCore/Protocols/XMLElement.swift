import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

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
        let delegate = TreeBuilder()
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = delegate
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), let root = delegate.root else {
            throw AWSDecodingError(
                "the response is not well-formed XML (line \(parser.lineNumber)): "
                    + "\(parser.parserError.map { "\($0)" } ?? "no root element")"
            )
        }
        return root
    }
}

/// Builds the tree from parser events. Used by one parse on one thread.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [AWSXMLElement] = []
    var root: AWSXMLElement?
    var depthLimitExceeded = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        guard stack.count < 64 else {
            depthLimitExceeded = true
            parser.abortParsing()
            return
        }
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(AWSXMLElement(name: local, text: "", children: []))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard var element = stack.popLast() else { return }
        element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if stack.isEmpty {
            root = element
        } else {
            stack[stack.count - 1].children.append(element)
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
