import LogQL
import TimeSeries

/// The request parameters of Loki's query API as its HTTP API reference describes them
/// (https://grafana.com/docs/loki/latest/reference/loki-http-api/): times, durations, `limit`, `direction`,
/// and the defaults of each endpoint. Times are nanoseconds since the epoch throughout.
///
/// A timestamp is RFC 3339 (with up to nine fraction digits), float seconds when it has a decimal point
/// (rounded to milliseconds, as Prometheus reads float times), or an integer: ten digits or fewer are Unix
/// seconds, more are Unix nanoseconds ("Timestamp formats"). A duration (`step`, `since`, `interval`) is a
/// Prometheus duration (`5m`) or float seconds.
struct LokiParameters {
    /// Loki's `max_query_length`-free default lookbacks: a range query without `start` covers the hour
    /// before `end`, a labels or series request the six hours before it.
    static let defaultQueryLookback: Int64 = 3_600_000_000_000
    static let defaultMetadataLookback: Int64 = 6 * 3_600_000_000_000
    static let defaultLimit = 100

    let form: FormValues
    /// Now, in nanoseconds: the default `time` and `end`.
    let now: Int64

    /// A parameter Loki refuses, with the reason it gives (400, plain text).
    struct Invalid: Error, Equatable, CustomStringConvertible {
        let message: String
        init(_ message: String) { self.message = message }
        var description: String { message }
    }

    func value(_ name: String) -> String? {
        let v = form.first(name)
        return v.isEmpty ? nil : v
    }

    // MARK: Endpoint parameter sets

    /// `/loki/api/v1/query`: `query`, `time` (default now), `limit`, `direction`.
    func instant() throws(Invalid) -> (query: String, time: Int64, limit: Int, direction: LogDirection) {
        (try query(), try time("time") ?? now, try limit(), try direction())
    }

    /// `/loki/api/v1/query_range`: `query`, `start`, `end`, `since`, `step`, `limit`, `direction`.
    func range() throws(Invalid) -> (query: String, start: Int64, end: Int64, step: Int64, limit: Int, direction: LogDirection) {
        let q = try query()
        let (start, end) = try window(defaultLookback: Self.defaultQueryLookback)
        let step = try duration("step") ?? Self.defaultStep(start: start, end: end)
        guard step > 0 else {
            throw Invalid("zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        if value("interval") != nil {
            throw Invalid("the interval parameter (experimental in Loki) is not supported by Vigil's log store")
        }
        return (q, start, end, step, try limit(), try direction())
    }

    /// `start` and `end` of a range request: `end` defaults to now, `start` to `end - since` (or `end`
    /// minus the endpoint's default lookback).
    func window(defaultLookback: Int64) throws(Invalid) -> (start: Int64, end: Int64) {
        let end = try time("end") ?? now
        let lookback = try duration("since") ?? defaultLookback
        let start = try time("start") ?? end.subtractingReportingOverflow(lookback).partialValue
        guard end >= start else { throw Invalid("end timestamp must not be before start time") }
        return (start, end)
    }

    /// Loki's dynamic default step: the range divided into 250 points, whole seconds, at least one second.
    static func defaultStep(start: Int64, end: Int64) -> Int64 {
        let seconds = end.subtractingReportingOverflow(start).partialValue / 1_000_000_000 / 250
        return max(seconds, 1) * 1_000_000_000
    }

    func query() throws(Invalid) -> String {
        guard let q = value("query") else { throw Invalid("query parameter is required") }
        return q
    }

    func limit() throws(Invalid) -> Int {
        guard let text = value("limit") else { return Self.defaultLimit }
        guard let n = Int(text) else { throw Invalid("invalid limit \(quoteGo(text)): not an integer") }
        guard n > 0 else { throw Invalid("limit must be a positive value") }
        return n
    }

    func direction() throws(Invalid) -> LogDirection {
        guard let text = value("direction") else { return .backward }
        guard let d = LogDirection(rawValue: text.lowercased()) else {
            throw Invalid("invalid direction \(quoteGo(text)): forward or backward")
        }
        return d
    }

    // MARK: Formats

    func time(_ name: String) throws(Invalid) -> Int64? {
        guard let text = value(name) else { return nil }
        guard let t = Self.timestamp(text) else { throw Invalid("invalid \(name) parameter: cannot parse \(quoteGo(text)) to a valid timestamp") }
        return t
    }

    func duration(_ name: String) throws(Invalid) -> Int64? {
        guard let text = value(name) else { return nil }
        do { return try APITimeParameters.durationNanoseconds(text) } catch {
            throw Invalid("invalid \(name) parameter: \(error.message)")
        }
    }

    /// A timestamp in any of Loki's formats, in nanoseconds; nil when it is none of them or does not fit.
    static func timestamp(_ text: String) -> Int64? {
        if let ns = APITimeParameters.rfc3339Nanoseconds(text) { return ns }
        if text.contains(".") {
            guard let ms = try? APITimeParameters.timestamp(text) else { return nil }
            let (ns, overflow) = ms.multipliedReportingOverflow(by: 1_000_000)
            return overflow ? nil : ns
        }
        guard let n = Int64(text) else { return nil }
        // Up to ten characters is a time in seconds (Unix seconds have ten digits until the year 2286).
        if text.utf8.count <= 10 {
            let (ns, overflow) = n.multipliedReportingOverflow(by: 1_000_000_000)
            return overflow ? nil : ns
        }
        return n
    }
}
