// Times Vigil's PromQL engine on generated data: 10,000 series over one day at a 15 s scrape interval.
//
//     swift run -c release PromQLBenchmark [--series 10000] [--hours 24]
//
// Prints, per query, the wall time and the samples the engine read per second (each sample counted once per
// window it falls in, which is the work a range query does).
import Foundation
import PromQL
import TimeSeries

var seriesCount = 10_000
var hours = 24
var extraQueries: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--series": seriesCount = Int(arguments.popFirst() ?? "") ?? seriesCount
    case "--hours": hours = Int(arguments.popFirst() ?? "") ?? hours
    case "--query": extraQueries.append(arguments.popFirst() ?? "")
    default: print("usage: PromQLBenchmark [--series N] [--hours H] [--query Q]..."); exit(2)
    }
}

let scrape: Int64 = 15_000
let end = Int64(hours) * 3_600_000
let points = Int(end / scrape) + 1
let jobs = 10
// 80% request counters, 20% histogram buckets (10 buckets per histogram), plus one info series per instance.
let bucketBounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"]
let histogramCount = seriesCount / 5 / bucketBounds.count
let counterCount = seriesCount - histogramCount * bucketBounds.count

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

let loadStart = now()
var store = SeriesStore()
var rng = SystemRandomNumberGenerator()
for i in 0..<counterCount {
    let ref = store.ref(for: Labels(["__name__": "http_requests_total", "job": "job\(i % jobs)", "instance": "i\(i)"]))
    var v = 0.0
    for p in 0..<points {
        v += Double(UInt8.random(in: 0...20, using: &rng))
        store.append(ref, t: Int64(p) * scrape, v: v)
    }
}
for h in 0..<histogramCount {
    var cumulative = [Double](repeating: 0, count: bucketBounds.count)
    let labelSets = bucketBounds.map {
        store.ref(for: Labels(["__name__": "request_duration_seconds_bucket", "job": "job\(h % jobs)", "instance": "h\(h)", "le": $0]))
    }
    for p in 0..<points {
        var running = 0.0
        for b in 0..<bucketBounds.count {
            running += Double(UInt8.random(in: 0...5, using: &rng))
            cumulative[b] += running
            store.append(labelSets[b], t: Int64(p) * scrape, v: cumulative[b])
        }
    }
}
for i in 0..<counterCount {
    store.append(Labels(["__name__": "instance_info", "instance": "i\(i)", "team": "team\(i % 7)"]), t: 0, v: 1)
    store.append(Labels(["__name__": "instance_info", "instance": "i\(i)", "team": "team\(i % 7)"]), t: end, v: 1)
}
print("loaded \(store.seriesCount) series, \(store.sampleCount) samples in \(String(format: "%.1f", now() - loadStart)) s")

var options = Engine.Options()
options.maxSamples = Int.max
options.lookbackDelta = 24 * 3_600_000  // the info series has two samples a day apart
let engine = Engine(options: options)
let step: Int64 = 5 * 60_000
let windowSamples = Double(5 * 60_000 / scrape)
let steps = Double(end / step + 1)

var queries: [(String, Double)] = [
    ("rate(http_requests_total[5m])", Double(counterCount)),
    ("sum by (job) (rate(http_requests_total[5m]))", Double(counterCount)),
    ("histogram_quantile(0.9, sum by (le, job) (rate(request_duration_seconds_bucket[5m])))", Double(histogramCount * bucketBounds.count)),
    ("rate(http_requests_total[5m]) * on(instance) group_left(team) instance_info", Double(counterCount)),
]
if !extraQueries.isEmpty { queries = extraQueries.map { ($0, Double(counterCount)) } }
print("range queries over \(hours)h at a 5m step (\(Int(steps)) steps):")
for (query, series) in queries {
    let started = now()
    let result = try engine.rangeQuery(query, start: 0, end: end, step: step, source: store)
    let elapsed = now() - started
    guard case .matrix(let m) = result.value else { fatalError("unexpected result type") }
    let read = series * windowSamples * steps
    print(String(format: "  %8.3f s  %12.0f samples/s  %6d series out  ", elapsed, read / elapsed, m.count) + query)
}
