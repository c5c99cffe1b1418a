import Rules
import TimeSeries

extension RuleGroupEvaluation.Failure {
    /// The line `promtool test rules` prints for a rule that failed at `evaluationTime` (milliseconds
    /// since the epoch): `    rule: <name>, time: <Go duration since the epoch>, err: <error>`.
    public func promtoolDescription(evaluationTime: Int64) -> String {
        "    rule: \(ruleName), time: \(GoDurationText.format(milliseconds: evaluationTime)), err: \(error)"
    }
}

/// Go's `time.Duration.String()` for whole milliseconds: `0s`, `500ms`, `1.5s`, `1m0s`, `1h0m30s`.
enum GoDurationText {
    static func format(milliseconds ms: Int64) -> String {
        if ms == 0 { return "0s" }
        let sign = ms < 0 ? "-" : ""
        let u = ms.magnitude
        if u < 1000 { return "\(sign)\(u)ms" }
        let hours = u / 3_600_000
        let minutes = (u / 60_000) % 60
        let seconds = (u / 1000) % 60
        let fraction = u % 1000
        var out = sign
        if hours > 0 { out += "\(hours)h" }
        if hours > 0 || minutes > 0 { out += "\(minutes)m" }
        out += "\(seconds)"
        if fraction > 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        return out + "s"
    }
}
