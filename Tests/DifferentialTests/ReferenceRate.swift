import PromQL
import TimeSeries

/// An independent statement of `rate()`/`increase()`'s extrapolation, in both versions, to recognise the
/// one place where they differ.
///
/// Both versions extrapolate the counter's increase over the samples in the window towards the window's
/// edges: all the way when the first (last) sample is within 1.1 average sample intervals of the edge,
/// otherwise by half an interval. A counter is also never extrapolated below zero: the start side is
/// capped at the time the counter would have reached zero. Prometheus 2.42 applies that cap first and
/// then the "1.1 intervals" test to the capped distance; since 2.50 (#13725, "Constrain extrapolation in
/// rate() to half of sample interval") the test comes first and the cap last. The results differ when a
/// series starts inside the window (first sample far from the edge) and its first value is small
/// compared with the increase.
enum ReferenceRate {
    enum Version { case v2_42, v3 }

    static func value(_ points: [Sample], rangeStart: Int64, rangeEnd: Int64, rangeSeconds: Double,
                      isCounter: Bool, isRate: Bool, version: Version) -> Double? {
        guard points.count >= 2, let first = points.first, let last = points.last else { return nil }
        var increase = last.v - first.v
        if isCounter {
            for i in points.indices.dropFirst() where points[i].v < points[i - 1].v { increase += points[i - 1].v }
        }
        let sampled = Double(last.t - first.t) / 1000
        let average = sampled / Double(points.count - 1)
        let threshold = average * 1.1
        let toStart = Double(first.t - rangeStart) / 1000
        let toEnd = Double(rangeEnd - last.t) / 1000
        let toZero: Double? = isCounter && increase > 0 && first.v >= 0 ? sampled * (first.v / increase) : nil
        var startSide: Double
        switch version {
        case .v2_42:
            startSide = toStart
            if let z = toZero, z < startSide { startSide = z }
            if startSide >= threshold { startSide = average / 2 }
        case .v3:
            startSide = toStart < threshold ? toStart : average / 2
            if let z = toZero, z < startSide { startSide = z }
        }
        let endSide = toEnd < threshold ? toEnd : average / 2
        var factor = (sampled + startSide + endSide) / sampled
        if isRate { factor /= rangeSeconds }
        return increase * factor
    }
}
