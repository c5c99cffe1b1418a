/// The time and duration parameters of Prometheus's HTTP API (`parseTime` and `parseDuration` in
/// `web/api/v1/api.go`): what `time`, `start`, `end`, `step` and `timeout` accept, with upstream's messages.
///
/// A timestamp is float seconds (Go `strconv.ParseFloat` syntax) or RFC 3339 with an optional fraction; a
/// duration is float seconds or a Prometheus duration (`5m`, `1h30m`).
///
/// Where upstream's Go conversions silently produce garbage — `nan`, `inf` or `1e30` as a time become an
/// arbitrary instant, `nan` as a duration a negative one — these functions refuse the value with upstream's
/// "cannot parse" message, and a timestamp must lie within upstream's `MinTime`…`MaxTime`, which keeps every
/// later millisecond computation inside `Int64`.
public enum APITimeParameters {
    /// Upstream `MinTime` and `MaxTime` in milliseconds: the extremes the API accepts and defaults to.
    public static let minTime: Timestamp = -9_223_309_901_257_974_000
    public static let maxTime: Timestamp = 9_223_309_901_257_974_999
    /// How upstream writes them (Go's RFC 3339 formatting of years outside 0…9999); accepted as input.
    public static let minTimeFormatted = "-292273086-05-16T16:47:06Z"
    public static let maxTimeFormatted = "292277025-08-18T07:12:54.999999999Z"

    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Milliseconds since the epoch.
    public static func timestamp(_ text: String) throws(ParseError) -> Timestamp {
        let failure = ParseError(message: "cannot parse \(quoteGo(text)) to a valid timestamp")
        if let seconds = goParseFloat(text) {
            guard let t = millisecondsFromSeconds(seconds) else { throw failure }
            return t
        }
        if let t = rfc3339Milliseconds(text) { return t }
        if text == minTimeFormatted { return minTime }
        if text == maxTimeFormatted { return maxTime }
        throw failure
    }

    /// Nanoseconds, as Go's `time.Duration`; may be zero or negative (callers that need a positive value
    /// say so with their own message, as upstream does for `step`).
    public static func durationNanoseconds(_ text: String) throws(ParseError) -> Int64 {
        if let seconds = goParseFloat(text) {
            let ns = seconds * 1e9
            // 2^63 itself does not fit either; upstream's `>` lets it through into an overflowing conversion.
            if ns >= 9_223_372_036_854_775_808.0 || ns < -9_223_372_036_854_775_808.0 {
                throw ParseError(message: "cannot parse \(quoteGo(text)) to a valid duration. It overflows int64")
            }
            guard !ns.isNaN else { throw ParseError(message: "cannot parse \(quoteGo(text)) to a valid duration") }
            return Int64(ns)
        }
        if let d = try? PromDuration(parsing: text) {
            // PromDuration keeps its total within Int64 nanoseconds.
            return d.milliseconds * 1_000_000
        }
        throw ParseError(message: "cannot parse \(quoteGo(text)) to a valid duration")
    }

    /// Upstream's float-seconds conversion: the fraction rounded to milliseconds, then `time.Unix`, then
    /// milliseconds; nil when not finite or outside `minTime…maxTime`.
    static func millisecondsFromSeconds(_ seconds: Double) -> Timestamp? {
        guard seconds.isFinite, abs(seconds) < 9.3e15 else { return nil }
        let whole = seconds.rounded(.towardZero)
        let fraction = ((seconds - whole) * 1000).rounded(.toNearestOrAwayFromZero) / 1000
        let nanos = Int64(fraction * 1e9)
        // time.Unix normalises the nanoseconds into [0, 1e9); milliseconds then truncate, so floor here.
        let (q, r) = nanos.quotientAndRemainder(dividingBy: 1_000_000)
        let t = Int64(whole) * 1000 + (r < 0 ? q - 1 : q)
        return t >= minTime && t <= maxTime ? t : nil
    }

    // MARK: Go's float syntax

    /// `strconv.ParseFloat(s, 64)`, or nil where Go reports an error (an overflow to ±Inf included).
    static func goParseFloat(_ text: String) -> Double? {
        var s = Substring(text)
        var negative = false
        if let first = s.first, first == "+" || first == "-" {
            negative = first == "-"
            s = s.dropFirst()
        }
        let lower = s.lowercased()
        if lower == "inf" || lower == "infinity" { return negative ? -.infinity : .infinity }
        if lower == "nan" { return text.count == 3 ? .nan : nil }
        guard isGoFloatLiteral(lower) else { return nil }
        let digits = lower.replacingUnderscores()
        guard let v = Double(digits), v.isFinite else { return nil }
        return negative ? -v : v
    }

    /// Decimal `1`, `1.5`, `.5`, `5.`, `1e-3`, or hexadecimal `0x1.8p3` (whose `p` exponent Go requires),
    /// with `_` only between digits or after the `0x` prefix.
    private static func isGoFloatLiteral(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        let hex = b.count > 2 && b[0] == 48 && b[1] == 120 // "0x"
        if hex { i = 2 }
        func isDigit(_ c: UInt8) -> Bool { hex ? (c >= 48 && c <= 57) || (c >= 97 && c <= 102) : c >= 48 && c <= 57 }
        var mantissaDigits = 0
        var seenDot = false
        while i < b.count {
            let c = b[i]
            if isDigit(c) {
                mantissaDigits += 1
            } else if c == 95 { // "_"
                let before = i > 0 ? b[i - 1] : 0
                let after = i + 1 < b.count ? b[i + 1] : 0
                let afterPrefix = hex && i == 2
                guard (isDigit(before) || afterPrefix), isDigit(after) else { return false }
            } else if c == 46 && !seenDot { // "."
                seenDot = true
            } else {
                break
            }
            i += 1
        }
        guard mantissaDigits > 0 else { return false }
        if i == b.count { return !hex }
        guard b[i] == (hex ? 112 : 101) else { return false } // "p" or "e"
        i += 1
        if i < b.count, b[i] == 43 || b[i] == 45 { i += 1 }
        var exponentDigits = 0
        while i < b.count, b[i] >= 48 && b[i] <= 57 { exponentDigits += 1; i += 1 }
        return exponentDigits > 0 && i == b.count
    }

    // MARK: RFC 3339

    /// `2006-01-02T15:04:05.999999999Z07:00` (Go's `time.RFC3339Nano` as `time.Parse` reads it: a fraction
    /// of up to nine digits after `.` or `,`, `Z` or a `±hh:mm` offset), in milliseconds, the fraction
    /// truncated. Years 0000…9999, as Go's parser.
    static func rfc3339Milliseconds(_ text: String) -> Timestamp? {
        guard let (seconds, nanos) = rfc3339(text) else { return nil }
        return seconds * 1000 + Int64(nanos / 1_000_000)
    }

    /// The same RFC 3339 text in nanoseconds since the epoch (Loki's time unit); nil when it does not
    /// parse or lies outside the years 1677…2262 that Int64 nanoseconds reach.
    public static func rfc3339Nanoseconds(_ text: String) -> Int64? {
        guard let (seconds, nanos) = rfc3339(text) else { return nil }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (ns, overflow2) = scaled.addingReportingOverflow(Int64(nanos))
        return overflow2 ? nil : ns
    }

    /// Whole seconds since the epoch and the nanoseconds of the fraction.
    private static func rfc3339(_ text: String) -> (seconds: Int64, nanoseconds: Int)? {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var n = 0
            for c in b[from..<from + count] {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            return n
        }
        guard b.count >= 20, b[4] == 45, b[7] == 45, b[10] == 84, b[13] == 58, b[16] == 58,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var nanos = 0
        if b[i] == 46 || b[i] == 44 { // "." or ","
            i += 1
            let start = i
            while i < b.count, b[i] >= 48 && b[i] <= 57 { i += 1 }
            let n = i - start
            guard n >= 1 && n <= 9 else { return nil }
            for k in 0..<9 { nanos = nanos * 10 + (k < n ? Int(b[start + k] - 48) : 0) }
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] == 90 { // "Z"
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            guard i + 6 == b.count, b[i + 3] == 58, let oh = number(i + 1, 2), let om = number(i + 4, 2),
                  oh < 24, om < 60 else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return (Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds), nanos)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

private extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
