import PromQL
import TimeSeries

/// Compares a query result with an eval's expectations, rule for rule as upstream's `compareResult`.
/// Returns nil when they agree, else a message saying what was expected and what came back.
enum ResultComparison {
    /// Where the i-th expected value of a series line sits: `start + i × step`, and no later than `end`.
    struct Window {
        var start: Int64
        var end: Int64
        var step: Int64

        /// For an instant eval: the values sit at the eval time and (upstream's zero `end` time) a matrix
        /// result can never hold them, so a matrix needs `expect range vector`.
        static func instant(_ eval: EvalCommand) -> Window {
            if let rv = eval.expectations.rangeVector?.value { return Window(start: rv.start, end: rv.end, step: rv.step) }
            if case .instant(let at) = eval.kind { return Window(start: at, end: Int64.min, step: 0) }
            return Window(start: 0, end: Int64.min, step: 0)
        }

        static func of(_ eval: EvalCommand) -> Window {
            if case .range(let start, let end, let step) = eval.kind { return Window(start: start, end: end, step: step) }
            return instant(eval)
        }
    }

    static func compare(_ value: QueryValue, with eval: EvalCommand, window: Window) -> String? {
        let expect = eval.expectations
        // A label set listed twice counts once, with its last line.
        var expected: [Labels: ExpectedSeries] = [:]
        for s in expect.series { expected[s.labels] = s }
        let expectScalar = expect.scalar != nil

        switch value {
        case .matrix(let matrix):
            if eval.isOrdered { return "expected ordered result, but query returned a matrix" }
            if expectScalar { return "expected scalar result, but got matrix \(format(matrix))" }
            if let unsorted = unsortedMessage(matrix) { return unsorted }
            var seen = Set<Labels>()
            for s in matrix {
                guard let exp = expected[s.labels] else {
                    return "unexpected metric \(s.labels) in result, has \(format(s))"
                }
                seen.insert(s.labels)
                var floats: [Sample] = []
                var histograms: [(t: Int64, h: NativeHistogram, hintSet: Bool)] = []
                for (i, point) in exp.points.enumerated() {
                    let t = window.start &+ Int64(i) &* window.step
                    if t > window.end {
                        return "expected \(exp.points.count) points for \(exp.labels), but query time range cannot return this many points"
                    }
                    switch point.value {
                    case .histogram(let h): histograms.append((t, h, point.counterResetHintSet))
                    case .float(let v): floats.append(Sample(t: t, v: v))
                    case .missing: break
                    }
                }
                if floats.count != s.floats.count || histograms.count != s.histograms.count {
                    return "expected \(floats.count) float points and \(histograms.count) histogram points for \(exp.labels), but got \(format(s))"
                }
                for (i, e) in floats.enumerated() {
                    let a = s.floats[i]
                    if e.t != a.t {
                        return "expected float value at index \(i) for \(exp.labels) to have timestamp \(e.t), but it had timestamp \(a.t) (result has \(format(s)))"
                    }
                    if !ValueComparison.floatsMatch(a.v, e.v) {
                        return "expected float value at index \(i) (t=\(a.t)) for \(exp.labels) to be \(float(e.v)), but got \(float(a.v)) (result has \(format(s)))"
                    }
                }
                for (i, e) in histograms.enumerated() {
                    let a = s.histograms[i]
                    if e.t != a.t {
                        return "expected histogram value at index \(i) for \(exp.labels) to have timestamp \(e.t), but it had timestamp \(a.t) (result has \(format(s)))"
                    }
                    if !ValueComparison.histogramsMatch(expected: e.h, actual: a.h, counterResetHintSet: e.hintSet) {
                        return "expected histogram value at index \(i) (t=\(a.t)) for \(exp.labels) to be \(ValueComparison.testExpression(e.h)), but got \(ValueComparison.testExpression(a.h)) (result has \(format(s)))"
                    }
                }
            }
            for s in expect.series where !seen.contains(s.labels) {
                return "expected metric \(s.labels) not found"
            }
            return nil

        case .vector(let vector):
            if expectScalar { return "expected scalar result, but got vector \(format(vector))" }
            var seen = Set<Labels>()
            for (pos, sample) in vector.enumerated() {
                guard let exp = expected[sample.labels] else {
                    if let h = sample.histogram {
                        return "unexpected metric \(sample.labels) in result, has value \(ValueComparison.testExpression(h))"
                    }
                    return "unexpected metric \(sample.labels) in result, has value \(float(sample.value))"
                }
                if eval.isOrdered && exp.position != pos + 1 {
                    return "expected metric \(sample.labels) with \(format(exp.points)) at position \(exp.position) but was at \(pos + 1)"
                }
                guard let first = exp.points.first else {
                    return "expected metric \(sample.labels) is listed without a value"
                }
                switch (first.value, sample.histogram) {
                case (.histogram(let h), let actual?):
                    if !ValueComparison.histogramsMatch(expected: h, actual: actual, counterResetHintSet: first.counterResetHintSet) {
                        return "expected \(ValueComparison.testExpression(h)) for \(sample.labels) but got \(ValueComparison.testExpression(actual))"
                    }
                case (.histogram(let h), nil):
                    return "expected histogram \(ValueComparison.testExpression(h)) for \(sample.labels) but got float value \(float(sample.value))"
                case (_, let actual?):
                    return "expected float value \(format(first)) for \(sample.labels) but got histogram \(ValueComparison.testExpression(actual))"
                case (let v, nil):
                    // Upstream reads `_` here as the value 0.
                    let e: Double = if case .float(let f) = v { f } else { 0 }
                    if !ValueComparison.floatsMatch(e, sample.value) {
                        return "expected \(float(e)) for \(sample.labels) but got \(float(sample.value))"
                    }
                }
                seen.insert(sample.labels)
            }
            for s in expect.series where !seen.contains(s.labels) && expected[s.labels]?.line == s.line {
                return "expected metric \(s.labels) with \(format(s.points)) not found"
            }
            return nil

        case .scalar(_, let v):
            guard let exp = expect.scalar?.value else { return "expected vector or matrix result, but got scalar \(float(v))" }
            if !ValueComparison.floatsMatch(exp, v) { return "expected scalar \(float(exp)) but got \(float(v))" }
            return nil

        case .string(_, let s):
            let exp = expect.string?.value ?? ""
            if exp != s { return "expected string \"\(exp)\" but got \"\(s)\"" }
            return nil
        }
    }

    /// A matrix must come back sorted by label set (upstream's `assertMatrixSorted`).
    static func unsortedMessage(_ matrix: [RangeSeries]) -> String? {
        guard matrix.count > 1 else { return nil }
        for i in 0..<(matrix.count - 1) where matrix[i + 1].labels < matrix[i].labels {
            return "matrix results should always be sorted by labels, but matrix is not sorted: series at index \(i + 1) with labels \(matrix[i + 1].labels) sorts before series at index \(i) with labels \(matrix[i].labels)"
        }
        return nil
    }

    // MARK: formatting, close to upstream's

    static func float(_ v: Double) -> String { GoFloatFormat.format(v) }

    static func format(_ s: RangeSeries) -> String {
        let floats = s.floats.map { "\(float($0.v)) @[\($0.t)]" }.joined(separator: " ")
        let histograms = s.histograms.map { "\(ValueComparison.testExpression($0.h)) @[\($0.t)]" }.joined(separator: " ")
        return "\(s.floats.count) float point\(s.floats.count == 1 ? "" : "s") [\(floats)] and \(s.histograms.count) histogram point\(s.histograms.count == 1 ? "" : "s") [\(histograms)]"
    }

    static func format(_ matrix: [RangeSeries]) -> String {
        matrix.map { "\($0.labels) => \(format($0))" }.joined(separator: "\n")
    }

    static func format(_ vector: [InstantSample]) -> String {
        vector.map { s in
            let v = s.histogram.map(ValueComparison.testExpression) ?? float(s.value)
            return "\(s.labels) => \(v) @[\(s.t)]"
        }.joined(separator: "\n")
    }

    static func format(_ point: ExpectedPoint) -> String {
        switch point.value {
        case .missing: return "_"
        case .float(let v): return float(v)
        case .histogram(let h): return ValueComparison.testExpression(h)
        }
    }

    static func format(_ points: [ExpectedPoint]) -> String {
        "[" + points.map(format).joined(separator: " ") + "]"
    }
}
