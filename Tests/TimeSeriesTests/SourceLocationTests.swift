import Testing
@testable import TimeSeries

@Suite struct SourceLocationTests {
    @Test func positionsFromUTF8Offsets() {
        let text = "groups:\n  - name: é1\n    rules: []\n"
        #expect(SourcePosition(utf8Offset: 0, in: text) == SourcePosition(line: 1, column: 1))
        #expect(SourcePosition(utf8Offset: 7, in: text) == SourcePosition(line: 1, column: 8))   // the newline
        #expect(SourcePosition(utf8Offset: 8, in: text) == SourcePosition(line: 2, column: 1))
        // "é" takes two bytes but one column.
        let one = text.utf8.firstIndex(of: UInt8(ascii: "1"))!
        #expect(SourcePosition(utf8Offset: text.utf8.distance(from: text.utf8.startIndex, to: one), in: text)
                == SourcePosition(line: 2, column: 12))
        #expect(SourcePosition(utf8Offset: 1000, in: "ab\nc") == SourcePosition(line: 2, column: 2))
    }

    @Test func positionsOrderByLineThenColumn() {
        #expect(SourcePosition(line: 1, column: 9) < SourcePosition(line: 2, column: 1))
        #expect(SourcePosition(line: 2, column: 1) < SourcePosition(line: 2, column: 3))
        #expect(SourcePosition(line: 3, column: 4).description == "3:4")
        #expect(SourceRange(start: 2, end: 5).description == "2..<5")
    }

    @Test func formatsWithLineAndCaret() {
        let source = "groups:\n  - name: x\n    expresion: up == 0\n"
        let out = formatLocatedError(file: "rules.yaml", position: SourcePosition(line: 3, column: 5),
                                     message: "unknown field \"expresion\"", source: source)
        #expect(out == """
            rules.yaml:3:5: unknown field "expresion"
                    expresion: up == 0
                    ^
            """)
    }

    @Test func caretSkipsTabsAndWideCharacters() {
        let out = formatLocatedError(file: "f", position: SourcePosition(line: 1, column: 4),
                                     message: "m", source: "\té:x")
        // The tab prints as four spaces; "é" is one column.
        #expect(out == "f:1:4: m\n        é:x\n          ^")  // the caret sits under "x"
    }

    @Test func withoutSourceOrOutOfRangeOnlyTheFirstLine() {
        #expect(formatLocatedError(file: "f", position: SourcePosition(line: 1, column: 1), message: "m", source: nil)
                == "f:1:1: m")
        #expect(formatLocatedError(file: "f", position: SourcePosition(line: 9, column: 1), message: "m", source: "a\nb")
                == "f:9:1: m")
        #expect(formatLocatedError(file: "f", position: SourcePosition(line: 0, column: 1), message: "m", source: "a")
                == "f:0:1: m")
    }
}
