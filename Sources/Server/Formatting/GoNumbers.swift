import TimeSeries

/// The number spellings of Prometheus's API and exposition format that `TimeSeries.GoFloat` does not
/// already give, and Go's `time.Duration.Seconds()`.
enum GoNumbers {
    /// `strconv.FormatFloat(v, 'e', -1, 64)`: the alert `value` of the rules and alerts APIs (`1.5e+00`).
    static func formatE(_ v: Double) -> String {
        guard v.isFinite else { return GoFloat.formatExponent(v) }  // NaN, +Inf, -Inf as Go spells them
        return String(GoFloat.formatExponent(v).map { $0 == "E" ? "e" : $0 })
    }

    /// Go's `Duration.Seconds()` of a duration in nanoseconds: whole seconds plus the remainder, so the
    /// float is the one Go prints.
    static func seconds(nanoseconds ns: Int64) -> Double {
        Double(ns / 1_000_000_000) + Double(ns % 1_000_000_000) / 1e9
    }

    /// `Duration.Seconds()` of a duration held in milliseconds (the remainder is exact in nanoseconds).
    static func seconds(milliseconds ms: Int64) -> Double {
        Double(ms / 1000) + Double((ms % 1000) * 1_000_000) / 1e9
    }
}
