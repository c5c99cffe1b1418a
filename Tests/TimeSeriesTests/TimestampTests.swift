import Testing
@testable import TimeSeries

@Suite struct TimestampTests {
    @Test func secondsToMilliseconds() {
        #expect(Timestamps.fromSeconds(0) == 0)
        #expect(Timestamps.fromSeconds(1.5) == 1500)
        #expect(Timestamps.fromSeconds(1_700_000_000.123) == 1_700_000_000_123)
        #expect(Timestamps.fromSeconds(0.0004) == 0)
        #expect(Timestamps.fromSeconds(0.0005) == 1)   // rounds half away from zero
        #expect(Timestamps.fromSeconds(-1.25) == -1250)
    }

    @Test func millisecondsToSeconds() {
        #expect(Timestamps.toSeconds(1500) == 1.5)
        #expect(Timestamps.toSeconds(-1) == -0.001)
        #expect(Timestamps.fromSeconds(Timestamps.toSeconds(1_700_000_000_123)) == 1_700_000_000_123)
    }
}
