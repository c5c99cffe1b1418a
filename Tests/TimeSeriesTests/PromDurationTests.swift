import Testing
@testable import TimeSeries

/// `PromDuration` parses and prints like Prometheus's `model.ParseDuration` and `model.Duration.String()`.
@Suite struct PromDurationTests {
    static let second: Int64 = 1000
    static let minute: Int64 = 60 * second
    static let hour: Int64 = 60 * minute
    static let day: Int64 = 24 * hour
    static let week: Int64 = 7 * day
    static let year: Int64 = 365 * day

    static let parseCases: [(String, Int64)] = {
        var cases: [(String, Int64)] = []
        cases.append(("1h30m", 90 * minute))
        cases.append(("90s", 90 * second))
        cases.append(("1w", week))
        cases.append(("1y", year))
        cases.append(("500ms", 500))
        cases.append(("0", 0))
        cases.append(("0s", 0))
        cases.append(("14d", 14 * day))
        cases.append(("15d", 15 * day))
        let all: Int64 = year + 2 * week + 3 * day + 4 * hour + 5 * minute + 6 * second + 7
        cases.append(("1y2w3d4h5m6s7ms", all))
        cases.append(("72h", 72 * hour))
        cases.append(("1m0s", minute))
        cases.append(("007s", 7 * second))
        return cases
    }()

    @Test(arguments: parseCases)
    func parses(text: String, milliseconds: Int64) throws {
        #expect(try PromDuration(parsing: text).milliseconds == milliseconds)
    }

    @Test(arguments: [
        ("1h30m", "1h30m"),
        ("90s", "1m30s"),
        ("1w", "1w"),
        ("1y", "1y"),
        ("500ms", "500ms"),
        ("0", "0s"),
        ("14d", "2w"),
        ("15d", "15d"),
        ("366d", "366d"),      // not 1y1d: years print only when they divide exactly
        ("730d", "2y"),
        ("90d", "90d"),        // not 12w6d
        ("72h", "3d"),
        ("1d1ms", "1d1ms"),
        ("3600000ms", "1h"),
        ("1m0s", "1m"),
    ])
    func printsLikePrometheus(text: String, printed: String) throws {
        #expect(try PromDuration(parsing: text).description == printed)
    }

    @Test func printsZeroAndNegative() {
        #expect(PromDuration.zero.description == "0s")
        #expect(PromDuration(milliseconds: -90_000).description == "-1m30s")
        #expect(PromDuration(seconds: 5).description == "5s")
    }

    @Test(arguments: ["1.5h", "5m1h", "1h1h", "-1m", "1", "h", "1 h", " 1h", "1h ", "1H", "1hm", "1mh", "00", "+1s"])
    func rejectsInvalid(text: String) {
        #expect(throws: PromDuration.ParseError.self) { try PromDuration(parsing: text) }
    }

    @Test func errorMessagesMatchPrometheus() {
        #expect(throws: PromDuration.ParseError(message: "empty duration string")) {
            try PromDuration(parsing: "")
        }
        #expect(throws: PromDuration.ParseError(message: "not a valid duration string: \"5m1h\"")) {
            try PromDuration(parsing: "5m1h")
        }
        #expect(throws: PromDuration.ParseError(message: "not a valid duration string: \"-1m\"")) {
            try PromDuration(parsing: "-1m")
        }
        #expect(throws: PromDuration.ParseError(message: "not a valid duration string: \"1\"")) {
            try PromDuration(parsing: "1")
        }
        #expect(throws: PromDuration.ParseError(message: "unknown unit \".\" in duration \"1.5h\"")) {
            try PromDuration(parsing: "1.5h")
        }
        #expect(throws: PromDuration.ParseError(message: "unknown unit \"x\" in duration \"3x\"")) {
            try PromDuration(parsing: "3x")
        }
    }

    /// Prometheus keeps durations as Go `time.Duration` nanoseconds, so anything past 2^63-1 ns (about 292
    /// years) is out of range, even though it would fit in an Int64 of milliseconds.
    @Test func overflow() throws {
        #expect(try PromDuration(parsing: "292y").milliseconds == 292 * Self.year)
        #expect(try PromDuration(parsing: "9223372036854ms").milliseconds == 9_223_372_036_854)
        for text in ["293y", "9223372036855ms", "106752d", "2562048h", "15251w", "9223372036855s", "292y52w"] {
            #expect(throws: PromDuration.ParseError(message: "duration out of range"), "\(text)") {
                try PromDuration(parsing: text)
            }
        }
        // More digits than a uint64 holds: Go's ParseUint fails, which Prometheus reports as not valid.
        #expect(throws: PromDuration.ParseError(message: "not a valid duration string: \"99999999999999999999s\"")) {
            try PromDuration(parsing: "99999999999999999999s")
        }
    }

    @Test func ordersByLength() throws {
        let a = try PromDuration(parsing: "90s")
        let b = try PromDuration(parsing: "2m")
        #expect(a < b)
        #expect(try PromDuration(parsing: "1m30s") == a)
        #expect(a.seconds == 90)
    }
}
