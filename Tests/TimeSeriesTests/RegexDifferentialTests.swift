import Foundation
import Testing
@testable import TimeSeries

/// Compares `GoRegex` with RE2 on random patterns and inputs written by
/// `scripts/regex-differential-cases.py` (RE2 agrees with Go on the syntax it generates). The committed
/// fixture holds 20,000 pairs; `VIGIL_REGEX_CASES=/path/cases.jsonl` runs a bigger file instead.
@Suite struct RegexDifferentialTests {
    @Test func agreesWithRE2() throws {
        let path = ProcessInfo.processInfo.environment["VIGIL_REGEX_CASES"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/regex-re2-cases.jsonl").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var pairs = 0
        var agreed = 0
        var disagreements: [String] = []
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let pattern = object?["p"] as? String, let cases = object?["c"] as? [[Any]] else {
                Issue.record("bad line: \(line.prefix(80))")
                continue
            }
            let search: GoRegex
            let whole: GoRegex
            do {
                search = try GoRegex(pattern)
                whole = try GoRegex(pattern, anchored: true)
            } catch {
                pairs += cases.count
                disagreements.append("\(pattern.debugDescription): \(error.message)")
                continue
            }
            for c in cases {
                guard let input = c[0] as? String else { continue }
                pairs += 1
                let expectedSearch = c[1] as? [Int]
                let expectedWhole = c[2] as? [Int]
                let gotSearch = search.firstMatchIndices(input).map { Self.scalarOffsets($0, input) }
                let gotWhole = whole.firstMatchIndices(input).map { Self.scalarOffsets($0, input) }
                let ok = gotSearch == expectedSearch && gotWhole == expectedWhole
                    && search.matches(input) == (expectedSearch != nil) && whole.matches(input) == (expectedWhole != nil)
                if ok {
                    agreed += 1
                } else {
                    disagreements.append("\(pattern.debugDescription) on \(input.debugDescription): RE2 \(String(describing: expectedSearch)) / \(String(describing: expectedWhole)), ours \(String(describing: gotSearch)) / \(String(describing: gotWhole)), matches \(search.matches(input)) / \(whole.matches(input))")
                }
            }
        }
        print("regex differential: \(agreed) of \(pairs) pairs agree with RE2 (\(path))")
        for d in disagreements.prefix(25) { print("  " + d) }
        #expect(pairs > 0)
        #expect(disagreements.isEmpty)
    }

    /// Byte offsets to scalar offsets (RE2's Python module reports the latter).
    static func scalarOffsets(_ bytes: [Int], _ s: String) -> [Int] {
        var scalarAt: [Int: Int] = [:]
        var offset = 0
        for (i, c) in s.unicodeScalars.enumerated() {
            scalarAt[offset] = i
            offset += String(c).utf8.count
        }
        scalarAt[offset] = s.unicodeScalars.count
        return bytes.map { $0 < 0 ? -1 : scalarAt[$0] ?? -2 }
    }
}
