import TimeSeries

/// The sample limit (`Engine.Options.maxSamples`), counted as upstream's evaluator counts it.
///
/// `currentSamples` is what the evaluation holds at a moment, not what it has read: a node adds the samples
/// it produces, and when a node has folded its inputs into its output it lets the inputs go, so the count
/// drops back to what was held before plus the output (upstream's `rangeEval`, aggregations, and range
/// functions, which hold one series' window at a time and release a subquery's points when done). The limit
/// is checked as samples are added, so a query fails when its peak would pass it.
///
/// A float point counts one. A native histogram counts by its Go memory size in 16-byte units, as upstream
/// does: `(Size()+8)/16` in a series (`HPoint.size`), `1 + Size()/16` in a step's vector
/// (`Vector.TotalSamples`).
///
/// Where Vigil's evaluator is shaped differently, the count follows the same intent with small differences:
/// `@`-pinned parts are evaluated at every step rather than once and copied (upstream's
/// `StepInvariantExpr`), and `timestamp(selector)` counts its output but not the per-step transient of the
/// samples it looked at.
extension Evaluator {
    /// Adds `n` held samples and fails if that passes the limit.
    func countSamples(_ n: Int) throws(QueryError) {
        currentSamples += n
        if currentSamples > options.maxSamples { throw QueryError.tooManySamples }
    }

    /// One step of `rangeEval`: the input elements gathered for the step count while the step runs, and the
    /// step's output stays held.
    func checkStepSamples(gathered: Int, output: [Element]) throws(QueryError) {
        guard !output.isEmpty else {
            if currentSamples + gathered > options.maxSamples { throw QueryError.tooManySamples }
            return
        }
        let produced = Evaluator.vectorSampleCount(output)
        if currentSamples + gathered + produced > options.maxSamples { throw QueryError.tooManySamples }
        currentSamples += produced
    }

    /// Upstream `Vector.TotalSamples`.
    static func vectorSampleCount(_ v: [Element]) -> Int {
        v.reduce(0) { $0 + ($1.h.map { $0.vectorSampleWeight } ?? 1) }
    }

    /// Upstream `Matrix.TotalSamples` of a one-point-per-element matrix.
    static func matrixSampleCount(_ v: [Element]) -> Int {
        v.reduce(0) { $0 + ($1.h.map { $0.matrixSampleWeight } ?? 1) }
    }

    /// Upstream `len(floats) + totalHPointSize(histograms)`.
    static func sampleCount(_ floats: ArraySlice<Sample>, _ histograms: ArraySlice<HistogramSample>) -> Int {
        floats.count + histograms.reduce(0) { $0 + $1.h.matrixSampleWeight }
    }
}

extension StepSeries {
    /// Upstream `len(Floats) + totalHPointSize(Histograms)`.
    var sampleCount: Int { floats.count + histograms.reduce(0) { $0 + $1.h.matrixSampleWeight } }
}

extension NativeHistogram {
    /// Upstream `FloatHistogram.Size()`: the bytes a float histogram takes in Go on a 64-bit machine, a
    /// 168-byte struct and 8 bytes per span, bucket and custom bound.
    var goMemorySize: Int {
        168 + 8 * (positiveSpans.count + negativeSpans.count + positiveBuckets.count + negativeBuckets.count + customValues.count)
    }

    /// Upstream `HPoint.size()`: how many samples a histogram point in a series counts as.
    var matrixSampleWeight: Int { (goMemorySize + 8) / 16 }

    /// How many samples a histogram in a step's vector counts as (upstream `Vector.TotalSamples`).
    var vectorSampleWeight: Int { 1 + goMemorySize / 16 }
}
