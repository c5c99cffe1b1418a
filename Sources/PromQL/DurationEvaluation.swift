#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import TimeSeries

/// Folding duration expressions once the query's step and range are known (upstream does this in the
/// engine, `promql/durations.go`, before evaluation).
public struct DurationEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Upstream's form: `<start>:<end>: <what>` with byte offsets of the offending expression.
    public var message: String
    public var description: String { message }
}

extension DurationExpr {
    /// The value in seconds. `step()` and `range()` take the query's step and range (0 for instant queries).
    public func seconds(step: Double, queryRange: Double) throws(DurationEvaluationError) -> Double {
        switch self {
        case .number(let n): return n.value
        case .step: return step
        case .range: return queryRange
        case .paren(let e, _): return try e.seconds(step: step, queryRange: queryRange)
        case .negate(let e, _): return -(try e.seconds(step: step, queryRange: queryRange))
        case .minOf(let a, let b, _), .maxOf(let a, let b, _):
            let x = try a.seconds(step: step, queryRange: queryRange)
            let y = try b.seconds(step: step, queryRange: queryRange)
            if x.isNaN || y.isNaN { return .nan }
            if case .minOf = self {
                if x == 0 && y == 0 { return x.sign == .minus ? x : y }
                return x < y ? x : y
            }
            if x == 0 && y == 0 { return x.sign == .minus ? y : x }
            return x > y ? x : y
        case .binary(let op, let a, let b):
            let x = try a.seconds(step: step, queryRange: queryRange)
            let y = try b.seconds(step: step, queryRange: queryRange)
            switch op {
            case .add: return x + y
            case .sub: return x - y
            case .mul: return x * y
            case .div:
                if y == 0 { throw failure("division by zero") }
                return x / y
            case .mod:
                if y == 0 { throw failure("modulo by zero") }
                return x.truncatingRemainder(dividingBy: y)
            case .pow: return pow(x, y)
            }
        }
    }

    /// The duration for a range or step (`allowNegative` false) or an offset (true), with upstream's checks
    /// and its conversion to whole milliseconds.
    public func resolve(step: Double, queryRange: Double, allowNegative: Bool) throws(DurationEvaluationError) -> PromDuration {
        let d = try seconds(step: step, queryRange: queryRange)
        if d.isNaN || d.isInfinite { throw failure("duration is NaN or infinite") }
        if d <= 0 && !allowNegative { throw failure("duration must be greater than 0") }
        if durationOutOfRange(d) { throw failure("duration is out of range") }
        return PromDuration(milliseconds: clampToInt64((d * 1000).rounded(.towardZero)))
    }

    private func failure(_ what: String) -> DurationEvaluationError {
        let r = sourceRange
        return DurationEvaluationError(message: "\(r.start):\(r.end): \(what)")
    }
}
