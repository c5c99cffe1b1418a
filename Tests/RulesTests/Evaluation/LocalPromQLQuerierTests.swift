import PromQL
import Testing
import TimeSeries
@testable import Rules

@Suite("Local PromQL querier and shared store")
struct LocalPromQLQuerierTests {
    @Test func vectorsScalarsAndStrings() throws {
        let store = SharedSeriesStore()
        try load(store, labels(["__name__": "up", "job": "a"]), [1, 0])
        let querier = LocalPromQLQuerier(source: store)
        #expect(try querier.querySynchronously("up == 0", at: minute)
            == [InstantSample(labels: labels(["__name__": "up", "job": "a"]), t: minute, value: 0)])
        // A scalar becomes one sample without labels, as upstream's EngineQueryFunc.
        #expect(try querier.querySynchronously("1 + 1", at: 7) == [InstantSample(labels: .empty, t: 7, value: 2)])
        #expect(throws: QueryError("rule result is not a vector or scalar")) { _ = try querier.querySynchronously("\"text\"", at: 0) }
        #expect(throws: QueryError.self) { _ = try querier.querySynchronously("up[", at: 0) }
        // Appends are visible to the querier without rebuilding it.
        try store.append(labels(["__name__": "up", "job": "b"]), t: minute, value: 0)
        #expect(try querier.querySynchronously("up == 0", at: minute).count == 2)
    }

    @Test func asyncPathAgreesWithTheSynchronousOne() async throws {
        let store = SharedSeriesStore()
        try load(store, labels(["__name__": "m"]), [3])
        let querier = LocalPromQLQuerier(source: store)
        let viaAsync = try await querier.query("m * 2", at: 0)
        #expect(viaAsync == (try querier.querySynchronously("m * 2", at: 0)))
    }

    @Test func storeRefusesWhatTheHeadAppenderRefuses() throws {
        let store = SharedSeriesStore()
        let s = labels(["__name__": "m"])
        try store.append(s, t: 2000, value: 1)
        try store.append(s, t: 2000, value: 1)
        #expect(throws: SampleAppendError.duplicateFloat(t: 2000, existing: 1, new: 2)) { try store.append(s, t: 2000, value: 2) }
        #expect(throws: SampleAppendError.outOfOrder) { try store.append(s, t: 1000, value: 1) }
        #expect(SampleAppendError.duplicateFloat(t: 2000, existing: 1, new: 2.5).description
            == "duplicate sample for timestamp 2000; overrides not allowed: existing 1, new value 2.5")
        #expect(SampleAppendError.outOfOrder.description == "out of order sample")
        // A store built from an existing SeriesStore knows its newest samples.
        var plain = SeriesStore()
        plain.append(s, t: 5000, v: 1)
        #expect(throws: SampleAppendError.outOfOrder) { try SharedSeriesStore(plain).append(s, t: 4000, value: 1) }
    }
}
