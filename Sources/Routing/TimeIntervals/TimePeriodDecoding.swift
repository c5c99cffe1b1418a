import ConfigYAML
import TimeSeries
import Foundation

// Reading time intervals from YAML, with Alertmanager's checks and messages.

extension TimePeriod: Decodable {
    enum CodingKeys: String, CodingKey {
        case times, weekdays, daysOfMonth = "days_of_month", months, years, location
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        times = try c.decodeIfPresent([TimeRange].self, forKey: .times)
        weekdays = try c.decodeIfPresent([WeekdayRange].self, forKey: .weekdays)?.map(\.range)
        daysOfMonth = try c.decodeIfPresent([DayOfMonthRange].self, forKey: .daysOfMonth)?.map(\.range)
        months = try c.decodeIfPresent([MonthRange].self, forKey: .months)?.map(\.range)
        years = try c.decodeIfPresent([YearRange].self, forKey: .years)?.map(\.range)
        if let name = try c.decodeIfPresent(String.self, forKey: .location) {
            location = try Self.zone(named: name)
        }
    }

    /// Go's `time.LoadLocation`: "" and "UTC" are UTC, "Local" the machine's zone, anything else an IANA name.
    static func zone(named name: String) throws(ConfigValueError) -> TimeZone {
        switch name {
        case "", "UTC": return TimeZone(identifier: "UTC")!
        case "Local": return TimeZone.current
        default:
            guard name.contains("/") || TimeZone.knownTimeZoneIdentifiers.contains(name),
                  let zone = TimeZone(identifier: name) else {
                throw ConfigValueError("unknown time zone \(name)")
            }
            return zone
        }
    }
}

extension TimePeriod.TimeRange: Decodable {
    enum CodingKeys: String, CodingKey { case startTime = "start_time", endTime = "end_time" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let start = try c.decodeIfPresent(String.self, forKey: .startTime) ?? ""
        let end = try c.decodeIfPresent(String.self, forKey: .endTime) ?? ""
        if start.isEmpty || end.isEmpty { throw ConfigValueError("both start and end times must be provided") }
        startMinute = try Self.minutes(start)
        endMinute = try Self.minutes(end)
        if startMinute >= endMinute { throw ConfigValueError("start time cannot be equal or greater than end time") }
    }

    /// `HH:MM` from 00:00 to 23:59, or 24:00.
    static func minutes(_ text: String) throws(ConfigValueError) -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let digits = { (s: Substring) in s.count == 2 && s.allSatisfy { $0.isASCII && $0.isNumber } }
        guard parts.count == 2, digits(parts[0]), digits(parts[1]), let h = Int(parts[0]), let m = Int(parts[1]),
              (h < 24 && m < 60) || (h == 24 && m == 0) else {
            throw ConfigValueError("couldn't parse timestamp \(text), invalid format")
        }
        return h * 60 + m
    }
}

/// The text forms of ranges: `a` or `a:b`, case-insensitive, members read by `member`.
private func parseRange(_ text: String, member: (String) throws(ConfigValueError) -> Int) throws(ConfigValueError) -> TimePeriod.InclusiveRange {
    let lower = text.lowercased()
    guard lower.contains(":") else {
        let v = try member(lower)
        return .init(v, v)
    }
    let parts = lower.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2 else { throw ConfigValueError("couldn't parse range \(lower), invalid format") }
    return .init(try member(String(parts[0])), try member(String(parts[1])))
}

/// Go's `strconv.Atoi`, with its error text.
private func atoi(_ s: String) throws(ConfigValueError) -> Int {
    var body = Substring(s)
    if body.first == "+" || body.first == "-" { body = body.dropFirst() }
    guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(s) else {
        throw ConfigValueError("strconv.Atoi: parsing \(quoteGo(s)): \(Int(s) == nil && !body.isEmpty && body.allSatisfy({ $0.isASCII && $0.isNumber }) ? "value out of range" : "invalid syntax")")
    }
    return v
}


private let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
private let monthNames = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                          "october", "november", "december"]

struct WeekdayRange: Decodable {
    let range: TimePeriod.InclusiveRange
    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let r = try parseRange(text) { (s: String) throws(ConfigValueError) -> Int in
            guard let i = weekdayNames.firstIndex(of: s) else { throw ConfigValueError("\(s) is not a valid weekday") }
            return i
        }
        if r.begin > r.end { throw ConfigValueError("start day cannot be before end day") }
        range = r
    }
}

struct DayOfMonthRange: Decodable {
    let range: TimePeriod.InclusiveRange
    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let r = try parseRange(text, member: atoi)
        for v in [r.begin, r.end] where v == 0 || v < -31 || v > 31 {
            throw ConfigValueError("\(v) is not a valid day of the month: out of range")
        }
        if r.begin < 0 && r.end > 0 { throw ConfigValueError("end day must be negative if start day is negative") }
        // Upstream compares the two ends as if the month had 28 days.
        let b = r.begin < 0 ? 28 + r.begin : r.begin
        let e = r.end < 0 ? 28 + r.end : r.end
        if b > e { throw ConfigValueError("end day \(r.end) is always before start day \(r.begin)") }
        range = r
    }
}

struct MonthRange: Decodable {
    let range: TimePeriod.InclusiveRange
    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let r = try parseRange(text) { (s: String) throws(ConfigValueError) -> Int in
            if let i = monthNames.firstIndex(of: s) { return i + 1 }
            do { return try atoi(s) } catch { throw ConfigValueError("\(s) is not a valid month") }
        }
        if r.begin > r.end {
            let name = { (m: Int) in (1...12).contains(m) ? monthNames[m - 1] : "" }
            throw ConfigValueError("end month \(name(r.end)) is before start month \(name(r.begin))")
        }
        range = r
    }
}

struct YearRange: Decodable {
    let range: TimePeriod.InclusiveRange
    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let r = try parseRange(text, member: atoi)
        if r.begin > r.end { throw ConfigValueError("end year \(r.end) is before start year \(r.begin)") }
        range = r
    }
}

extension NamedTimeInterval: Decodable {
    enum CodingKeys: String, CodingKey { case name, timeIntervals = "time_intervals" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        intervals = try c.decodeIfPresent([TimePeriod].self, forKey: .timeIntervals) ?? []
        if name.isEmpty { throw ConfigValueError(Self.missingNameMessage(decoder)) }
    }

    /// The deprecated top-level `mute_time_intervals` says "mute time interval".
    static func missingNameMessage(_ decoder: any Decoder) -> String {
        decoder.codingPath.first?.stringValue == "mute_time_intervals" ? "missing name in mute time interval" : "missing name in time interval"
    }
}
