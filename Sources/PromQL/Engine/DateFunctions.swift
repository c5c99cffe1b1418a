/// The calendar behind `minute`, `hour`, `day_of_week`, `day_of_month`, `day_of_year`, `days_in_month`,
/// `month` and `year`, with the results Prometheus gives for every input.
///
/// Prometheus computes `time.Unix(int64(v), 0).UTC()` and reads Go's calendar fields. Two Go behaviours
/// matter at the edges and are reproduced here rather than trapping or clamping:
/// - `int64(v)` of NaN, ±Inf or |v| ≥ 2⁶³ is `math.MinInt64` on amd64 (see `GoInt64`), so
///   `hour(vector(NaN))` is 15, not an error.
/// - Go measures time as unsigned seconds since an "absolute" epoch (March 1 of the year
///   -292277022400, a multiple of 400, since Go 1.23) and adds the Unix offset with wrapping int64
///   arithmetic; a Unix time before that epoch wraps around 2⁶⁴ seconds to a date near the year
///   292277026596. That is where `math.MinInt64` lands: 292277026596-12-04 15:30:08 UTC, a Sunday.
/// Within the range the calendar is the proleptic Gregorian one, computed here with day counts in
/// 400-year eras (146,097 days each, starting on March 1 so the leap day ends the year).
struct GoCivilTime: Equatable {
    var year: Int64
    /// 1...12
    var month: Int
    /// 1...31
    var day: Int
    var hour: Int
    var minute: Int
    /// 0 = Sunday
    var weekday: Int
    /// 1...366
    var dayOfYear: Int
    /// The number of days in this month, as Prometheus computes it: `32 - Date(year, month, 32).Day()`.
    var daysInMonth: Int

    private static let secondsPerDay: UInt64 = 86_400
    private static let daysPerEra: UInt64 = 146_097
    /// The year of Go's absolute epoch (its March 1 is absolute day 0).
    private static let epochYear: Int64 = -292_277_022_400
    /// Seconds from Go's absolute epoch to the Unix epoch (Go's `unixToAbsolute`): 292277022400 Julian
    /// years of 365.2425 days back from 0001-01-01 plus the 306 days March–December, plus 0001→1970.
    private static let unixToAbsolute: Int64 = {
        let absoluteToInternalDays: Int64 = 292_277_022_400 / 400 * 146_097 + 306
        let internalToUnixDays: Int64 = 1969 * 365 + 1969 / 4 - 1969 / 100 + 1969 / 400
        return (absoluteToInternalDays + internalToUnixDays) * 86_400
    }()

    /// The UTC calendar fields of a Unix time in seconds, wrapping as Go does.
    init(unixSeconds: Int64) {
        self.init(absoluteSeconds: UInt64(bitPattern: unixSeconds &+ GoCivilTime.unixToAbsolute))
    }

    /// The calendar fields of a float timestamp as Prometheus's date functions read it (`int64(v)`).
    init(prometheusValue v: Double) {
        self.init(unixSeconds: GoInt64.convert(v))
    }

    private init(absoluteSeconds abs: UInt64) {
        let days = abs / GoCivilTime.secondsPerDay
        let secondOfDay = abs % GoCivilTime.secondsPerDay
        hour = Int(secondOfDay / 3600)
        minute = Int(secondOfDay % 3600 / 60)
        // Day 0 is a March 1 of a year divisible by 400, a Wednesday (as 2000-03-01 was); eras are whole weeks.
        weekday = Int((days + 3) % 7)
        let civil = GoCivilTime.civil(absoluteDays: days)
        year = civil.year
        month = civil.month
        day = civil.day
        dayOfYear = GoCivilTime.dayOfYear(month: month, day: day, leap: GoCivilTime.isLeap(year))
        // Go builds day 32 of this month and reads its day of month. That is normally the first days of
        // the next month, but the absolute seconds wrap at 2⁶⁴ like every other Go time, so compute it the
        // same way rather than from the month's length.
        let firstOfMonth = days - UInt64(day - 1)
        let day32 = (firstOfMonth &+ 31) &* GoCivilTime.secondsPerDay
        daysInMonth = 32 - GoCivilTime.civil(absoluteDays: day32 / GoCivilTime.secondsPerDay).day
    }

    /// Year, month and day of a day count since the absolute epoch (a March 1 starting a 400-year era).
    private static func civil(absoluteDays days: UInt64) -> (year: Int64, month: Int, day: Int) {
        let era = days / daysPerEra
        let dayOfEra = days % daysPerEra                                      // 0...146096
        // Years into the era, counting March-to-February years; the corrections remove the leap days.
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfMarchYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365
        let monthFromMarch = (5 * dayOfMarchYear + 2) / 153                    // 0 = March ... 11 = February
        let day = Int(dayOfMarchYear - (153 * monthFromMarch + 2) / 5) + 1
        let month = monthFromMarch < 10 ? Int(monthFromMarch) + 3 : Int(monthFromMarch) - 9
        var year = epochYear + Int64(era) * 400 + Int64(yearOfEra)
        if month <= 2 { year += 1 }
        return (year, month, day)
    }

    private static func isLeap(_ y: Int64) -> Bool {
        y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
    }

    private static let daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

    private static func dayOfYear(month: Int, day: Int, leap: Bool) -> Int {
        daysBeforeMonth[month - 1] + day + (leap && month > 2 ? 1 : 0)
    }
}
