import Foundation

/// Times as the web page shows them: UTC to the second (`2026-01-02 03:04:05 UTC`), and how long ago or
/// ahead of the page's time (`3m 20s ago`, `in 2h`), which reads the same in every time zone.
enum WebTime {
    /// `2026-01-02 03:04:05 UTC`.
    static func absolute(_ date: Date) -> String {
        let ns = date.timeIntervalSince1970 * 1e9
        // Dates outside what Int64 nanoseconds hold (distant past/future) are not shown as a time.
        guard ns.isFinite, abs(ns) < 9.2e18 else { return "—" }
        let rfc = GoTimeJSON.format(nanoseconds: Int64(ns.rounded(.down)))
        // `2026-01-02T03:04:05.123Z` → `2026-01-02 03:04:05 UTC`.
        let seconds = rfc.prefix(19).replacingOccurrences(of: "T", with: " ")
        return seconds + " UTC"
    }

    /// `3m 20s ago`, `in 2h`, `now`: the two largest units of the distance from `now`.
    static func relative(_ date: Date, now: Date) -> String {
        let delta = date.timeIntervalSince(now)
        // Beyond some three centuries (`Date.distantFuture`, a silence "forever") a distance says nothing.
        guard delta.isFinite, abs(delta) < 1e10 else { return "" }
        let seconds = Int64(abs(delta).rounded())
        if seconds == 0 { return "now" }
        let text = span(seconds: seconds)
        return delta < 0 ? text + " ago" : "in " + text
    }

    /// `1d 2h`, `5m 3s`, `42s`: the largest unit and the next one when it is not zero.
    static func span(seconds: Int64) -> String {
        let units: [(size: Int64, name: String)] = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")]
        guard let first = units.firstIndex(where: { seconds >= $0.size }) else { return "0s" }
        var text = "\(seconds / units[first].size)\(units[first].name)"
        if first + 1 < units.count {
            let next = units[first + 1]
            let n = seconds % units[first].size / next.size
            if n > 0 { text += " \(n)\(next.name)" }
        }
        return text
    }

    /// An evaluation duration in nanoseconds: `12.3ms`, `1.52s`, `850µs`.
    static func duration(nanoseconds ns: Int64) -> String {
        let v = Double(ns)
        if v >= 1e9 { return String(format: "%.2fs", v / 1e9) }
        if v >= 1e6 { return String(format: "%.1fms", v / 1e6) }
        return String(format: "%.0fµs", v / 1e3)
    }

    /// `<time datetime="…" title="absolute">relative</time>`; the full time shows on hover.
    static func element(_ date: Date, now: Date) -> String {
        let absolute = absolute(date)
        let relative = relative(date, now: now)
        return "<time title=\"\(HTMLText.escape(absolute))\">\(HTMLText.escape(relative.isEmpty ? absolute : relative))</time>"
    }

    static func element(milliseconds ms: Int64, now: Date) -> String {
        element(Date(timeIntervalSince1970: Double(ms) / 1000), now: now)
    }
}
