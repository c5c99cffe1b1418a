/// Go's `time.Time.Format` layouts (reference time `Mon Jan 2 15:04:05 MST 2006`).
enum GoTimeFormat {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func pad(_ v: Int, _ width: Int, _ fill: Character = "0") -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: fill, count: width - s.count) + s
    }

    static func format(_ t: GoTime, layout: String) -> String {
        let c = t.civil
        let l = Array(layout)
        var out = ""
        var i = 0
        func has(_ p: String) -> Bool {
            let pa = Array(p)
            if i + pa.count > l.count { return false }
            return Array(l[i..<(i + pa.count)]) == pa
        }
        func offsetString(colon: Bool, seconds: Bool = false, z: Bool, short: Bool = false) -> String {
            if z && t.offset == 0 { return "Z" }
            let sign = t.offset < 0 ? "-" : "+"
            let o = abs(t.offset)
            var s = sign + pad(o / 3600, 2)
            if short { return s }
            s += (colon ? ":" : "") + pad((o / 60) % 60, 2)
            if seconds { s += (colon ? ":" : "") + pad(o % 60, 2) }
            return s
        }
        while i < l.count {
            // Longest matches first.
            if has("January") { out += months[c.month - 1]; i += 7; continue }
            if has("Jan") { out += String(months[c.month - 1].prefix(3)); i += 3; continue }
            if has("Monday") { out += days[c.weekday]; i += 6; continue }
            if has("Mon") { out += String(days[c.weekday].prefix(3)); i += 3; continue }
            if has("MST") { out += t.zone; i += 3; continue }
            if has("2006") { out += pad(c.year, 4); i += 4; continue }
            if has("Z07:00:00") { out += offsetString(colon: true, seconds: true, z: true); i += 9; continue }
            if has("-07:00:00") { out += offsetString(colon: true, seconds: true, z: false); i += 9; continue }
            if has("Z070000") { out += offsetString(colon: false, seconds: true, z: true); i += 7; continue }
            if has("-070000") { out += offsetString(colon: false, seconds: true, z: false); i += 7; continue }
            if has("Z07:00") { out += offsetString(colon: true, z: true); i += 6; continue }
            if has("-07:00") { out += offsetString(colon: true, z: false); i += 6; continue }
            if has("Z0700") { out += offsetString(colon: false, z: true); i += 5; continue }
            if has("-0700") { out += offsetString(colon: false, z: false); i += 5; continue }
            if has("Z07") { out += offsetString(colon: false, z: true, short: true); i += 3; continue }
            if has("-07") { out += offsetString(colon: false, z: false, short: true); i += 3; continue }
            if has("002") { out += pad(c.yearDay, 3); i += 3; continue }
            if has("__2") { out += pad(c.yearDay, 3, " "); i += 3; continue }
            if has("01") { out += pad(c.month, 2); i += 2; continue }
            if has("02") { out += pad(c.day, 2); i += 2; continue }
            if has("_2") { out += pad(c.day, 2, " "); i += 2; continue }
            if has("06") { out += pad(c.year % 100, 2); i += 2; continue }
            if has("15") { out += pad(c.hour, 2); i += 2; continue }
            if has("03") { out += pad(c.hour % 12 == 0 ? 12 : c.hour % 12, 2); i += 2; continue }
            if has("04") { out += pad(c.minute, 2); i += 2; continue }
            if has("05") { out += pad(c.second, 2); i += 2; continue }
            if has("PM") { out += c.hour >= 12 ? "PM" : "AM"; i += 2; continue }
            if has("pm") { out += c.hour >= 12 ? "pm" : "am"; i += 2; continue }
            if (l[i] == "." || l[i] == ","), i + 1 < l.count, l[i + 1] == "0" || l[i + 1] == "9" {
                let digit = l[i + 1]
                var j = i + 1
                while j < l.count, l[j] == digit { j += 1 }
                // Only a fractional second if not followed by a digit.
                if j >= l.count || !l[j].isNumber {
                    let n = min(j - i - 1, 9)
                    var frac = pad(Int(t.nanoseconds), 9)
                    frac = String(frac.prefix(n))
                    if digit == "9" {
                        while frac.hasSuffix("0") { frac.removeLast() }
                        if !frac.isEmpty { out += String(l[i]) + frac }
                    } else {
                        out += String(l[i]) + frac
                    }
                    i = j
                    continue
                }
            }
            if l[i] == "1" { out += String(c.month); i += 1; continue }
            if l[i] == "2" { out += String(c.day); i += 1; continue }
            if l[i] == "3" { out += String(c.hour % 12 == 0 ? 12 : c.hour % 12); i += 1; continue }
            if l[i] == "4" { out += String(c.minute); i += 1; continue }
            if l[i] == "5" { out += String(c.second); i += 1; continue }
            out.append(l[i])
            i += 1
        }
        return out
    }
}

extension GoTime {
    /// Go's `Time.Format(layout)` (reference time `Mon Jan 2 15:04:05 MST 2006`).
    public func format(_ layout: String) -> String { GoTimeFormat.format(self, layout: layout) }

    /// How Go's `encoding/json` writes a `time.Time`: `time.RFC3339Nano`, trailing zeros of the fraction dropped.
    public var rfc3339Nano: String { GoTimeFormat.format(self, layout: "2006-01-02T15:04:05.999999999Z07:00") }
}
