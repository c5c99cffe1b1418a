/// Go's `int64(f)` conversion of a float as Prometheus's release builds (amd64) perform it.
///
/// Swift traps on `Int64(x)` when `x` is NaN, infinite or out of range; Go does not. The Go spec leaves
/// the result implementation-defined, and on amd64 the CPU's conversion (CVTTSD2SQ) gives the "integer
/// indefinite" value, `math.MinInt64`, for every such input. Prometheus relies on that value in a few
/// places (date functions of NaN, `@` timestamps beyond the int64 milliseconds range), so Vigil
/// reproduces it rather than clamping.
enum GoInt64 {
    /// `int64(f)`: truncation toward zero when in range, `Int64.min` otherwise (NaN, ±Inf, |f| ≥ 2⁶³).
    static func convert(_ f: Double) -> Int64 {
        // -2⁶³ is exactly representable; 2⁶³ is the first value past Int64.max.
        guard f >= -9_223_372_036_854_775_808.0, f < 9_223_372_036_854_775_808.0 else { return .min }
        return Int64(f)
    }
}
