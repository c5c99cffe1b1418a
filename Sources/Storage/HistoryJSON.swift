import Foundation
import TimeSeries

/// How history records are written as JSON, by the HTTP API and `vigil history --output json` alike:
/// keys sorted, times as RFC 3339 in UTC with milliseconds (`2026-01-02T03:04:05.123Z`), absent
/// values as `null` rather than left out, so every record of a kind has the same keys.
public enum HistoryJSON {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(format(date))
        }
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let ms = try? APITimeParameters.timestamp(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return Date(timeIntervalSince1970: Double(ms) / 1000)
        }
        return d
    }

    /// `2026-01-02T03:04:05.123Z`; a date outside years 0…9999 is clamped to that range.
    public static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        // -62167219200 is 0000-01-01, 253402300799.999 is 9999-12-31T23:59:59.999.
        let clamped = seconds.isNaN ? 0 : min(max(seconds, -62_167_219_200), 253_402_300_799.999)
        let ms = Int64((clamped * 1000).rounded(.down))
        let (days, msOfDay) = floorDivide(ms, 86_400_000)
        let (y, m, d) = civil(days: days)
        let h = msOfDay / 3_600_000, min = msOfDay / 60_000 % 60, s = msOfDay / 1000 % 60, frac = msOfDay % 1000
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(h, 2) + ":" + pad(min, 2) + ":" + pad(s, 2)
            + "." + pad(frac, 3) + "Z"
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// The proleptic Gregorian date of a day number (days since 1970-01-01), by Howard Hinnant's
    /// `civil_from_days`.
    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    // MARK: Columns

    /// A label set (or annotations) as the JSON object stored in a column: keys sorted.
    ///
    /// A flat string map as a JSON object with sorted keys. Written by hand: it runs for every alert
    /// change stored, and JSONEncoder cost more than the database insert itself.
    static func object(_ pairs: [String: String]) -> String {
        var out = "{"
        for (i, key) in pairs.keys.sorted().enumerated() {
            if i > 0 { out += "," }
            appendQuoted(key, to: &out)
            out += ":"
            appendQuoted(pairs[key] ?? "", to: &out)
        }
        return out + "}"
    }

    /// A JSON string literal: quote, backslash and control characters escaped, everything else as is.
    static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    static func dictionary(_ labels: Labels) -> [String: String] {
        var out: [String: String] = [:]
        for l in labels { out[l.name] = l.value }
        return out
    }

    static func decodeObject(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}
