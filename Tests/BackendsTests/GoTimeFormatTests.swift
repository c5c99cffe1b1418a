import Testing
@testable import Backends

struct GoTimeFormatTests {
    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_435_781_451_781), "2015-07-01T20:10:51.781Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
        (Int64(253_402_300_799_999), "9999-12-31T23:59:59.999Z"),
    ])
    func formatsLikeGoRFC3339Millis(ms: Int64, expected: String) {
        #expect(GoTimeFormat.rfc3339Millis(ms) == expected)
    }

    @Test func unsetTimeIsGoZeroTime() {
        #expect(GoTimeFormat.rfc3339Millis(nil) == "0001-01-01T00:00:00.000Z")
    }
}
