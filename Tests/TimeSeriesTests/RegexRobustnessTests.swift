import Testing
@testable import TimeSeries

/// Random strings of regex syntax: compiling never traps, and every machine gives the same answer.
@Suite struct RegexRobustnessTests {
    /// A small deterministic generator (the test must not depend on the run).
    private struct LCG {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    @Test func randomSyntaxNeverTrapsAndMachinesAgree() throws {
        let pieces = ["a", "b", "é", "(", ")", "(?:", "(?i)", "(?P<n>", "[", "]", "^", "$", "\\", "*", "+", "?", "{",
                      "}", "{2}", "{1,3}", ",", "|", ".", "-", "\\b", "\\B", "\\d", "\\pL", "\\p{", "[:alpha:]", "\\Q",
                      "\\E", "\\x{", "1", "0", "(?m)", "(?s)", "(?U)", "\n", "☺"]
        let alphabet = ["a", "b", "é", "\n", "1", " ", "☺", "A", "-"]
        var rng = LCG(state: 42)
        var compiled = 0
        for _ in 0..<20_000 {
            var pattern = ""
            for _ in 0..<(1 + rng.next(10)) { pattern += pieces[rng.next(pieces.count)] }
            guard let re = try? GoRegex(pattern) else { continue }
            compiled += 1
            for _ in 0..<3 {
                var text = ""
                for _ in 0..<rng.next(8) { text += alphabet[rng.next(alphabet.count)] }
                let viaBacktracker = RegexInput.with(text) {
                    BacktrackMatcher(program: re.program).search($0, from: 0, slotCount: re.program.slotCount)
                }
                let viaPike = RegexInput.with(text) {
                    PikeVM(program: re.program).search($0, from: 0, slotCount: re.program.slotCount)
                }
                #expect(viaBacktracker == viaPike, "\(pattern.debugDescription) on \(text.debugDescription)")
                #expect(re.matches(text) == (viaPike != nil), "\(pattern.debugDescription) on \(text.debugDescription)")
                _ = re.replaceAll(text, with: "[$1]")
                _ = re.allMatchIndices(text)
            }
        }
        #expect(compiled > 2_000)
    }
}
