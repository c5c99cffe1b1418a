/// Times as Go formats them for Alertmanager: `strfmt.DateTime`, which Prometheus's notifier uses for
/// `startsAt`/`endsAt`, marshals with `RFC3339Millis` (`2006-01-02T15:04:05.000Z07:00`): always three
/// fraction digits. Vigil sends UTC, so the zone is `Z`. Go's zero time (`0001-01-01T00:00:00.000Z`) stands
/// for an unset time, as upstream sends it.
public enum GoTimeFormat {
    /// Milliseconds since the epoch of Go's zero time, 0001-01-01T00:00:00Z.
    public static let zeroTimeMilliseconds: Int64 = -62_135_596_800_000

    public static func rfc3339Millis(_ ms: Int64?) -> String {
        let t = ms ?? zeroTimeMilliseconds
        let days = floorDiv(t, 86_400_000)
        let msOfDay = t - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        let hh = msOfDay / 3_600_000, mm = msOfDay / 60_000 % 60, ss = msOfDay / 1000 % 60, frac = msOfDay % 1000
        let year = y < 0 ? "-" + pad(-y, 4) : pad(y, 4)
        return "\(year)-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2)).\(pad(frac, 3))Z"
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Proleptic Gregorian date of a day number (days since 1970-01-01); Howard Hinnant's `civil_from_days`.
    static func civil(fromDays z0: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
