import Foundation
import Testing

@testable import DeployCore

@Suite("The XML reader of AWS's answers")
struct XMLReaderTests {
    @Test("elements, text with entities and character references, CDATA, comments, PIs, namespaces, attributes, self-closing")
    func wellFormed() throws {
        let document = """
            \u{FEFF}<?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <ns:GetRoleResponse xmlns:ns="https://iam.amazonaws.com/doc/2010-05-08/" a='1'>
              <GetRoleResult><Role>
                <RoleName>app&amp;co &lt;1&gt; &quot;x&quot; &apos;y&apos; &#233;&#x1F600;</RoleName>
                <Description><![CDATA[<raw> & text]]></Description>
                <Tags/><?pi data?>
              </Role></GetRoleResult>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
            </ns:GetRoleResponse>
            """
        let root = try AWSXMLElement.parse(Array(document.utf8))
        #expect(root.name == "GetRoleResponse")
        #expect(root.value(at: "GetRoleResult", "Role", "RoleName") == "app&co <1> \"x\" 'y' é😀")
        #expect(root.value(at: "GetRoleResult", "Role", "Description") == "<raw> & text")
        #expect(root.element(at: ["GetRoleResult", "Role", "Tags"])?.children.isEmpty == true)
        #expect(root.value(at: "ResponseMetadata", "RequestId") == "r-1")
    }

    @Test(
        "malformed or hostile documents are a typed error, never a trap (the fuzzers' crashers among them)",
        arguments: [
            "A<Epo<po<?xmlr?><Erroes >", "<a><b></a></b>", "<a>", "</a>", "<a></a><b></b>", "text<a/>", "<a>&bogus;</a>", "<a>&#0;</a>",
            "<a>&#xD800;</a>", "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "<a b=c></a>", "<a><![CDATA[x</a>", "<a><!-- x</a>", "",
            "<>", "<a></ a>",
        ])
    func refused(_ text: String) {
        #expect(throws: AWSDecodingError.self) { try AWSXMLElement.parse(Array(text.utf8)) }
    }

    @Test("nesting deeper than 64 is refused")
    func depth() throws {
        let deep = String(repeating: "<a>", count: 65) + String(repeating: "</a>", count: 65)
        #expect(throws: AWSDecodingError.self) { try AWSXMLElement.parse(Array(deep.utf8)) }
        let fine = String(repeating: "<a>", count: 64) + String(repeating: "</a>", count: 64)
        #expect(try AWSXMLElement.parse(Array(fine.utf8)).name == "a")
    }

    @Test("XMLText: the five escapes and CR survive a round trip through the reader; invalid characters dropped only when asked")
    func escaping() throws {
        let text = "a<b> & \"c\" 'd'\r\ne\tf"
        let element = try AWSXMLElement.parse(Array("<k>\(XMLText.escape(text))</k>".utf8))
        #expect(element.text == text)
        #expect(XMLText.escape("bell\u{07}end", droppingInvalidCharacters: true) == "bellend")
        #expect(XMLText.escape("bell\u{07}end") == "bell\u{07}end", "an S3 key is sent as given, for S3 to refuse")
    }
}
