import ConfigYAML
import Foundation
import Testing
@testable import Routing

/// Alertmanager's time interval semantics (`timeinterval/timeinterval.go` and its tests).
@Suite struct TimeIntervalTests {
    static func interval(_ yaml: String) throws -> TimePeriod {
        try StrictYAMLDecoder().decode(TimePeriod.self, from: yaml, file: "t.yml")
    }

    static func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    @Test func timesWeekdaysAndZone() throws {
        let t = try Self.interval("""
            times: [{start_time: "09:00", end_time: "17:00"}]
            weekdays: ['monday:friday']
            location: Europe/Berlin
            """)
        #expect(t.contains(Self.date("2024-01-08T08:30:00Z")))   // Monday 09:30 in Berlin
        #expect(!t.contains(Self.date("2024-01-08T07:30:00Z")))  // 08:30 in Berlin
        #expect(!t.contains(Self.date("2024-01-08T16:00:00Z")))  // 17:00 in Berlin: the end is exclusive
        #expect(!t.contains(Self.date("2024-01-07T10:00:00Z")))  // Sunday
    }

    @Test func utcWithoutLocationAndEndOfDay() throws {
        let t = try Self.interval("times: [{start_time: '22:00', end_time: '24:00'}]")
        #expect(t.contains(Self.date("2024-03-01T23:59:00Z")))
        #expect(!t.contains(Self.date("2024-03-01T21:59:00Z")))
    }

    /// -1 is the last day of each month, whatever its length.
    @Test func negativeDaysOfMonth() throws {
        let t = try Self.interval("days_of_month: ['-1']")
        #expect(t.contains(Self.date("2024-02-29T12:00:00Z")))
        #expect(!t.contains(Self.date("2024-02-28T12:00:00Z")))
        #expect(t.contains(Self.date("2023-02-28T12:00:00Z")))
        #expect(t.contains(Self.date("2024-04-30T12:00:00Z")))
        #expect(t.contains(Self.date("2024-05-31T12:00:00Z")))
        let range = try Self.interval("days_of_month: ['-7:-1']")
        #expect(range.contains(Self.date("2024-02-23T00:00:00Z")))
        #expect(!range.contains(Self.date("2024-02-22T23:59:00Z")))
        let big = try Self.interval("days_of_month: ['30:31']")
        #expect(!big.contains(Self.date("2024-02-29T00:00:00Z")))
        #expect(big.contains(Self.date("2024-01-31T00:00:00Z")))
    }

    @Test func monthsAndYears() throws {
        let t = try Self.interval("months: ['january:march', '12']\nyears: ['2024:2025']")
        #expect(t.contains(Self.date("2024-02-10T00:00:00Z")))
        #expect(t.contains(Self.date("2025-12-10T00:00:00Z")))
        #expect(!t.contains(Self.date("2024-04-10T00:00:00Z")))
        #expect(!t.contains(Self.date("2026-01-10T00:00:00Z")))
    }

    @Test func emptyListHoldsNever() throws {
        #expect(!(try Self.interval("weekdays: []")).contains(Date()))
        #expect(try Self.interval("{}").contains(Date()))
    }

    @Test(arguments: [
        ("times: [{start_time: '17:00', end_time: '09:00'}]", "start time cannot be equal or greater than end time"),
        ("times: [{start_time: '9:00', end_time: '10:00'}]", "couldn't parse timestamp 9:00, invalid format"),
        ("times: [{start_time: '24:01', end_time: '10:00'}]", "couldn't parse timestamp 24:01, invalid format"),
        ("times: [{start_time: '09:00'}]", "both start and end times must be provided"),
        ("weekdays: ['friday:monday']", "start day cannot be before end day"),
        ("weekdays: ['someday']", "someday is not a valid weekday"),
        ("days_of_month: ['0']", "0 is not a valid day of the month: out of range"),
        ("days_of_month: ['-3:5']", "end day must be negative if start day is negative"),
        ("days_of_month: ['10:-25']", "end day -25 is always before start day 10"),
        ("months: ['march:january']", "end month january is before start month march"),
        ("months: ['smarch']", "smarch is not a valid month"),
        ("years: ['2025:2024']", "end year 2024 is before start year 2025"),
        ("location: Mars/Olympus", "unknown time zone Mars/Olympus"),
        ("weekdays: ['monday:tuesday:friday']", "couldn't parse range monday:tuesday:friday, invalid format"),
    ])
    func errors(_ yaml: String, _ message: String) {
        #expect(throws: ConfigFileError.self) { try Self.interval(yaml) }
        do { _ = try Self.interval(yaml) } catch let e as ConfigFileError { #expect(e.message == message) } catch {}
    }

    @Test func localZone() throws {
        let t = try Self.interval("location: Local")
        #expect(t.location == TimeZone.current)
    }
}
