import PromQL
import TimeSeries

/// PromQL parsing and evaluation over a small fixed set of series: one instant query and one range query
/// of eleven steps per input. Work per input is bounded by a small sample limit and by the fixed data;
/// libFuzzer's `-timeout` and `-rss_limit_mb` turn anything the engine does not bound into a finding.
enum PromQLEvalFuzz {
    /// Ten minutes of data at 30 s: counters with a reset and a stale marker, gauges with special values,
    /// a classic histogram, native histograms (exponential and custom buckets), and series sharing
    /// labels so joins and aggregations have something to match.
    static let seriesLines = [
        #"http_requests_total{job="api",instance="a",code="200"} 0+10x20"#,
        #"http_requests_total{job="api",instance="b",code="500"} 0+1x5 stale 10+2x14"#,
        #"http_requests_total{job="web",instance="a",code="200"} 100 50 0+3x18"#,
        #"node_memory_bytes{instance="a",job="node"} 100 _ 120 NaN Inf -Inf 90x14"#,
        #"node_memory_bytes{instance="b",job="node"} -5.5 1e308 -1e308 0 1x16"#,
        #"up{job="api",instance="a"} 1x20"#,
        #"up{job="api",instance="b"} 1x5 0x5 _x5 1x4"#,
        #"request_duration_seconds_bucket{job="api",le="0.1"} 0+1x20"#,
        #"request_duration_seconds_bucket{job="api",le="1"} 0+3x20"#,
        #"request_duration_seconds_bucket{job="api",le="+Inf"} 0+4x20"#,
        #"request_duration_seconds_count{job="api"} 0+4x20"#,
        #"request_duration_seconds_sum{job="api"} 0+2.5x20"#,
        #"native_latency{job="api"} {{schema:0 sum:5 count:4 buckets:[1 2 1]}}+{{schema:0 sum:1 count:2 buckets:[1 1]}}x20"#,
        #"native_latency{job="web"} {{schema:-53 sum:3 count:3 custom_values:[0.5 1] buckets:[1 1 1]}}x20"#,
        #"native_gauge{job="api"} {{schema:1 count:5 sum:-2 z_bucket:1 z_bucket_w:0.001 buckets:[1 1] n_buckets:[2] counter_reset_hint:gauge}}x20"#,
        #"{"utf8.metric","a.b"="c"} 1 2 3 4 5"#,
    ]

    static let interval: Int64 = 30_000

    static let store: SeriesStore = {
        var store = SeriesStore()
        for line in seriesLines {
            do {
                let (labels, end) = try SeriesDescription.parse(prefixOf: line)
                let values = try SeriesValues.parse(String(line.unicodeScalars.dropFirst(end)))
                for (i, value) in values.enumerated() {
                    let t = Int64(i) * interval
                    switch value {
                    case .missing: continue
                    case .float(let v): store.append(labels, t: t, v: v)
                    case .histogram(let h): store.append(labels, t: t, histogram: h)
                    }
                }
            } catch {
                fatalError("promql-eval: fixed series \(line.debugDescription) does not parse: \(error)")
            }
        }
        return store
    }()

    static let engines: [Engine] = {
        var plain = Engine.Options()
        plain.maxSamples = 2_000
        var delayed = plain
        delayed.delayedNameRemoval = true
        return [Engine(options: plain), Engine(options: delayed)]
    }()

    static func run(_ text: String) {
        let store = Self.store
        let engine = engines[0]
        let expr: Expr
        do {
            expr = try engine.parse(text)
        } catch {
            return
        }
        for (n, engine) in engines.enumerated() {
            // Instant query in the middle of the data (the first engine) or at its end (the second).
            let t: Int64 = n == 0 ? 300_000 : 600_000
            _ = try? engine.instantQuery(expr, at: t, source: store, text: text)
        }
        _ = try? engines[1].rangeQuery(expr, start: 0, end: 600_000, step: 60_000, source: store, text: text)
    }
}
