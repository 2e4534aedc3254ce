import Foundation

/// A small XML reader for what AWS sends: elements, text, the five predefined entities and
/// character references, CDATA, comments and processing instructions (skipped). Attributes are
/// read past; namespace prefixes are dropped from names. A `<!DOCTYPE` is refused (AWS never sends
/// one; it is how entity-expansion attacks begin), as is anything not well formed.
///
/// Ours rather than FoundationXML's `XMLParser`, which a fuzzer made trap on an element name that
/// is not UTF-8 and crash on a processing instruction without data, and which leaks on every
/// malformed document.
struct XMLReader {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var offset: Int
        var description: String { "\(message) at byte \(offset)" }
    }

    private let bytes: [UInt8]
    private var index = 0
    /// The deepest nesting read (AWS's documents are a few levels deep).
    static let maximumDepth = 64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// The document's root element.
    mutating func document() throws -> AWSXMLElement {
        var stack: [AWSXMLElement] = []
        var root: AWSXMLElement?
        var text: [UInt8] = []
        func flushText(into stack: inout [AWSXMLElement]) {
            if !stack.isEmpty, !text.isEmpty { stack[stack.count - 1].text += String(decoding: text, as: UTF8.self) }
            text.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                guard !stack.isEmpty else { throw fail("text outside the root element") }
                text += try entity()
                continue
            }
            guard byte == UInt8(ascii: "<") else {
                if stack.isEmpty, !Self.isSpace(byte) { throw fail("text outside the root element") }
                text.append(byte)
                index += 1
                continue
            }
            if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<![CDATA[") {
                guard !stack.isEmpty else { throw fail("CDATA outside the root element") }
                index += 9
                let start = index
                try skip(past: "]]>")
                text += bytes[start..<(index - 3)]
            } else if starts("<!") {
                throw fail("a declaration (DOCTYPE) is not accepted")
            } else if starts("</") {
                index += 2
                let name = try self.name()
                skipSpaces()
                try expect(">")
                flushText(into: &stack)
                guard var element = stack.popLast(), element.name == Self.local(name) else {
                    throw fail("</\(name)> closes no open element")
                }
                element.text = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
                if stack.isEmpty {
                    root = element
                } else {
                    stack[stack.count - 1].children.append(element)
                }
            } else {
                guard root == nil else { throw fail("a second root element") }
                index += 1
                let name = try self.name()
                let closed = try attributes()
                flushText(into: &stack)
                guard stack.count < Self.maximumDepth else { throw fail("elements nested deeper than \(Self.maximumDepth)") }
                let element = AWSXMLElement(name: Self.local(name), text: "", children: [])
                if closed {
                    if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
                } else {
                    stack.append(element)
                }
            }
        }
        guard stack.isEmpty else { throw fail("<\(stack.last!.name)> is not closed") }
        guard let root else { throw fail("no root element") }
        return root
    }

    private func fail(_ message: String) -> Failure { Failure(message: message, offset: index) }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    private static func local(_ name: String) -> String {
        name.split(separator: ":", omittingEmptySubsequences: false).last.map(String.init) ?? name
    }

    private func starts(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in bytes[index..<(index + count)].elementsEqual(prefix) }
    }

    private mutating func skip(past terminator: StaticString) throws {
        while index < bytes.count {
            if starts(terminator) {
                index += terminator.utf8CodeUnitCount
                return
            }
            index += 1
        }
        throw fail("unterminated construct (no \(terminator))")
    }

    private mutating func skipSpaces() {
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ character: Unicode.Scalar) throws {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { throw fail("expected \(character)") }
        index += 1
    }

    /// A name: up to whitespace, `/`, `>` or `=`.
    private mutating func name() throws -> String {
        let start = index
        while index < bytes.count, !Self.isSpace(bytes[index]),
            ![UInt8(ascii: "/"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "<")].contains(bytes[index])
        {
            index += 1
        }
        guard index > start else { throw fail("an empty name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Reads past the attributes and the tag's end; whether the element closed itself (`/>`).
    private mutating func attributes() throws -> Bool {
        while true {
            skipSpaces()
            guard index < bytes.count else { throw fail("unterminated tag") }
            if bytes[index] == UInt8(ascii: ">") {
                index += 1
                return false
            }
            if starts("/>") {
                index += 2
                return true
            }
            _ = try name()
            skipSpaces()
            try expect("=")
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw fail("an attribute value without quotes")
            }
            let quote = bytes[index]
            index += 1
            while index < bytes.count, bytes[index] != quote { index += 1 }
            try expect(Unicode.Scalar(quote))
        }
    }

    /// `&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&#NN;`, `&#xHH;`, as UTF-8.
    private mutating func entity() throws -> [UInt8] {
        let start = index
        guard let end = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw fail("an unterminated entity") }
        let name = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
        index = end + 1
        switch name {
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "amp": return [UInt8(ascii: "&")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            let value: UInt32?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                value = UInt32(name.dropFirst(2), radix: 16)
            } else if name.hasPrefix("#") {
                value = UInt32(name.dropFirst(), radix: 10)
            } else {
                value = nil
            }
            guard let value, value != 0, let scalar = Unicode.Scalar(value) else {
                throw Failure(message: "unknown entity &\(name);", offset: start)
            }
            return Array(String(Character(scalar)).utf8)
        }
    }
}
