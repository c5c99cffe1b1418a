/// Times as Go's `encoding/json` writes a `time.Time`: RFC 3339 with up to nine fraction digits, trailing
/// zeros dropped (`2026-12-06T03:39:29.15Z`), in UTC. Go's zero time, which the API shows for a rule or
/// group never evaluated, is `0001-01-01T00:00:00Z`.
///
/// Prometheus writes times in its process's local zone; Vigil always writes UTC (`Z`), which is what a
/// Prometheus in a container shows and what every client parses the same.
enum GoTimeJSON {
    static let zero = "0001-01-01T00:00:00Z"

    /// The time `ms` milliseconds after the Unix epoch; nil is Go's zero time.
    static func format(milliseconds ms: Int64?) -> String {
        guard let ms else { return zero }
        let (days, msOfDay) = floorDivision(ms, 86_400_000)
        return format(days: days, nanosecondsOfDay: msOfDay * 1_000_000)
    }

    /// The time `ns` nanoseconds after the Unix epoch.
    static func format(nanoseconds ns: Int64) -> String {
        let (days, nsOfDay) = floorDivision(ns, 86_400_000_000_000)
        return format(days: days, nanosecondsOfDay: nsOfDay)
    }

    private static func format(days: Int64, nanosecondsOfDay: Int64) -> String {
        let (year, month, day) = civil(daysSinceEpoch: days)
        let seconds = nanosecondsOfDay / 1_000_000_000
        let fraction = nanosecondsOfDay % 1_000_000_000
        var out = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        out += "-" + pad(month, 2) + "-" + pad(day, 2)
        out += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if fraction > 0 {
            var digits = pad(fraction, 9)
            while digits.hasSuffix("0") { digits.removeLast() }
            out += "." + digits
        }
        return out + "Z"
    }

    /// Year, month and day of the proleptic Gregorian calendar for a day count from 1970-01-01
    /// (the "days from civil" inverse, by 400-year eras).
    static func civil(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivision(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        var q = a / b
        var r = a % b
        if r < 0 {
            q -= 1
            r += b
        }
        return (q, r)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
