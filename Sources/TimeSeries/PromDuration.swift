/// A Prometheus duration in milliseconds: `1y2w3d4h5m6s7ms`, units largest first, each at most once.
///
/// A year is 365 days and a week 7 days, as in Prometheus's `model.Duration`.
public struct PromDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    /// Saturates at the ends of Int64 milliseconds rather than trapping.
    public init(seconds: Int64) {
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        self.milliseconds = overflow ? (seconds < 0 ? Int64.min : Int64.max) : ms
    }

    public static let zero = PromDuration(milliseconds: 0)

    public struct ParseError: Error, Sendable, CustomStringConvertible, Equatable {
        public let message: String
        public var description: String { message }
    }

    static let units: [(String, Int64)] = [
        ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
        ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1),
    ]

    /// Parses Prometheus's duration syntax. `0` alone is accepted; an empty string is not.
    ///
    /// Follows `model.ParseDuration`, messages included. Prometheus holds the result as a Go `time.Duration`
    /// in nanoseconds, so a total past 2^63-1 ns (about 292 years) is out of range.
    public init(parsing text: String) throws(ParseError) {
        if text == "0" { milliseconds = 0; return }
        guard !text.isEmpty else { throw ParseError(message: "empty duration string") }
        let bad = ParseError(message: "not a valid duration string: \(quoteGo(text))")
        let outOfRange = ParseError(message: "duration out of range")
        let s = Array(text.utf8)
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        var i = 0
        var totalNanos: UInt64 = 0
        var lastUnit = -1
        while i < s.count {
            guard isDigit(s[i]) else { throw bad }
            // Go's strconv.ParseUint: a number that does not fit 64 bits makes the string invalid.
            var number: UInt64 = 0
            while i < s.count, isDigit(s[i]) {
                let (m, o1) = number.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(UInt64(s[i] - 48))
                if o1 || o2 { throw bad }
                number = a
                i += 1
            }
            let unitStart = i
            while i < s.count, !isDigit(s[i]) { i += 1 }
            guard i > unitStart else { throw bad }
            let unit = String(decoding: s[unitStart..<i], as: UTF8.self)
            guard let index = PromDuration.units.firstIndex(where: { $0.0 == unit }) else {
                throw ParseError(message: "unknown unit \(quoteGo(unit)) in duration \(quoteGo(text))")
            }
            guard index > lastUnit else { throw bad }
            lastUnit = index
            let unitNanos = UInt64(PromDuration.units[index].1) * 1_000_000
            if number > (UInt64(1) << 63) / unitNanos { throw outOfRange }
            totalNanos += number * unitNanos
            if totalNanos > UInt64(Int64.max) { throw outOfRange }
        }
        milliseconds = Int64(totalNanos / 1_000_000)
    }

    /// Prometheus's `model.Duration.String()`: `0s` for zero; years and weeks only when they divide exactly.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        // The magnitude, so that Int64.min prints instead of trapping on negation.
        var ms = milliseconds.magnitude
        var out = milliseconds < 0 ? "-" : ""
        for (unit, unitSize) in PromDuration.units {
            let size = UInt64(unitSize)
            if (unit == "y" || unit == "w") && ms % size != 0 { continue }
            let v = ms / size
            if v > 0 {
                out += "\(v)\(unit)"
                ms -= v * size
            }
        }
        return out
    }

    public var seconds: Double { Double(milliseconds) / 1000 }

    public static func < (lhs: PromDuration, rhs: PromDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }
}

/// A duration in a configuration file: Prometheus's text form (`30s`, `1h30m`).
extension PromDuration: Decodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try PromDuration(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }
}
