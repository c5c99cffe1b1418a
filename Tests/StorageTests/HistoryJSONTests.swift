import Foundation
import Testing
@testable import Storage

/// The hand-written JSON of label and annotation columns reads back as what was written.
struct HistoryJSONTests {
    @Test(arguments: [
        [:],
        ["alertname": "Disk", "instance": "a:9100"],
        ["q": "say \"hi\"\\now", "ctl": "\u{1}\u{1f}\n\r\t", "uni": "é ✓ 😀 \u{2028}", "": "empty key", "slash": "a/b"],
    ] as [[String: String]])
    func roundTrip(_ pairs: [String: String]) throws {
        let text = HistoryJSON.object(pairs)
        #expect(HistoryJSON.decodeObject(text) == pairs, "\(text)")
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(parsed == pairs)
    }

    @Test func keysAreSorted() {
        #expect(HistoryJSON.object(["b": "2", "a": "1", "c": "3"]) == #"{"a":"1","b":"2","c":"3"}"#)
    }
}
