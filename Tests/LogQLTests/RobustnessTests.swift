import Foundation
import Testing
@testable import LogQL

/// SplitMix64: small, seedable, good enough to drive mutations reproducibly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Fragments the mutator splices in: every token kind and the usual trouble makers.
private let fragments: [String] = [
    "{", "}", "(", ")", "[", "]", "[5m]", ",", "|", "|=", "|~", "|>", "!>", "!=", "!~", "=~", "=", "==", ">", ">=", "<", "<=",
    "+", "-", "*", "/", "%", "^", " or ", " and ", " unless ", " by ", " without ", " bool ", " on ", " ignoring ",
    " group_left ", " group_right ", " offset ", "json", "logfmt", "--strict", "--keep-empty", "unpack", "regexp",
    "pattern", "unwrap", "line_format", "label_format", "drop", "keep", "decolorize", "ip(", "bytes(", "duration(",
    "rate(", "sum(", "topk(", "quantile_over_time(", "label_replace(", "vector(", "\"", "`", "\\", "#", "\n", "\t",
    "\"x\"", "`y`", "a", "__error__", "1", "-1", "0x1p3", "1e9", ".5", "5m", "-5m", "1KiB", "20MB", "1h30m", "é", "\u{0}",
    "(?i)", "<_>", "<x>", "{{.x}}", "9999999999999999999999", "1e400",
]

@Test func mutationDoesNotCrash() {
    // The conformance queries, when present, make a richer seed set.
    let conformance = Conformance.available ? ((try? Conformance.queries("queries-valid.txt")) ?? []) : []
    let seeds = builtInQueries + homelabRuleQueries + conformance
    var rng = SplitMix64(state: 0x5EED)
    let deadline = Date().addingTimeInterval(20)
    var runs = 0, parsed = 0
    var roundTripFailures: [String] = []
    while runs < 300_000, Date() < deadline {
        for _ in 0..<200 {
            var q = Array(seeds.randomElement(using: &rng)!.unicodeScalars)
            for _ in 0...Int.random(in: 0...3, using: &rng) {
                let at = Int.random(in: 0...q.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0 where !q.isEmpty:
                    q.removeSubrange(at..<min(q.count, at + Int.random(in: 1...4, using: &rng)))
                case 1:
                    q.insert(contentsOf: fragments.randomElement(using: &rng)!.unicodeScalars, at: at)
                case 2 where !q.isEmpty:
                    q = Array(q.prefix(at))
                default:
                    let other = Array(seeds.randomElement(using: &rng)!.unicodeScalars)
                    let from = Int.random(in: 0...other.count, using: &rng)
                    q.insert(contentsOf: other[from..<min(other.count, from + 12)], at: at)
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: q)
            runs += 1
            if let e = try? LogQLParser.parseExpr(text) {
                parsed += 1
                // Whatever parses must print to something that parses back the same.
                if (try? LogQLParser.parseExpr(e.description)) != e, roundTripFailures.count < 20 {
                    roundTripFailures.append("\(text)\n    printed \(e)")
                }
            }
        }
    }
    print("LogQL mutation test: \(runs) inputs, \(parsed) parsed, \(roundTripFailures.count) round-trip failures")
    for f in roundTripFailures { print("  ROUND TRIP: \(f)") }
    #expect(roundTripFailures.isEmpty)
}

@Test func randomTokenSoupDoesNotCrash() {
    var rng = SplitMix64(state: 42)
    var runs = 0
    let deadline = Date().addingTimeInterval(5)
    while runs < 100_000, Date() < deadline {
        let count = Int.random(in: 0...25, using: &rng)
        let text = (0..<count).map { _ in fragments.randomElement(using: &rng)! }.joined()
        _ = try? LogQLParser.parseExpr(text)
        runs += 1
    }
    print("LogQL token soup test: \(runs) inputs")
}
