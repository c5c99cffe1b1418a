import Rules
import PromQL
import TimeSeries

/// Feeds a rule unit test's input series to storage up to each evaluation time, as promqltest's
/// `LazyLoader` does for `promtool test rules`.
///
/// Loading lazily matters for exactness, not speed: storage then holds exactly what upstream's test
/// storage holds at every evaluation, so a rule that writes into an input series meets the same
/// out-of-order and duplicate-sample refusals (see `SharedSeriesStore`).
public struct LazySeriesLoader: Sendable {
    private struct Point: Sendable {
        var t: Int64
        var value: Double
        var histogram: NativeHistogram?
    }

    private struct Series: Sendable {
        var labels: Labels
        var points: [Point]
        var next = 0
    }

    private var series: [Series]

    /// Takes every sample of `store` (typically built from the test's `input_series`).
    public init(_ store: SeriesStore) {
        // No matchers select every series; `maxt + 1` must not overflow.
        series = store.select([], mint: .min, maxt: .max - 1).map { s in
            var points = s.floats.map { Point(t: $0.t, value: $0.v) }
            points += s.histograms.map { Point(t: $0.t, value: 0, histogram: $0.h) }
            points.sort { $0.t < $1.t }
            return Series(labels: s.labels, points: points)
        }
    }

    /// Whether every sample has been loaded.
    public var isExhausted: Bool { series.allSatisfy { $0.next == $0.points.count } }

    /// Appends every not yet loaded sample at or before `t` (milliseconds), series by series in time
    /// order. Stops at the first refusal and rethrows it (promtool then reports it and skips the
    /// evaluation at that time).
    public mutating func load(till t: Int64, into appender: inout some SampleAppender) throws {
        for i in series.indices {
            while series[i].next < series[i].points.count {
                let p = series[i].points[series[i].next]
                guard p.t <= t else { break }
                // Consumed even if refused, so a later call does not retry it forever.
                series[i].next += 1
                if let h = p.histogram {
                    try appender.append(series[i].labels, t: p.t, histogram: h)
                } else {
                    try appender.append(series[i].labels, t: p.t, value: p.value)
                }
            }
        }
    }
}
