import Foundation
import TimeSeries

/// Requests the server answered, by route and status code (`vigil_http_requests_total`), and the time
/// they took (`vigil_http_request_duration_seconds`, a histogram with Prometheus's buckets for its own
/// HTTP handlers). Routes are the registered path patterns (`/api/v2/silence/{silenceID}`), so a client
/// cannot grow the label set; requests to unknown paths are not counted.
public final class HTTPRequestMetrics: @unchecked Sendable {
    private struct Key: Hashable { var handler: String, code: Int }

    /// Prometheus's `prometheus_http_request_duration_seconds` buckets.
    static let buckets: [Double] = [0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120]

    private let lock = NSLock()
    private var requests: [Key: Int] = [:]
    /// Per handler: observations per bucket (cumulative counts are built when rendering), sum, count.
    private var durations: [String: (buckets: [Int], sum: Double, count: Int)] = [:]

    public init() {}

    func observe(handler: String, code: Int, seconds: Double) {
        lock.withLock {
            requests[Key(handler: handler, code: code), default: 0] += 1
            var d = durations[handler] ?? (Array(repeating: 0, count: Self.buckets.count), 0, 0)
            if let i = Self.buckets.firstIndex(where: { seconds <= $0 }) { d.buckets[i] += 1 }
            d.sum += seconds
            d.count += 1
            durations[handler] = d
        }
    }

    public func families() -> [MetricFamily] {
        let (requests, durations) = lock.withLock { (self.requests, self.durations) }
        let counts = requests.map { key, n in
            MetricFamily.Sample([Label("code", String(key.code)), Label("handler", key.handler)], Double(n))
        }
        var histogram: [MetricFamily.Sample] = []
        for (handler, d) in durations.sorted(by: { $0.key < $1.key }) {
            let handlerLabel = Label("handler", handler)
            var cumulative = 0
            for (i, bound) in Self.buckets.enumerated() {
                cumulative += d.buckets[i]
                histogram.append(.init([handlerLabel, Label("le", TextExposition.formatValue(bound))], Double(cumulative), suffix: "_bucket"))
            }
            histogram.append(.init([handlerLabel, Label("le", "+Inf")], Double(d.count), suffix: "_bucket"))
            histogram.append(.init([handlerLabel], d.sum, suffix: "_sum"))
            histogram.append(.init([handlerLabel], Double(d.count), suffix: "_count"))
        }
        return [
            MetricFamily(name: "vigil_http_requests_total", help: "Counter of HTTP requests.", kind: .counter, samples: counts),
            MetricFamily(name: "vigil_http_request_duration_seconds", help: "Histogram of latencies for HTTP requests.",
                         kind: .histogram, samples: histogram),
        ]
    }
}
