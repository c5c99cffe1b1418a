import Foundation
import Testing
@testable import Server

/// The API's JSON reader agrees with Foundation's on what is valid and on the values, and reads strings
/// as Go does (invalid UTF-8 and lone surrogates become U+FFFD).
struct RequestJSONReaderTests {
    /// A comparable rendering of a decoded value, whichever reader produced it.
    static func render(_ v: Any) -> String {
        switch v {
        case let s as String: return "s:" + s.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: ".")
        case let a as [Any]: return "[" + a.map(render).joined(separator: ",") + "]"
        case let o as [String: Any]: return "{" + o.keys.sorted().map { "\(render($0)):\(render(o[$0]!))" }.joined(separator: ",") + "}"
        case is RequestJSONReader.Null, is NSNull: return "null"
        case let b as Bool: return "b:\(b)"
        case let d as Double: return "n:\(d)"
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { return "b:\(n.boolValue)" }
            return "n:\(n.doubleValue)"
        default: return "?\(v)"
        }
    }

    /// Foundation on Linux reads the numbers 0 and 1 as NSNumbers it cannot tell from booleans, so the
    /// comparison texts avoid them (the reader's own numbers are checked separately).
    static let valid = [
        #"[{"labels":{"alertname":"A","instance":"a:9100"},"annotations":{"summary":"x"},"startsAt":"2024-01-01T00:00:00Z"}]"#,
        #"{"a":[7,-2,3.5,1e3,-0.25E-2,-0.5],"b":true,"c":false,"d":null,"e":{}, "f":[]}"#,
        "  [ 7 , \"x\" ,\n\t{ \"k\" : \"v\" } ]  ",
        #"["esc \" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u2028 \ud83d\ude00"]"#,
        #""just a string""#, "42", "true", "null",
        #"{"dup":1,"dup":2}"#,
    ]

    static let invalid = [
        "", "[1,]", "{\"a\":1,}", "[1 2]", "{a:1}", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "tru", "nul", "[\"a]",
        "[\"\u{1}\"]", "[\"\\x\"]", "[\"\\u12\"]", "{\"a\" 1}", "[1] x", "[", "{", "/* c */ 1",
    ]

    @Test(arguments: valid)
    func agreesWithFoundationOnValidJSON(_ text: String) throws {
        let ours = try RequestJSONReader.parse(Array(text.utf8))
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(Self.render(ours) == Self.render(theirs))
    }

    @Test(arguments: invalid)
    func refusesInvalidJSON(_ text: String) {
        #expect(throws: RequestJSONReader.SyntaxError.self) { try RequestJSONReader.parse(Array(text.utf8)) }
    }

    @Test func stringsAreReadAsGoReadsThem() throws {
        let lone = try RequestJSONReader.parse(Array(#"["\ud83d x", "\ude00"]"#.utf8)) as? [Any]
        #expect(lone?.compactMap { $0 as? String } == ["\u{FFFD} x", "\u{FFFD}"])
        let badUTF8 = try RequestJSONReader.parse([0x22, 0x61, 0xFF, 0x62, 0x22]) as? String
        #expect(badUTF8 == "a\u{FFFD}b")
    }

    @Test func numbersAreDoublesAndBooleansBools() throws {
        let values = try RequestJSONReader.parse(Array("[0, 1, true, false, -0, 1e400]".utf8)) as? [Any]
        #expect(values?.count == 6)
        #expect((values?[0] as? Double) == 0 && (values?[1] as? Double) == 1)
        #expect((values?[2] as? Bool) == true && (values?[3] as? Bool) == false)
        #expect((values?[5] as? Double) == .infinity)
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: RequestJSONReader.SyntaxError.self) { try RequestJSONReader.parse(Array(deep.utf8)) }
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? RequestJSONReader.parse(Array(ok.utf8))) != nil)
    }
}
