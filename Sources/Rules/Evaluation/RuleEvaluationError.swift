import TimeSeries

/// Why evaluating a rule failed. `description` is upstream's error text, which `promtool test rules`
/// prints after `rule: <name>, time: <t>, err: `.
public enum RuleEvaluationError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The query failed; `message` is the querier's error text.
    case query(message: String)
    /// Two result samples of an alerting rule have the same labels once rule labels are applied.
    case duplicateAlertLabelSet
    /// Two result samples of a recording rule have the same labels once rule labels are applied.
    case duplicateRecordingLabelSet
    /// The group's `limit` is smaller than the number of pending and firing alerts.
    case alertLimitExceeded(limit: Int, alerts: Int)
    /// The group's `limit` is smaller than the number of series a recording rule produced.
    case seriesLimitExceeded(limit: Int, series: Int)
    /// Storing a resulting sample failed; `message` is the storage's error text.
    case append(message: String)

    public var description: String {
        switch self {
        case .query(let message), .append(let message):
            return message
        case .duplicateAlertLabelSet:
            return "vector contains metrics with the same labelset after applying alert labels"
        case .duplicateRecordingLabelSet:
            return "vector contains metrics with the same labelset after applying rule labels"
        case .alertLimitExceeded(let limit, let alerts):
            return "exceeded limit of \(limit) with \(alerts) alerts"
        case .seriesLimitExceeded(let limit, let series):
            return "exceeded limit of \(limit) with \(series) series"
        }
    }
}
