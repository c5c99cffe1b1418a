/// A Prometheus duration in milliseconds: `1y2w3d4h5m6s7ms`, units largest first, each at most once.
///
/// A year is 365 days and a week 7 days, as in Prometheus's `model.Duration`.
public struct PromDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

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
    public init(parsing text: String) throws(ParseError) {
        if text == "0" { milliseconds = 0; return }
        let bad = ParseError(message: "not a valid duration string: \(quoteGo(text))")
        guard !text.isEmpty else { throw ParseError(message: "empty duration string") }
        let s = Array(text.utf8)
        var i = 0
        var total: Int64 = 0
        var lastUnit = -1
        while i < s.count {
            var number: Int64 = 0
            let startDigits = i
            while i < s.count, s[i] >= 48, s[i] <= 57 {
                let (m, o1) = number.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(s[i] - 48))
                if o1 || o2 { throw ParseError(message: "duration out of range") }
                number = a
                i += 1
            }
            guard i > startDigits else { throw bad }
            var unit = ""
            while i < s.count, !(s[i] >= 48 && s[i] <= 57) { unit.append(Character(UnicodeScalar(s[i]))); i += 1 }
            guard let index = PromDuration.units.firstIndex(where: { $0.0 == unit }), index > lastUnit else { throw bad }
            lastUnit = index
            let (m, o1) = number.multipliedReportingOverflow(by: PromDuration.units[index].1)
            let (a, o2) = total.addingReportingOverflow(m)
            if o1 || o2 { throw ParseError(message: "duration out of range") }
            total = a
        }
        milliseconds = total
    }

    /// Prometheus's `model.Duration.String()`: `0s` for zero; years and weeks only when they divide exactly.
    public var description: String {
        var ms = milliseconds
        if ms == 0 { return "0s" }
        var out = ""
        if ms < 0 { out = "-"; ms = -ms }
        for (unit, size) in PromDuration.units {
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
