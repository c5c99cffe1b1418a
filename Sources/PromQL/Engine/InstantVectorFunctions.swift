import Foundation
import TimeSeries

/// The functions over instant vectors and scalars, evaluated once per step.
enum InstantFunctions {
    /// Inputs are the evaluated arguments at this step (a scalar is a one-element vector; string
    /// arguments are empty and read from the call).
    typealias Function = @Sendable (Evaluator, Call, [[Element]], Int64) throws(QueryError) -> [Element]

    static func lookup(_ name: String) -> Function? { table[name] }

    /// Applies `f` to every float element, dropping the metric name (histograms are skipped).
    private static func math(_ f: @escaping @Sendable (Double) -> Double) -> Function {
        { ev, _, inputs, _ in
            inputs[0].compactMap { e in
                guard e.h == nil else { return nil }
                return ev.droppingName(Element(labels: e.labels, f: f(e.f), h: nil, dropName: true))
            }
        }
    }

    /// Applies `f` to every histogram element, dropping the metric name (floats are skipped).
    private static func histogramFunction(_ f: @escaping @Sendable (NativeHistogram) -> Double) -> Function {
        { ev, _, inputs, _ in
            inputs[0].compactMap { e in
                guard let h = e.h else { return nil }
                return ev.droppingName(Element(labels: e.labels, f: f(h), h: nil, dropName: true))
            }
        }
    }

    /// Date functions read each element's value as Unix seconds (or the step time without argument).
    private static func date(_ f: @escaping @Sendable (GoCivilTime) -> Int64) -> Function {
        { ev, _, inputs, t in
            // Without an argument Prometheus uses `time.Unix(ts/1000, 0)`, Go's truncating division.
            if inputs.isEmpty { return [Element(labels: .empty, f: Double(f(GoCivilTime(unixSeconds: t / 1000))), h: nil)] }
            return inputs[0].compactMap { e in
                guard e.h == nil else { return nil }
                let value = Double(f(GoCivilTime(prometheusValue: e.f)))
                return ev.droppingName(Element(labels: e.labels, f: value, h: nil, dropName: true))
            }
        }
    }

    private static func clamp(_ ev: Evaluator, _ vector: [Element], _ lo: Double, _ hi: Double) -> [Element] {
        if hi < lo { return [] }
        return vector.compactMap { e in
            guard e.h == nil else { return nil }
            return ev.droppingName(Element(labels: e.labels, f: GoMath.max(lo, GoMath.min(hi, e.f)), h: nil, dropName: true))
        }
    }

    private static let table: [String: Function] = [
        "abs": math { Swift.abs($0) },
        "ceil": math { Foundation.ceil($0) },
        "floor": math { Foundation.floor($0) },
        "exp": math { Foundation.exp($0) },
        "sqrt": math { $0.squareRoot() },
        "ln": math { Foundation.log($0) },
        "log2": math { Foundation.log2($0) },
        "log10": math { Foundation.log10($0) },
        "sgn": math { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) },
        "sin": math { Foundation.sin($0) },
        "cos": math { Foundation.cos($0) },
        "tan": math { Foundation.tan($0) },
        "asin": math { Foundation.asin($0) },
        "acos": math { Foundation.acos($0) },
        "atan": math { Foundation.atan($0) },
        "sinh": math { Foundation.sinh($0) },
        "cosh": math { Foundation.cosh($0) },
        "tanh": math { Foundation.tanh($0) },
        "asinh": math { Foundation.asinh($0) },
        "acosh": math { Foundation.acosh($0) },
        "atanh": math { Foundation.atanh($0) },
        "deg": math { $0 * 180 / Double.pi },
        "rad": math { $0 * Double.pi / 180 },
        "round": { ev, _, inputs, _ in
            let toNearest = inputs.count > 1 ? inputs[1][0].f : 1
            let inverse = 1.0 / toNearest
            return inputs[0].compactMap { e in
                guard e.h == nil else { return nil }
                return ev.droppingName(Element(labels: e.labels, f: Foundation.floor(e.f * inverse + 0.5) / inverse, h: nil, dropName: true))
            }
        },
        "clamp": { ev, _, inputs, _ in clamp(ev, inputs[0], inputs[1][0].f, inputs[2][0].f) },
        "clamp_min": { ev, _, inputs, _ in clamp(ev, inputs[0], inputs[1][0].f, .infinity) },
        "clamp_max": { ev, _, inputs, _ in clamp(ev, inputs[0], -.infinity, inputs[1][0].f) },
        "time": { _, _, _, t in [Element(labels: .empty, f: Double(t) / 1000, h: nil)] },
        // The query's own step, range, start and end, in seconds (experimental).
        "step": { ev, _, _, _ in [Element(labels: .empty, f: ev.queryStepSeconds, h: nil)] },
        "range": { ev, _, _, _ in [Element(labels: .empty, f: ev.queryRangeSeconds, h: nil)] },
        "start": { ev, _, _, _ in [Element(labels: .empty, f: Double(ev.queryStart) / 1000, h: nil)] },
        "end": { ev, _, _, _ in [Element(labels: .empty, f: Double(ev.queryEnd) / 1000, h: nil)] },
        "min_of": { _, _, inputs, _ in [Element(labels: .empty, f: GoMath.min(inputs[0][0].f, inputs[1][0].f), h: nil)] },
        "max_of": { _, _, inputs, _ in [Element(labels: .empty, f: GoMath.max(inputs[0][0].f, inputs[1][0].f), h: nil)] },
        "pi": { _, _, _, _ in [Element(labels: .empty, f: Double.pi, h: nil)] },
        "vector": { _, _, inputs, _ in [Element(labels: .empty, f: inputs[0][0].f, h: nil)] },
        "scalar": { _, _, inputs, _ in
            let floats = inputs[0].filter { $0.h == nil }
            return [Element(labels: .empty, f: floats.count == 1 ? floats[0].f : .nan, h: nil)]
        },
        "timestamp": { ev, _, inputs, t in
            inputs[0].map { e in ev.droppingName(Element(labels: e.labels, f: Double(t) / 1000, h: nil, dropName: true)) }
        },
        "absent": { _, call, inputs, _ in
            inputs[0].isEmpty ? [Element(labels: Evaluator.absentLabels(call.args[0]), f: 1, h: nil)] : []
        },
        "sort": { _, _, inputs, _ in sortByValue(inputs[0], descending: false) },
        "sort_desc": { _, _, inputs, _ in sortByValue(inputs[0], descending: true) },
        "sort_by_label": sortByLabels(descending: false),
        "sort_by_label_desc": sortByLabels(descending: true),
        "histogram_quantile": HistogramQuantileFunction.evaluate,
        "histogram_fraction": HistogramQuantileFunction.fraction,
        "histogram_quantiles": HistogramQuantileFunction.quantiles,
        "histogram_count": histogramFunction { $0.count },
        "histogram_sum": histogramFunction { $0.sum },
        "histogram_avg": histogramFunction { $0.sum / $0.count },
        "histogram_stddev": histogramFunction { $0.standardDeviation },
        "histogram_stdvar": histogramFunction { $0.variance },
        "minute": date { Int64($0.minute) },
        "hour": date { Int64($0.hour) },
        "month": date { Int64($0.month) },
        "year": date { $0.year },
        "day_of_month": date { Int64($0.day) },
        "day_of_week": date { Int64($0.weekday) },
        "day_of_year": date { Int64($0.dayOfYear) },
        "days_in_month": date { Int64($0.daysInMonth) },
    ]

    /// `sort`/`sort_desc`: floats only, NaN last in both directions.
    private static func sortByValue(_ v: [Element], descending: Bool) -> [Element] {
        v.filter { $0.h == nil }.enumerated().sorted { a, b in
            let l = a.element.f, r = b.element.f
            if l.isNaN != r.isNaN { return r.isNaN }
            if l != r { return descending ? l > r : l < r }
            return a.offset < b.offset
        }.map(\.element)
    }

    private static func sortByLabels(descending: Bool) -> Function {
        { (ev: Evaluator, call: Call, inputs: [[Element]], _: Int64) throws(QueryError) -> [Element] in
            sortByLabels(inputs[0], try ev.stringArgs(call, from: 1), descending: descending)
        }
    }

    /// `sort_by_label`: by the named labels in natural order (numbers within strings compare by value),
    /// then by the whole label set.
    private static func sortByLabels(_ v: [Element], _ names: [String], descending: Bool) -> [Element] {
        v.sorted { a, b in
            for name in names {
                let l = a.labels[name] ?? "", r = b.labels[name] ?? ""
                if l == r { continue }
                return NaturalOrder.less(l, r) != descending
            }
            return descending ? b.labels < a.labels : a.labels < b.labels
        }
    }
}

extension Evaluator {
    /// Removes the name at once unless delayed name removal is on (then the element only carries the mark).
    func droppingName(_ e: Element) -> Element {
        guard !options.delayedNameRemoval else { return e }
        var copy = e
        copy.labels = copy.labels.droppingMetricName
        return copy
    }

    func stringArgs(_ call: Call, from index: Int) throws(QueryError) -> [String] {
        var out: [String] = []
        for arg in call.args.dropFirst(index) { out.append(try evalString(arg)) }
        return out
    }
}

/// Natural ("version") order of strings: runs of digits compare as numbers.
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        var ca = i.next(), cb = j.next()
        while let x = ca, let y = cb {
            if isDigit(x) && isDigit(y) {
                var na = "", nb = ""
                while let c = ca, isDigit(c) { na.unicodeScalars.append(c); ca = i.next() }
                while let c = cb, isDigit(c) { nb.unicodeScalars.append(c); cb = j.next() }
                let ta = na.drop { $0 == "0" }, tb = nb.drop { $0 == "0" }
                if ta.count != tb.count { return ta.count < tb.count }
                if ta != tb { return ta < tb }
                continue
            }
            if x != y { return x.value < y.value }
            ca = i.next()
            cb = j.next()
        }
        return ca == nil && cb != nil
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
}
