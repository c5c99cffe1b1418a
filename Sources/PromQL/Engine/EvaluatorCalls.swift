import Foundation
import TimeSeries

/// Function calls: range-vector functions run per series over each step's window; the others run per
/// step over instant vectors.
extension Evaluator {
    func evalCall(_ call: Call) throws(QueryError) -> StepMatrix {
        let name = call.function.name
        let savedStatsDecoding = histogramStatsDecoding
        defer { histogramStatsDecoding = savedStatsDecoding }
        switch name {
        case "histogram_count", "histogram_sum", "histogram_avg": histogramStatsDecoding = true
        case "histogram_quantile", "histogram_quantiles", "histogram_fraction": histogramStatsDecoding = false
        default: break
        }
        if name == "timestamp", case .vectorSelector(let vs)? = unwrapParens(call.args.first) {
            return try evalSelectorTimestamps(vs)
        }
        if let index = call.args.firstIndex(where: { $0.type == .matrix }) {
            return try evalRangeFunction(call, matrixArgument: index)
        }
        switch name {
        case "label_replace": return try evalLabelReplace(call)
        case "label_join": return try evalLabelJoin(call)
        case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc":
            if !isInstant {
                annotations.warn("sort is ineffective for range queries since results are always ordered by labels", at: call.range)
            }
        default:
            break
        }
        guard let function = InstantFunctions.lookup(name) else {
            throw error("function \"\(name)\" is not supported by this engine")
        }
        return try rangeEval(call.args) { inputs, t throws(QueryError) in
            try function(self, call, inputs, t)
        }
    }

    /// Runs a range-vector function: one output series per input series, one value per step from the
    /// points in that step's window.
    private func evalRangeFunction(_ call: Call, matrixArgument index: Int) throws(QueryError) -> StepMatrix {
        let name = call.function.name
        guard let function = RangeFunctions.lookup(name) else {
            throw error("function \"\(name)\" is not supported by this engine")
        }
        // The other arguments are scalars (or a string); evaluate them once for all steps.
        var scalarArgs: [[Double]] = []
        for (i, arg) in call.args.enumerated() where i != index {
            if arg.type == .string { continue }
            let m = try eval(arg)
            var byStep: [Int64: Double] = [:]
            for s in m.first?.floats ?? [] { byStep[s.t] = s.v }
            scalarArgs.append(steps.map { byStep[$0] ?? .nan })
        }
        let arg = try rangeArgument(call.args[index])
        // A subquery's points are held until the function is done with them (upstream releases them when
        // the call returns); a selector's points are held one series' window at a time, below.
        let subquerySamples = arg.selector == nil ? arg.series.reduce(0) { $0 + Evaluator.sampleCount($1.floats, $1.histograms) } : 0
        defer { currentSamples -= subquerySamples }
        let anchored = arg.selector?.anchored ?? false, smoothed = arg.selector?.smoothed ?? false
        if anchored && !["changes", "delta", "increase", "rate", "resets"].contains(name) {
            throw error("anchored modifier can only be used with: changes, delta, increase, rate, resets - not with \(name)")
        }
        if smoothed && !["delta", "increase", "rate"].contains(name) {
            throw error("smoothed modifier can only be used with: delta, increase, rate - not with \(name)")
        }
        let before = anchored || smoothed ? options.lookbackDelta : 0
        let after = smoothed ? options.lookbackDelta : 0
        // last_over_time and first_over_time act like a shifted selector: they keep the name.
        let dropName = name != "last_over_time" && name != "first_over_time"
        var out: StepMatrix = []
        let stepList = Array(steps)
        for s in arg.series {
            try interruption.tick()
            var result = StepSeries(labels: s.labels, dropName: dropName || s.dropName)
            if !options.delayedNameRemoval && result.dropName { result.labels = result.labels.droppingMetricName }
            // With `@`, every step reads the same window.
            var fixedWindow: (ArraySlice<Sample>, ArraySlice<HistogramSample>)?
            // Timestamps wrap as upstream's int64 arithmetic does (see EvaluatorSelectors).
            if let at = arg.at { fixedWindow = window(s, ref: at &- arg.offset &+ after, range: arg.range &+ before &+ after) }
            // The samples of this series' current window, held while the function reads them.
            var windowSamples = 0
            for (k, t) in stepList.enumerated() {
                let ref = (arg.at ?? t) &- arg.offset
                let (floats, histograms) = fixedWindow ?? window(s, ref: ref &+ after, range: arg.range &+ before &+ after)
                // A function reads its whole window: a step over a day of samples is many steps' work.
                try interruption.tick(cost: 1 + (floats.count + histograms.count) / 256)
                if fixedWindow == nil || k == 0 {
                    let held = Evaluator.sampleCount(floats, histograms)
                    try countSamples(held - windowSamples)
                    windowSamples = held
                }
                if floats.isEmpty && histograms.isEmpty { continue }
                let context = RangeFunctions.Context(
                    evaluator: self, call: call, t: t, rangeStart: ref &- arg.range, rangeEnd: ref,
                    range: arg.range, args: scalarArgs.map { $0[k] }, metricName: s.labels.metricName,
                    anchored: anchored, smoothed: smoothed)
                if let (f, h) = try function(context, floats, histograms) {
                    result.append(t: t, f: f, h: h)
                }
            }
            // As upstream, the output is checked while the window is still held, then the window is let go.
            if !result.isEmpty { try countSamples(result.sampleCount) }
            currentSamples -= windowSamples
            if result.isEmpty { continue }
            if (name == "rate" || name == "increase"), !result.floats.isEmpty, let metric = s.labels.metricName,
               !(metric.hasSuffix("_total") || metric.hasSuffix("_sum") || metric.hasSuffix("_count") || metric.hasSuffix("_bucket")) {
                annotations.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \(quoteGo(metric))",
                                 at: call.args[index].range)
            }
            out.append(result)
        }
        if name == "absent_over_time" {
            return absentOverTime(out, call: call)
        }
        if !options.delayedNameRemoval {
            var seen = Set<Labels>()
            for s in out where !seen.insert(s.labels).inserted {
                throw error("vector cannot contain metrics with the same labelset")
            }
        }
        return out
    }

    /// `absent_over_time`: 1 at the steps where no input series had a point, with the selector's
    /// equality-matcher labels.
    private func absentOverTime(_ present: StepMatrix, call: Call) -> StepMatrix {
        var found = Set<Int64>()
        for s in present {
            for p in s.floats { found.insert(p.t) }
            for p in s.histograms { found.insert(p.t) }
        }
        let missing = steps.filter { !found.contains($0) }
        if missing.isEmpty { return [] }
        let labels = Evaluator.absentLabels(call.args[0])
        return [StepSeries(labels: labels, dropName: true, floats: missing.map { Sample(t: $0, v: 1) })]
    }

    /// The labels `absent` and `absent_over_time` give their result: the selector's equality matchers,
    /// except names matched more than once or by other matcher types.
    static func absentLabels(_ expr: Expr) -> Labels {
        var matchers: [LabelMatcher]
        switch expr {
        case .vectorSelector(let vs): matchers = vs.matchers
        case .matrixSelector(let ms): matchers = ms.vectorSelector.matchers
        default: return .empty
        }
        var values: [String: String] = [:]
        var has = Set<String>()
        for m in matchers where m.name != Label.metricName {
            if m.type == .equal && !has.contains(m.name) {
                values[m.name] = m.value
                has.insert(m.name)
            } else {
                values[m.name] = nil
            }
        }
        return Labels(values)
    }
}
