import Foundation
import TimeSeries

/// Noticing a datasource whose data stopped advancing, so rules are not quietly evaluated over frozen data.
///
/// A rule over a Prometheus that stopped ingesting keeps answering: `up` is simply absent after the
/// lookback delta and `absent()`-free alerts go quiet. So Vigil evaluates, for every datasource, a small
/// synthetic group of two alerting rules that run through the same scheduler, state machine, persistence
/// and APIs as the user's rules:
/// - `VigilDatasourceStale` fires when the heartbeat query says the newest data is older than `max_age`
///   (or there is none);
/// - `VigilDatasourceUnreachable` fires when the heartbeat query itself fails for two minutes.
///
/// The heartbeat query runs against the datasource; its meaning depends on `kind`:
/// - `timestamp`: it returns the Unix time (seconds) of the newest data, e.g. `max(timestamp(up))` for
///   Prometheus; the data is stale when the result is empty or older than `max_age`;
/// - `presence`: it returns something while data flows, e.g. `sum(count_over_time({job=~".+"}[5m]))` for
///   Loki; the data is stale when the result is empty or zero.
public struct HeartbeatSettings: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case timestamp, presence
    }

    public var query: String
    public var kind: Kind
    /// Milliseconds.
    public var maxAge: Int64
    /// Milliseconds between heartbeats.
    public var interval: Int64

    public init(query: String, kind: Kind, maxAge: Int64 = 5 * 60_000, interval: Int64 = 60_000) {
        self.query = query
        self.kind = kind
        self.maxAge = maxAge
        self.interval = interval
    }

    public static func prometheusDefault() -> HeartbeatSettings {
        HeartbeatSettings(query: "max(timestamp(up))", kind: .timestamp)
    }

    public static func lokiDefault() -> HeartbeatSettings {
        HeartbeatSettings(query: #"sum(count_over_time({job=~".+"}[5m]))"#, kind: .presence)
    }
}

public enum DatasourceHeartbeat {
    public static let staleAlertName = "VigilDatasourceStale"
    public static let unreachableAlertName = "VigilDatasourceUnreachable"
    /// How long the heartbeat query must fail before `VigilDatasourceUnreachable` fires.
    public static let unreachableFor: Int64 = 2 * 60_000

    /// The synthetic group of `datasource` (its file is `vigil:heartbeat`, so it sorts apart in the APIs).
    public static func group(datasource: String, settings: HeartbeatSettings) -> Ruler.GroupDefinition {
        let p = SourcePosition(line: 1, column: 1)
        func entries(_ pairs: [(String, String)]) -> [LabelEntry] {
            pairs.map { LabelEntry(name: $0.0, value: $0.1, namePosition: p, valuePosition: p) }
        }
        let quoted = GoQuote.quote(datasource)
        let maxAgeSeconds = GoFloat.formatG(Double(settings.maxAge) / 1000)
        let stale = Rule(
            kind: .alerting, name: staleAlertName,
            expr: "vigil_datasource_data_age_seconds{datasource=\(quoted)} > \(maxAgeSeconds)",
            labels: entries([("severity", "critical")]),
            annotations: entries([
                ("summary", "Datasource {{ $labels.datasource }} has no recent data"),
                ("description", "The newest data of datasource {{ $labels.datasource }} is {{ if ge $value 1e308 }}missing{{ else }}{{ humanizeDuration $value }} old{{ end }}; rules evaluated against it see frozen data."),
            ]))
        let unreachable = Rule(
            kind: .alerting, name: unreachableAlertName,
            expr: "vigil_datasource_up{datasource=\(quoted)} == 0",
            for: PromDuration(milliseconds: unreachableFor),
            labels: entries([("severity", "critical")]),
            annotations: entries([
                ("summary", "Datasource {{ $labels.datasource }} cannot be queried"),
                ("description", "Vigil's heartbeat query against datasource {{ $labels.datasource }} has failed for two minutes; its rules are not being evaluated."),
            ]))
        let group = RuleGroup(name: "vigil.datasource.\(datasource)", interval: PromDuration(milliseconds: settings.interval),
                              rules: [stale, unreachable])
        var definition = Ruler.GroupDefinition(file: "vigil:heartbeat", group: group, language: .prometheus, datasource: datasource)
        definition.heartbeat = settings
        return definition
    }
}

/// Answers the two synthetic expressions of a heartbeat group by running the heartbeat query once per
/// evaluation time against the datasource's own querier.
final class HeartbeatQuerier: Querier, @unchecked Sendable {
    let datasource: String
    let settings: HeartbeatSettings
    let upstream: any Querier
    let observations: HeartbeatObservations?
    private let lock = NSLock()
    private var cached: (t: Int64, outcome: Result<Double?, HeartbeatError>)?

    struct HeartbeatError: Error { var message: String }

    init(datasource: String, settings: HeartbeatSettings, upstream: any Querier, observations: HeartbeatObservations? = nil) {
        self.datasource = datasource
        self.settings = settings
        self.upstream = upstream
        self.observations = observations
    }

    func query(_ expr: String, at t: Int64) async throws -> [InstantSample] {
        let outcome = await heartbeat(at: t)
        let labels = Labels([Label("datasource", datasource)])
        if expr.hasPrefix("vigil_datasource_up") {
            if case .failure = outcome { return [InstantSample(labels: labels, t: t, value: 0)] }
            return []
        }
        // The data age in seconds, +Inf when there is no data; nothing when fresh or unknown.
        guard case .success(let newest) = outcome else { return [] }
        switch settings.kind {
        case .timestamp:
            guard let newest, newest.isFinite else { return [InstantSample(labels: labels, t: t, value: .infinity)] }
            let age = Double(t) / 1000 - newest
            return age * 1000 > Double(settings.maxAge) ? [InstantSample(labels: labels, t: t, value: age)] : []
        case .presence:
            guard let newest, newest != 0, !newest.isNaN else { return [InstantSample(labels: labels, t: t, value: .infinity)] }
            return []
        }
    }

    /// The heartbeat result at `t`: the first sample's value, nil for an empty result, or the failure.
    private func heartbeat(at t: Int64) async -> Result<Double?, HeartbeatError> {
        if let cached = lock.withLock({ cached }), cached.t == t { return cached.outcome }
        let outcome: Result<Double?, HeartbeatError>
        do {
            let result = try await upstream.query(settings.query, at: t)
            outcome = .success(result.map(\.value).max())
        } catch {
            outcome = .failure(HeartbeatError(message: String(describing: error)))
        }
        lock.withLock { cached = (t, outcome) }
        var observation = HeartbeatObservations.Observation(up: false, newestData: nil, dataPresent: nil, at: t)
        if case .success(let value) = outcome {
            observation.up = true
            switch settings.kind {
            case .timestamp: observation.newestData = value.flatMap { $0.isFinite ? $0 : nil }
            case .presence: observation.dataPresent = value.map { $0 != 0 && !$0.isNaN } ?? false
            }
        }
        observations?.record(observation, datasource: datasource)
        return outcome
    }
}
