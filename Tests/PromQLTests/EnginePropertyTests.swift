import Foundation
import Testing
import TimeSeries
@testable import PromQL

/// Random queries over random data: the engine may refuse a query, but must never crash. Bounded by a
/// count and a time budget; the seed is fixed so a failure reproduces.
@Suite struct EnginePropertyTests {
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let metrics = ["a_total", "b", "c_bucket", "nope"]
    static let rangeFunctions = ["rate", "increase", "delta", "irate", "idelta", "deriv", "changes", "resets",
                                 "avg_over_time", "sum_over_time", "min_over_time", "max_over_time", "count_over_time",
                                 "stddev_over_time", "last_over_time", "present_over_time", "absent_over_time"]
    static let instantFunctions = ["abs", "ceil", "floor", "exp", "ln", "sqrt", "round", "sgn", "timestamp", "absent",
                                   "sort", "sort_desc", "clamp_min(%@, 1)", "clamp_max(%@, 1)", "histogram_quantile(0.9, %@)",
                                   "label_replace(%@, \"x\", \"$1\", \"job\", \"(.*)\")", "scalar", "vector(1) + 0 *"]
    static let aggregations = ["sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "topk(2,", "bottomk(1,",
                               "quantile(0.5,", "count_values(\"v\","]
    static let operators = ["+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">= bool", "and", "or", "unless", "atan2"]

    static func store(_ rng: inout Rng) -> SeriesStore {
        var s = SeriesStore()
        for m in metrics.dropLast() {
            for i in 0..<Int.random(in: 1...4, using: &rng) {
                var labels = ["__name__": m, "job": "j\(i % 2)", "instance": "i\(i)"]
                if m == "c_bucket" { labels["le"] = ["0.1", "1", "+Inf", "x"][i % 4] }
                let ref = s.ref(for: Labels(labels))
                var v = Double(Int.random(in: -5...5, using: &rng))
                for step in 0..<Int.random(in: 0...40, using: &rng) {
                    if Int.random(in: 0..<10, using: &rng) == 0 { continue }
                    v += [1, 0, -3, .nan, 1e308, 0.5][Int.random(in: 0..<6, using: &rng)]
                    s.append(ref, t: Int64(step) * 15_000, v: Int.random(in: 0..<30, using: &rng) == 0 ? StaleNaN.value : v)
                }
            }
        }
        return s
    }

    static func vector(_ rng: inout Rng, depth: Int) -> String {
        let m = metrics.randomElement(using: &rng)!
        let selector = ["\(m)", "\(m){job=\"j0\"}", "\(m){job=~\"j.*\"}", "\(m) offset 1m", "\(m) @ 100"].randomElement(using: &rng)!
        guard depth > 0 else { return selector }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0:
            let range = ["[1m]", "[5m]", "[30s]", "[2m:15s]", "[5m:]"].randomElement(using: &rng)!
            return "\(rangeFunctions.randomElement(using: &rng)!)(\(vector(&rng, depth: 0))\(range))"
        case 1:
            let f = instantFunctions.randomElement(using: &rng)!
            let inner = vector(&rng, depth: depth - 1)
            if f.contains("%@") { return f.replacingOccurrences(of: "%@", with: inner) }
            if f.hasSuffix("*") { return "\(f) \(inner)" }
            return f == "scalar" ? "vector(scalar(\(inner)))" : "\(f)(\(inner))"
        case 2:
            let a = aggregations.randomElement(using: &rng)!
            let grouping = ["", " by (job)", " without (instance)"].randomElement(using: &rng)!
            return a.hasSuffix(",") ? "\(a) \(vector(&rng, depth: depth - 1)))\(grouping)" : "\(a)\(grouping) (\(vector(&rng, depth: depth - 1)))"
        case 3:
            let matching = ["", " on (job)", " ignoring (instance)", " on (job) group_left", " ignoring (instance) group_right"].randomElement(using: &rng)!
            return "\(vector(&rng, depth: depth - 1)) \(operators.randomElement(using: &rng)!)\(matching) \(vector(&rng, depth: depth - 1))"
        case 4:
            return "\(vector(&rng, depth: depth - 1)) \(operators.randomElement(using: &rng)!) \(Double(Int.random(in: -2...2, using: &rng)))"
        default:
            return "-(\(vector(&rng, depth: depth - 1)))"
        }
    }

    @Test func randomQueriesOverRandomDataDoNotCrash() {
        var rng = Rng(state: 0xC0FFEE)
        let deadline = Date().addingTimeInterval(15)
        var queries = 0, answered = 0
        var options = Engine.Options.promqlTest
        options.delayedNameRemoval = false
        let engines = [Engine(options: .promqlTest), Engine(options: options)]
        while queries < 5_000, Date() < deadline {
            let data = Self.store(&rng)
            for _ in 0..<25 {
                let q = Self.vector(&rng, depth: Int.random(in: 0...3, using: &rng))
                let engine = engines.randomElement(using: &rng)!
                queries += 1
                if (try? engine.instantQuery(q, at: Int64.random(in: 0...700, using: &rng) * 1000, source: data)) != nil { answered += 1 }
                if (try? engine.rangeQuery(q, start: 0, end: 600_000, step: 30_000, source: data)) != nil { answered += 1 }
            }
        }
        print("PromQL engine property test: \(queries) random queries, \(answered) results, no crash")
        #expect(queries > 0)
    }
}
