import TimeSeries

/// Go's `%f` (six decimals), used in one parser error message; C's correctly rounded printf gives the same
/// exact decimal expansion as Go's.
func formatGoFixed6(_ d: Double) -> String {
    GoFloat.format(d, verb: "f", precision: 6)
}
