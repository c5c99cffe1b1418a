import Foundation

/// One entry of a named time interval's `time_intervals:` list: a time is inside when it satisfies
/// every field that is given (`times`, `weekdays`, `days_of_month`, `months`, `years`), each field
/// being a list of ranges of which one has to hold. A field that is absent places no constraint; one
/// given as an empty list holds for no time, as in Alertmanager.
public struct TimePeriod: Sendable, Hashable {
    /// Minutes of the day, start inclusive, end exclusive (`24:00` is 1440).
    public struct TimeRange: Sendable, Hashable {
        public var startMinute: Int
        public var endMinute: Int
        public init(startMinute: Int, endMinute: Int) {
            self.startMinute = startMinute
            self.endMinute = endMinute
        }
    }

    /// An inclusive range; single values are ranges of one.
    public struct InclusiveRange: Sendable, Hashable {
        public var begin: Int
        public var end: Int
        public init(_ begin: Int, _ end: Int) {
            self.begin = begin
            self.end = end
        }
    }

    public var times: [TimeRange]?
    /// 0 is Sunday, as in Go.
    public var weekdays: [InclusiveRange]?
    /// 1...31, or -31...-1 counted from the end of the month (-1 is the last day).
    public var daysOfMonth: [InclusiveRange]?
    /// 1 is January.
    public var months: [InclusiveRange]?
    public var years: [InclusiveRange]?
    /// The zone the fields are read in; UTC when not given (Alertmanager checks `now.UTC()`).
    public var location: TimeZone?

    public init(times: [TimeRange]? = nil, weekdays: [InclusiveRange]? = nil, daysOfMonth: [InclusiveRange]? = nil,
                months: [InclusiveRange]? = nil, years: [InclusiveRange]? = nil, location: TimeZone? = nil) {
        self.times = times
        self.weekdays = weekdays
        self.daysOfMonth = daysOfMonth
        self.months = months
        self.years = years
        self.location = location
    }

    /// Whether `date` lies in the interval (Alertmanager's `TimePeriod.ContainsTime`).
    public func contains(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = location ?? TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        guard let year = c.year, let month = c.month, let day = c.day, let hour = c.hour, let minute = c.minute,
              let weekday = c.weekday else { return false }
        if let times {
            let m = hour * 60 + minute
            guard times.contains(where: { m >= $0.startMinute && m < $0.endMinute }) else { return false }
        }
        if let daysOfMonth {
            let length = calendar.range(of: .day, in: .month, for: date)?.count ?? 31
            let inside = daysOfMonth.contains { range in
                // Negative days count back from the end of this month: -1 is its last day.
                var begin = range.begin < 0 ? length + range.begin + 1 : range.begin
                var end = range.end < 0 ? length + range.end + 1 : range.end
                if begin > length { return false }
                begin = Self.clamp(begin, -length, length)
                end = Self.clamp(end, -length, length)
                return day >= begin && day <= end
            }
            guard inside else { return false }
        }
        if let months {
            guard months.contains(where: { month >= $0.begin && month <= $0.end }) else { return false }
        }
        if let weekdays {
            let goWeekday = weekday - 1
            guard weekdays.contains(where: { goWeekday >= $0.begin && goWeekday <= $0.end }) else { return false }
        }
        if let years {
            guard years.contains(where: { year >= $0.begin && year <= $0.end }) else { return false }
        }
        return true
    }

    static func clamp(_ n: Int, _ low: Int, _ high: Int) -> Int { n <= low ? low : (n >= high ? high : n) }
}

/// A named set of time intervals (`time_intervals:` and the deprecated `mute_time_intervals:`),
/// referenced by routes' `mute_time_intervals` and `active_time_intervals`.
public struct NamedTimeInterval: Sendable, Hashable {
    public var name: String
    public var intervals: [TimePeriod]

    public init(name: String, intervals: [TimePeriod]) {
        self.name = name
        self.intervals = intervals
    }

    /// True when any of the intervals holds `date`.
    public func contains(_ date: Date) -> Bool { intervals.contains { $0.contains(date) } }
}
