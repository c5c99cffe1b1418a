import TimeSeries

/// Collects the warnings and infos of one query, each once, formatted as Prometheus prints them:
/// `PromQL info: <message> (<line>:<column>)`, the position being where the annotated part starts.
final class AnnotationCollector {
    private var warnings: [String] = []
    private var infos: [String] = []
    private var seen: Set<String> = []
    let text: String

    init(text: String) { self.text = text }

    func warn(_ message: String, at range: SourceRange) { add("PromQL warning: \(message)", range, toWarnings: true) }
    func info(_ message: String, at range: SourceRange) { add("PromQL info: \(message)", range, toWarnings: false) }

    /// A native histogram annotation from the histogram library, as a warning or an info.
    func add(_ a: HistogramAnnotation, at range: SourceRange) {
        if a.isWarning { warn(a.text, at: range) } else { info(a.text, at: range) }
    }

    func add(_ list: [HistogramAnnotation], at range: SourceRange) {
        for a in list { add(a, at: range) }
    }

    private func add(_ message: String, _ range: SourceRange, toWarnings: Bool) {
        let full = "\(message) (\(position(of: range.start)))"
        guard seen.insert(full).inserted else { return }
        if toWarnings { warnings.append(full) } else { infos.append(full) }
    }

    /// `line:col` of a UTF-8 byte offset, both 1-based, columns counted in bytes as upstream does.
    private func position(of offset: Int) -> String {
        var line = 1
        var lastBreak = -1
        for (i, byte) in text.utf8.enumerated() {
            if i >= offset { break }
            if byte == 10 { line += 1; lastBreak = i }
        }
        return "\(line):\(offset - lastBreak)"
    }

    /// The histogram_quantile monotonicity info, merged over all steps and series it occurred at.
    private struct Monotonicity {
        var position: String
        var minT: Int64, maxT: Int64
        var minBucket: Double, maxBucket: Double, maxDiff: Double
        var count: Int
    }
    private var monotonicity: [String: Monotonicity] = [:]
    private var monotonicityOrder: [String] = []

    func monotonicityInfo(metricName: String, at range: SourceRange, t: Int64, minBucket: Double, maxBucket: Double, maxDiff: Double) {
        var base = "PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)"
        if !metricName.isEmpty { base += " for metric name \(quoteGo(metricName))" }
        let key = base + "@\(range.start)"
        if var m = monotonicity[key] {
            m.minT = min(m.minT, t)
            m.maxT = max(m.maxT, t)
            m.minBucket = min(m.minBucket, minBucket)
            m.maxBucket = max(m.maxBucket, maxBucket)
            m.maxDiff = max(m.maxDiff, maxDiff)
            m.count += 1
            monotonicity[key] = m
        } else {
            monotonicity[key] = Monotonicity(position: position(of: range.start), minT: t, maxT: t, minBucket: minBucket,
                                             maxBucket: maxBucket, maxDiff: maxDiff, count: 1)
            monotonicityOrder.append(key)
        }
    }

    private static func rfc3339(_ ms: Int64) -> String {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondsOfDay = seconds - days * 86400
        // Civil date from days since the epoch (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60)):\(two(secondsOfDay % 60))Z"
    }

    var result: Annotations {
        var allInfos = infos
        for key in monotonicityOrder {
            let m = monotonicity[key]!
            let base = String(key[..<key.lastIndex(of: "@")!])
            allInfos.append("\(base), from buckets \(GoFloat.formatG(m.minBucket)) to \(GoFloat.formatG(m.maxBucket)), with a max diff of \(GoFloat.format(m.maxDiff, verb: "g", precision: 2)), over \(m.count) samples from \(AnnotationCollector.rfc3339(m.minT)) to \(AnnotationCollector.rfc3339(m.maxT)) (\(m.position))")
        }
        return Annotations(warnings: warnings, infos: allInfos)
    }
}

