import Foundation
import Testing
@testable import Backends

/// The hand-written JSON reader agrees with Foundation's `JSONDecoder` (through `JSONValue: Decodable`) on
/// valid documents and on every corruption of the API bodies, and refuses what RFC 8259 refuses (also the
/// trailing commas Foundation lets through).
struct JSONParserTests {
    static func foundation(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    @Test(arguments: [
        #"{"a":[1,-2.5e3,0,-0,1E+2,0.125],"b":{"c":null,"d":true,"e":false},"f":"x"}"#,
        #"  [ "\"\\\/\b\f\n\r\t" , "\u00e9\u4e2d\ud83d\ude00" , "é中😀" ]  "#,
        #"{"k":1,"k":2}"#,
        #"[]"#, #"{}"#, #"""#, "\"\"", "3", "null", "[[[[]]]]",
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"node"},"value":[1435781451.781,"1"]}]}}"#,
    ])
    func agreesWithFoundationOnValidDocuments(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard let expected = Self.foundation(bytes) else {
            #expect(throws: JSONParser.SyntaxError.self) { _ = try JSONParser.parse(bytes) }
            return
        }
        #expect(try JSONParser.parse(bytes) == expected)
    }

    @Test(arguments: [
        "", " ", "[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[1e]", "[+1]", "[-]", "{a:1}", "['a']", "[\"\\x\"]",
        "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]", "[\"a\nb\"]", "[tru]", "[nul]", "[1] [2]", "[NaN]", "[Infinity]",
        "[1e400]", "{\"a\" 1}", "[1 2]", "\"abc",
    ])
    func refusesInvalidDocuments(_ text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { _ = try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: JSONParser.SyntaxError.self) { _ = try JSONParser.parse([0x22, 0xff, 0x22]) }
        #expect(throws: JSONParser.SyntaxError.self) { _ = try JSONParser.parse([0x22, 0xc3, 0x22]) }
    }

    @Test func depthIsBounded() {
        let ok = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect((try? JSONParser.parse(Array(ok.utf8))) != nil)
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParser.SyntaxError.self) { _ = try JSONParser.parse(Array(deep.utf8)) }
    }

    /// Every prefix and random byte corruption of the API bodies: where Foundation reads a value, the parser
    /// reads the same one, and where Foundation refuses, so does the parser.
    @Test func agreesWithFoundationOnCorruptedBodies() throws {
        var compared = 0, accepted = 0
        for body in DecoderRobustnessTests.prometheusBodies + DecoderRobustnessTests.lokiBodies {
            for m in DecoderRobustnessTests.mutations(of: body) {
                let expected = Self.foundation(m)
                let got = try? JSONParser.parse(m)
                #expect(got == expected, "\(String(decoding: m, as: UTF8.self))")
                compared += 1
                if got != nil { accepted += 1 }
            }
        }
        #expect(compared > 1000)
        #expect(accepted > 5)
    }
}
