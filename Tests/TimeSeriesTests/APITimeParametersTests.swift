import Testing
@testable import TimeSeries

/// Prometheus's query API `time`/`start`/`end` and `step`/`timeout` parameters. The accepted values and
/// messages were taken from upstream's `parseTime` and `parseDuration` run under Go; where Go turns a value
/// into garbage (`nan`, `1e30`: its float-to-int conversions do not fail), Vigil refuses it with upstream's
/// own "cannot parse" message.
@Suite struct APITimeParametersTests {
    static let timestamps: [(String, Int64)] = [
        ("0", 0), ("1.5", 1500), ("-1.5", -1500), ("0.0005", 1), ("-0.0005", -1), ("0.123", 123),
        ("+5", 5000), (".5", 500), ("5.", 5000), ("-0", 0), ("0x1p3", 8000), ("1_0", 10_000),
        ("9223309901257974", 9_223_309_901_257_974_000),
        ("2015-07-01T20:10:51.781Z", 1_435_781_451_781), ("2015-07-01T20:10:51Z", 1_435_781_451_000),
        ("2015-07-01T20:10:51+02:00", 1_435_774_251_000), ("2015-07-01T20:10:51.781-00:30", 1_435_783_251_781),
        ("2015-07-01T20:10:51,5Z", 1_435_781_451_500), ("2015-07-01T20:10:51.123456789Z", 1_435_781_451_123),
        ("0000-01-01T00:00:00Z", -62_167_219_200_000), ("2016-02-29T00:00:00Z", 1_456_704_000_000),
        ("-292273086-05-16T16:47:06Z", -9_223_309_901_257_974_000),
        ("292277025-08-18T07:12:54.999999999Z", 9_223_309_901_257_974_999),
    ]

    @Test(arguments: timestamps)
    func acceptsWhatTheAPIAccepts(_ text: String, _ expected: Int64) throws {
        #expect(try APITimeParameters.timestamp(text) == expected)
    }

    static let badTimestamps = [
        // Refused by Go as well.
        "1e400", "2015-07-01t20:10:51z", "2015-07-01T20:10:51.1234567891Z", "2015-07-01 20:10:51Z",
        "10000-01-01T00:00:00Z", "2015-02-29T00:00:00Z", "2015-07-01T24:00:00Z", "2015-07-01T20:10:60Z",
        "2015-07-01T20:10:51.Z", "2015-7-01T20:10:51Z", "2015-07-01T20:10:51+2:00", "2015-07-01T20:10:51+0200",
        "", " 1", "1__0", "0x1", "+nan", "now",
        // Garbage in Go, refused here: not finite, or past upstream's MinTime/MaxTime.
        "nan", "NaN", "inf", "-Inf", "Infinity", "1e30", "-1e300", "1e18", "9223309901257975",
    ]

    @Test(arguments: badTimestamps)
    func refusesWithUpstreamsMessage(_ text: String) {
        #expect(throws: APITimeParameters.ParseError(message: "cannot parse \(quoteGo(text)) to a valid timestamp")) {
            try APITimeParameters.timestamp(text)
        }
    }

    static let durations: [(String, Int64)] = [
        ("1", 1_000_000_000), ("1.5", 1_500_000_000), ("0.0001", 100_000), ("-1", -1_000_000_000),
        ("9223372036", 9_223_372_036_000_000_000), ("0x1p3", 8_000_000_000), ("1_000", 1_000_000_000_000),
        ("0x_1p0", 1_000_000_000), ("0", 0), ("5m", 300_000_000_000), ("1h30m", 5_400_000_000_000),
    ]

    @Test(arguments: durations)
    func acceptsDurations(_ text: String, _ expected: Int64) throws {
        #expect(try APITimeParameters.durationNanoseconds(text) == expected)
    }

    @Test(arguments: ["1e300", "-1e300", "inf", "-Inf", "9223372037", "infinity", "+infinity"])
    func refusesOverflowingDurations(_ text: String) {
        #expect(throws: APITimeParameters.ParseError(message: "cannot parse \(quoteGo(text)) to a valid duration. It overflows int64")) {
            try APITimeParameters.durationNanoseconds(text)
        }
    }

    // `NaN` becomes math.MinInt64 nanoseconds in Go; refused here.
    @Test(arguments: ["1e400", "_1", "1__0", "1_", "0x1", ".", "1e", "1e+", "+nan", "infinit", "", " 1", "-5m", "1.5m", "NaN", "nan"])
    func refusesOtherDurations(_ text: String) {
        #expect(throws: APITimeParameters.ParseError(message: "cannot parse \(quoteGo(text)) to a valid duration")) {
            try APITimeParameters.durationNanoseconds(text)
        }
    }
}
