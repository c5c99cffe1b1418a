import Foundation
import Testing
@testable import PromQL

/// Random and mutated inputs must never crash the parser or printer (traps, overflow, deep recursion).
@Suite struct RobustnessTests {
    /// SplitMix64: small, fast and deterministic, so a failure can be replayed.
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    }

    static let fragments: [String] = [
        "(", ")", "[", "]", "{", "}", ",", ":", "=", "==", "!=", "=~", "!~", "<", ">", "<=", ">=", "</", ">/",
        "+", "-", "*", "/", "%", "^", "@", "#", "\"", "'", "`", "\\", " ", "\n", "0", "1", "9", ".", "e", "x",
        "0x", "1e", "5m", "1h30m", "Inf", "NaN", "sum", "by", "without", "on", "ignoring", "group_left",
        "group_right", "bool", "offset", "start()", "end()", "step()", "range()", "min_of", "max_of", "anchored",
        "smoothed", "fill", "fill_left", "fill_right", "and", "or", "unless", "atan2", "topk", "count_values",
        "rate", "label_replace", "info", "foo", "bar", "__name__", "é", "日本", "\u{FFFD}", "\t", "_", "$",
        "99999999999999999999999", "-9223372036854775808", "1e400", "0x_", "1__0",
    ]

    static let seeds: [String] = {
        var all = trickyExpressions
        for (_, exprs) in TestData.evalExpressions() { all.append(contentsOf: exprs.map(\.expr)) }
        return all
    }()

    static func mutate(_ s: String, _ rng: inout RNG) -> String {
        var scalars = Array(s.unicodeScalars)
        let rounds = 1 + rng.below(4)
        for _ in 0..<rounds {
            switch rng.below(6) {
            case 0 where !scalars.isEmpty:
                scalars.remove(at: rng.below(scalars.count))
            case 1:
                let frag = fragments[rng.below(fragments.count)].unicodeScalars
                scalars.insert(contentsOf: frag, at: rng.below(scalars.count + 1))
            case 2 where scalars.count > 1:
                let i = rng.below(scalars.count - 1)
                scalars.swapAt(i, i + 1)
            case 3 where !scalars.isEmpty:
                // Splice a piece of another seed.
                let other = Array(seeds[rng.below(seeds.count)].unicodeScalars)
                if !other.isEmpty {
                    let a = rng.below(other.count)
                    let b = min(other.count, a + 1 + rng.below(12))
                    let at = rng.below(scalars.count + 1)
                    scalars.insert(contentsOf: other[a..<b], at: at)
                }
            case 4 where !scalars.isEmpty:
                let a = rng.below(scalars.count)
                let b = min(scalars.count, a + 1 + rng.below(8))
                scalars.removeSubrange(a..<b)
            default:
                let frag = fragments[rng.below(fragments.count)].unicodeScalars
                scalars.append(contentsOf: frag)
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    static func random(_ rng: inout RNG) -> String {
        var s = ""
        for _ in 0..<(1 + rng.below(12)) { s += fragments[rng.below(fragments.count)] }
        return s
    }

    /// Parses, and for successes prints and re-parses; any trap fails the whole test run.
    static func exercise(_ input: String) -> Bool {
        for options in [PromQLParser.Options.all, PromQLParser.Options()] {
            if let expr = try? PromQLParser.parseExpr(input, options: options) {
                let printed = expr.description
                _ = expr.vectorSelectors
                if let again = try? PromQLParser.parseExpr(printed, options: options), again != expr {
                    Issue.record("round trip changed the tree: \(input.debugDescription) -> \(printed.debugDescription)")
                    return false
                }
            }
        }
        return true
    }

    @Test func randomAndMutatedInputsDoNotCrash() {
        // A fixed seed keeps runs reproducible; VIGIL_FUZZ_SEED explores other inputs.
        let seed = ProcessInfo.processInfo.environment["VIGIL_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_F00D
        var rng = RNG(state: seed)
        let limit = 300_000
        let deadline = Date().addingTimeInterval(20)
        var count = 0
        var roundTripProblems = 0
        while count < limit {
            if count % 256 == 0, Date() > deadline { break }
            let input = rng.below(4) == 0 ? RobustnessTests.random(&rng)
                : RobustnessTests.mutate(RobustnessTests.seeds[rng.below(RobustnessTests.seeds.count)], &rng)
            if !RobustnessTests.exercise(input) {
                roundTripProblems += 1
                if roundTripProblems > 20 { break }
            }
            count += 1
        }
        print("PromQL robustness: \(count) inputs in the time budget")
        #expect(count > 1000)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let inputs = [
            String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000),
            String(repeating: "-", count: 100_000) + "1",
            "x" + String(repeating: "[1m:]", count: 50_000),
            Array(repeating: "1", count: 100_000).joined(separator: "+"),
            Array(repeating: "2", count: 100_000).joined(separator: "^"),
            "foo[" + String(repeating: "(", count: 50_000) + "5m" + String(repeating: ")", count: 50_000) + "]",
            String(repeating: "sum(", count: 50_000) + "x" + String(repeating: ")", count: 50_000),
        ]
        for input in inputs {
            #expect(throws: PromQLError.self) { try PromQLParser.parseExpr(input, options: .all) }
        }
        // The longest accepted chain parses, prints, compares and type-checks without running out of stack.
        let longest = Array(repeating: "x", count: 2_000).joined(separator: " + ")
        if let e = try? PromQLParser.parseExpr(longest) {
            #expect((try? PromQLParser.parseExpr(e.description)) == e)
        } else {
            Issue.record("a chain of 1,999 operators should parse")
        }
        // Moderate nesting is fine.
        let ok = String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100)
        #expect((try? PromQLParser.parseExpr(ok)) != nil)
    }
}
