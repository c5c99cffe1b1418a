import Foundation
import PromQL
import TimeSeries

/// The random series both engines query: counters, gauges and classic histograms over three hours, with
/// gaps, late starts, early ends, NaN and infinite values and (in the last hour) staleness markers.
///
/// Timing rules that keep Prometheus 2.42 and 3.x comparable (2.42 windows are closed on the left, 3.x ones
/// are open; see `KnownDifferences`): every sample lies at a millisecond that is neither a whole nor a half
/// second, while every query time is a whole second plus 500 ms and every range, offset and step is whole
/// seconds. So no sample and no subquery point (always whole seconds) can sit on a window's edge.
///
/// The data is split in time: samples before `blockEnd` go into a TSDB block (`promtool tsdb
/// create-blocks-from openmetrics`), the rest through remote write into the head. The split exists because
/// OpenMetrics text cannot carry a staleness marker (a NaN with particular bits), and the head only accepts
/// samples newer than the newest block; so staleness markers appear only after `blockEnd`.
struct RandomDataSet {
    enum Kind: String { case counter, gauge, histogram }

    /// One series: its labels, its metric family (the name OpenMetrics groups it under) and its samples in
    /// time order. A staleness marker is a sample whose value has `StaleNaN.bits`.
    struct Series {
        var labels: Labels
        var family: String
        var kind: Kind
        var samples: [Sample]
    }

    static let start: Int64 = 1_700_000_000_000
    static let blockEnd: Int64 = start + 2 * 3_600_000
    static let end: Int64 = start + 3 * 3_600_000

    var series: [Series]

    /// Label names that appear in the data, for `by`, `on` and friends.
    static let labelNames = ["job", "instance", "code", "mode", "le"]
    /// Metric names (as selected) with the label values they may carry.
    static let jobs = ["api", "db", "web"]
    static let instances = ["i0", "i1", "i2"]
    static let bucketBounds = ["0.1", "0.5", "1.0", "2.5", "+Inf"]
    static let bucketLimits: [Double] = [0.1, 0.5, 1.0, 2.5, .infinity]

    static func generate(seed: UInt64) -> RandomDataSet {
        var rng = SplitMix(seed: seed ^ 0xDA7A)
        var out: [Series] = []
        for job in ["api", "web"] {
            for instance in instances {
                for code in ["200", "500"] where rng.chance(0.7) {
                    let labels = Labels(["__name__": "http_requests_total", "job": job, "instance": instance, "code": code])
                    let times = scrapeTimes(&rng)
                    out.append(Series(labels: labels, family: "http_requests", kind: .counter,
                                      samples: counter(times, &rng, ratePerSecond: rng.double(0.05..<20))))
                }
            }
        }
        for job in ["api", "db"] {
            for instance in ["i0", "i1"] {
                for mode in ["user", "idle"] where rng.chance(0.8) {
                    let labels = Labels(["__name__": "cpu_seconds_total", "job": job, "instance": instance, "mode": mode])
                    let times = scrapeTimes(&rng)
                    out.append(Series(labels: labels, family: "cpu_seconds", kind: .counter,
                                      samples: counter(times, &rng, ratePerSecond: rng.double(0.01..<1))))
                }
            }
        }
        for job in jobs {
            for instance in ["i0", "i1"] where rng.chance(0.8) {
                let common = ["job": job, "instance": instance]
                var t = common
                t["__name__"] = "temperature_celsius"
                out.append(Series(labels: Labels(t), family: "temperature_celsius", kind: .gauge,
                                  samples: gauge(scrapeTimes(&rng), &rng, start: rng.double(15..<30), step: 0.5, decimals: 10, nanChance: 0.005)))
                var q = common
                q["__name__"] = "queue_length"
                out.append(Series(labels: Labels(q), family: "queue_length", kind: .gauge,
                                  samples: gauge(scrapeTimes(&rng), &rng, start: Double(rng.int(0...20)), step: 3, decimals: 1, nanChance: 0, floor: 0)))
                var r = common
                r["__name__"] = "ready"
                out.append(Series(labels: Labels(r), family: "ready", kind: .gauge,
                                  samples: flag(scrapeTimes(&rng), &rng)))
            }
        }
        for job in ["api", "web"] {
            for instance in ["i0", "i1"] where rng.chance(0.85) {
                out.append(contentsOf: histogram(job: job, instance: instance, &rng))
            }
        }
        return RandomDataSet(series: out)
    }

    /// Scrape times of one target: a fixed interval with jitter, an optional late start or early end, a
    /// few gaps, and staleness (a marked disappearance) only after `blockEnd`. `nil` marks a staleness marker.
    private static func scrapeTimes(_ rng: inout SplitMix) -> [Int64?] {
        let interval = Int64(rng.pick([10, 15, 15, 30, 60])) * 1000
        var first = start + Int64(rng.int(0...Int(interval)))
        var last = end
        if rng.chance(0.15) { first += Int64(rng.int(0...150)) * 60_000 }
        if rng.chance(0.1) { last -= Int64(rng.int(1...150)) * 60_000 }
        var gaps: [ClosedRange<Int64>] = []
        for _ in 0..<rng.int(0...2) {
            let g = start + Int64(rng.int(0...179)) * 60_000 + Int64(rng.int(0...59_999))
            gaps.append(g...(g + Int64(rng.int(60...1200)) * 1000))
        }
        var times: [Int64?] = []
        var t = first
        var staleUntil: Int64 = .min
        while t <= last {
            defer { t += interval }
            if t < staleUntil || gaps.contains(where: { $0.contains(t) }) { continue }
            if t >= blockEnd && rng.chance(0.01) {
                // The target disappears: a staleness marker now, nothing for a while.
                times.append(nil)
                times.append(onOddMillisecond(t + Int64(rng.int(-300...300))))
                staleUntil = t + Int64(rng.int(1...15)) * 60_000
                continue
            }
            times.append(onOddMillisecond(t + Int64(rng.int(-300...300))))
        }
        // A target that stops before the end is marked stale when it goes (only the head can hold the marker).
        if last < end, last >= blockEnd, let final = times.last, let f = final {
            times.append(nil)
            times.append(onOddMillisecond(f + interval))
        }
        return compactMarkers(times)
    }

    /// `scrapeTimes` writes a staleness marker as `nil` followed by its time; this folds each pair into one
    /// entry with a negative time (the marker), which `samples(...)` turns into a `StaleNaN` sample.
    private static func compactMarkers(_ raw: [Int64?]) -> [Int64?] {
        var out: [Int64?] = []
        var i = 0
        while i < raw.count {
            if raw[i] == nil, i + 1 < raw.count, let t = raw[i + 1] {
                out.append(-t)
                i += 2
            } else {
                if let t = raw[i] { out.append(t) }
                i += 1
            }
        }
        return out
    }

    /// Moves a time off whole and half seconds (see the type's comment).
    private static func onOddMillisecond(_ t: Int64) -> Int64 { t % 500 == 0 ? t + 7 : t }

    /// Counter values: a large starting value (so that extrapolation towards zero never decides `rate`; 2.42
    /// and 3.x apply that cap in a different order, see `KnownDifferences`), increases in quarter steps,
    /// rare resets to a fraction of the value.
    private static func counter(_ times: [Int64?], _ rng: inout SplitMix, ratePerSecond: Double) -> [Sample] {
        var v = Double(rng.int(10_000...1_000_000))
        var previous: Int64?
        return times.map { entry in
            guard let raw = entry, raw > 0 else { return Sample(t: -(entry ?? 0), v: StaleNaN.value) }
            if let p = previous {
                let seconds = Double(raw - p) / 1000
                v += (ratePerSecond * seconds * rng.double(0.5..<1.5) * 4).rounded() / 4
                if rng.chance(0.004) { v = (v * rng.double(0.2..<0.6)).rounded() }
            }
            previous = raw
            return Sample(t: raw, v: v)
        }
    }

    private static func gauge(_ times: [Int64?], _ rng: inout SplitMix, start: Double, step: Double,
                              decimals: Double, nanChance: Double, floor: Double = -.infinity) -> [Sample] {
        var v = (start * decimals).rounded() / decimals
        return times.map { entry in
            guard let t = entry, t > 0 else { return Sample(t: -(entry ?? 0), v: StaleNaN.value) }
            v = max(floor, ((v + rng.double(-step..<step)) * decimals).rounded() / decimals)
            // The odd special value: mostly NaN, sometimes an infinity.
            guard rng.chance(nanChance) else { return Sample(t: t, v: v) }
            return Sample(t: t, v: rng.pick([.nan, .nan, .infinity, -.infinity]))
        }
    }

    private static func flag(_ times: [Int64?], _ rng: inout SplitMix) -> [Sample] {
        var v = 1.0
        return times.map { entry in
            guard let t = entry, t > 0 else { return Sample(t: -(entry ?? 0), v: StaleNaN.value) }
            if rng.chance(0.05) { v = 1 - v }
            return Sample(t: t, v: v)
        }
    }

    /// A classic histogram: one series per `le` bound plus `_sum` and `_count`, all scraped together.
    private static func histogram(job: String, instance: String, _ rng: inout SplitMix) -> [Series] {
        let times = scrapeTimes(&rng)
        let base = ["job": job, "instance": instance]
        // Large starting counts, as for counters (a fresh histogram's small first counts would bring the
        // zero-extrapolation difference into play).
        var counts = bucketLimits.map { _ in 0.0 }
        let startObservations = rng.int(5_000...50_000)
        var sum = 0.0
        let scale = rng.double(0.05..<1.5)
        func observe(_ n: Int, _ rng: inout SplitMix) {
            for _ in 0..<n {
                let d = (-scale * log(1 - rng.double(0..<0.999)) * 1000).rounded() / 1000
                sum += d
                for (i, limit) in bucketLimits.enumerated() where d <= limit { counts[i] += 1 }
            }
        }
        // Bucket counts of a long-running process, without simulating every observation.
        for (i, limit) in bucketLimits.enumerated() {
            let share = limit.isInfinite ? 1 : 1 - exp(-limit / scale)
            counts[i] = (Double(startObservations) * share).rounded()
        }
        sum = (Double(startObservations) * scale * 1000).rounded() / 1000
        var buckets: [[Sample]] = bucketLimits.map { _ in [] }
        var sums: [Sample] = []
        var totals: [Sample] = []
        let perScrape = rng.int(1...12)
        for entry in times {
            guard let t = entry, t > 0 else {
                let marker = Sample(t: -(entry ?? 0), v: StaleNaN.value)
                for i in buckets.indices { buckets[i].append(marker) }
                sums.append(marker)
                totals.append(marker)
                continue
            }
            observe(rng.int(0...perScrape), &rng)
            for i in buckets.indices { buckets[i].append(Sample(t: t, v: counts[i])) }
            sums.append(Sample(t: t, v: (sum * 1000).rounded() / 1000))
            totals.append(Sample(t: t, v: counts[counts.count - 1]))
        }
        let family = "request_duration_seconds"
        var out: [Series] = []
        for (i, le) in bucketBounds.enumerated() {
            var l = base
            l["__name__"] = family + "_bucket"
            l["le"] = le
            out.append(Series(labels: Labels(l), family: family, kind: .histogram, samples: buckets[i]))
        }
        var s = base
        s["__name__"] = family + "_sum"
        out.append(Series(labels: Labels(s), family: family, kind: .histogram, samples: sums))
        var c = base
        c["__name__"] = family + "_count"
        out.append(Series(labels: Labels(c), family: family, kind: .histogram, samples: totals))
        return out
    }

    /// The same samples in Vigil's in-memory store.
    func store() -> SeriesStore {
        var store = SeriesStore()
        for s in series {
            let ref = store.ref(for: s.labels)
            for sample in s.samples { store.append(ref, t: sample.t, v: sample.v) }
        }
        return store
    }

    var sampleCount: Int { series.reduce(0) { $0 + $1.samples.count } }
    var staleMarkerCount: Int { series.reduce(0) { $0 + $1.samples.filter { StaleNaN.isStale($0.v) }.count } }
}
