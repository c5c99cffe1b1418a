import PromQL
import TimeSeries

/// Compares two engines' answers: labels exactly, floats within a tolerance (NaN equals NaN), series order
/// only where PromQL defines it (`sort`, `sort_desc` at the top of an instant query), errors by presence.
enum OutcomeComparison {
    struct Tolerance: CustomStringConvertible {
        var relative: Double
        var absolute: Double
        var description: String { "relative \(relative), absolute \(absolute)" }

        /// Float arithmetic done in the same order gives the same bits; different but equally valid orders
        /// (Kahan or plain summation, incremental or two-pass means) differ in the last few bits.
        static let standard = Tolerance(relative: 1e-9, absolute: 1e-12)
        /// Bit for bit (NaN still equals NaN).
        static let exact = Tolerance(relative: 0, absolute: 0)
    }

    enum Verdict {
        case agree
        /// What differs, and for matrices the earliest time at which it does.
        case differ(String, firstTime: Int64?)

        var agrees: Bool {
            if case .agree = self { return true }
            return false
        }
    }

    static func same(_ a: Double, _ b: Double, _ tol: Tolerance) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        if a.isInfinite || b.isInfinite { return false }
        let diff = abs(a - b)
        return diff <= tol.absolute || diff <= tol.relative * max(abs(a), abs(b))
    }

    static func compare(prometheus p: QueryOutcome, vigil v: QueryOutcome, ordered: Bool, tolerance tol: Tolerance) -> Verdict {
        switch (p, v) {
        case (.error, .error):
            return .agree
        case (.error(let m), _):
            return .differ("only Prometheus failed: \(m)", firstTime: nil)
        case (_, .error(let m)):
            return .differ("only Vigil failed: \(m)", firstTime: nil)
        case (.scalar(let a), .scalar(let b)):
            return same(a, b, tol) ? .agree : .differ("scalar \(QueryOutcome.number(a)) vs \(QueryOutcome.number(b))", firstTime: nil)
        case (.string(let a), .string(let b)):
            return a == b ? .agree : .differ("string \(a) vs \(b)", firstTime: nil)
        case (.vector(let a), .vector(let b)):
            return compareVectors(a, b, ordered: ordered, tol)
        case (.matrix(let a), .matrix(let b)):
            return compareMatrices(a, b, tol)
        default:
            return .differ("result types differ", firstTime: nil)
        }
    }

    private static func compareVectors(_ a: [(labels: Labels, value: Double)], _ b: [(labels: Labels, value: Double)],
                                       ordered: Bool, _ tol: Tolerance) -> Verdict {
        var left: [Labels: Double] = [:]
        for s in a { left[s.labels] = s.value }
        var right: [Labels: Double] = [:]
        for s in b { right[s.labels] = s.value }
        guard left.count == a.count, right.count == b.count else {
            return .differ("a vector holds one label set twice", firstTime: nil)
        }
        for (labels, x) in left.sorted(by: { $0.key < $1.key }) {
            guard let y = right[labels] else { return .differ("only Prometheus has \(QueryOutcome.series(labels))", firstTime: nil) }
            if !same(x, y, tol) {
                return .differ("\(QueryOutcome.series(labels)): \(QueryOutcome.number(x)) vs \(QueryOutcome.number(y))", firstTime: nil)
            }
        }
        if let extra = right.keys.sorted().first(where: { left[$0] == nil }) {
            return .differ("only Vigil has \(QueryOutcome.series(extra))", firstTime: nil)
        }
        if ordered {
            // Equal values may come in either order, so the order is checked on values alone.
            for (i, (x, y)) in zip(a, b).enumerated() where !same(x.value, y.value, tol) {
                return .differ("order differs at position \(i): \(QueryOutcome.number(x.value)) vs \(QueryOutcome.number(y.value))", firstTime: nil)
            }
        }
        return .agree
    }

    private static func compareMatrices(_ a: [(labels: Labels, points: [Sample])], _ b: [(labels: Labels, points: [Sample])],
                                        _ tol: Tolerance) -> Verdict {
        var left: [Labels: [Sample]] = [:]
        for s in a where !s.points.isEmpty { left[s.labels] = s.points }
        var right: [Labels: [Sample]] = [:]
        for s in b where !s.points.isEmpty { right[s.labels] = s.points }
        guard left.count == a.filter({ !$0.points.isEmpty }).count, right.count == b.filter({ !$0.points.isEmpty }).count else {
            return .differ("a matrix holds one label set twice", firstTime: nil)
        }
        // Report the earliest difference over all series, so that a range query can be narrowed to it.
        var earliest: (String, Int64)?
        func note(_ what: String, _ t: Int64) {
            if earliest == nil || t < earliest!.1 { earliest = (what, t) }
        }
        for labels in Set(left.keys).union(right.keys).sorted() {
            let name = QueryOutcome.series(labels)
            guard let xs = left[labels] else { note("only Vigil has \(name)", right[labels]![0].t); continue }
            guard let ys = right[labels] else { note("only Prometheus has \(name)", xs[0].t); continue }
            var i = 0, j = 0
            while i < xs.count || j < ys.count {
                if j >= ys.count || (i < xs.count && xs[i].t < ys[j].t) {
                    note("\(name): only Prometheus has a point at \(PrometheusServer.seconds(xs[i].t)) (\(QueryOutcome.number(xs[i].v)))", xs[i].t)
                    break
                }
                if i >= xs.count || ys[j].t < xs[i].t {
                    note("\(name): only Vigil has a point at \(PrometheusServer.seconds(ys[j].t)) (\(QueryOutcome.number(ys[j].v)))", ys[j].t)
                    break
                }
                if !same(xs[i].v, ys[j].v, tol) {
                    note("\(name) at \(PrometheusServer.seconds(xs[i].t)): \(QueryOutcome.number(xs[i].v)) vs \(QueryOutcome.number(ys[j].v))", xs[i].t)
                    break
                }
                i += 1
                j += 1
            }
        }
        if let (what, t) = earliest { return .differ(what, firstTime: t) }
        return .agree
    }
}
