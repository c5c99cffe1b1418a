import Foundation

/// Times in Alertmanager's API: go-openapi's `strfmt.DateTime`. It writes RFC 3339 with exactly three
/// fraction digits (`2026-12-06T08:16:15.429Z`, Go's `Format` truncating, not rounding) and reads RFC 3339
/// with or without a fraction and with `Z` or a numeric offset.
///
/// Vigil holds times as `Date`, so an offset sent by a client is not kept: times are written in UTC,
/// where Alertmanager would echo the sender's offset.
enum AlertmanagerTime {
    /// Go's zero `time.Time`, 0001-01-01T00:00:00Z.
    static let goZero = Date(timeIntervalSince1970: -62_135_596_800)

    /// `2006-01-02T15:04:05.000Z07:00` in UTC.
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e13 else { return "0001-01-01T00:00:00.000Z" }
        // Through whole microseconds first: a Date's double can read 0.428999 for a time sent as .429.
        let ms = Int64(((seconds * 1e6).rounded() / 1000).rounded(.down))
        let fraction = (ms % 1000 + 1000) % 1000
        let iso = GoTimeJSON.format(milliseconds: ms - fraction)
        let digits = String(fraction)
        return String(iso.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil when the text is not such a time.
    static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at >= 0, at + count <= b.count else { return nil }
            var v = 0
            for i in at..<(at + count) {
                guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
                v = v * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return v
        }
        func byte(_ at: Int) -> UInt8? { at < b.count ? b[at] : nil }
        guard let year = digits(0, 4), byte(4) == UInt8(ascii: "-"), let month = digits(5, 2), byte(7) == UInt8(ascii: "-"),
              let day = digits(8, 2), byte(10) == UInt8(ascii: "T") || byte(10) == UInt8(ascii: "t"),
              let hour = digits(11, 2), byte(13) == UInt8(ascii: ":"), let minute = digits(14, 2),
              byte(16) == UInt8(ascii: ":"), let second = digits(17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var nanos = 0
        if byte(i) == UInt8(ascii: ".") || byte(i) == UInt8(ascii: ",") {
            i += 1
            var count = 0
            while let c = byte(i), c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                if count < 9 { nanos = nanos * 10 + Int(c - UInt8(ascii: "0")) }
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
            for _ in min(count, 9)..<9 { nanos *= 10 }
        }
        var offset = 0
        switch byte(i) {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let oh = digits(i + 1, 2), byte(i + 3) == UInt8(ascii: ":"), let om = digits(i + 4, 2), oh < 24, om < 60
            else { return nil }
            offset = (oh * 3600 + om * 60) * (byte(i) == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        default:
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let secondsOfDay = hour * 3600 + minute * 60 + second
        let whole = Double(days * 86_400 + secondsOfDay - offset)
        return Date(timeIntervalSince1970: whole + Double(nanos) / 1e9)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (years 0...9999 here, so no overflow).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
