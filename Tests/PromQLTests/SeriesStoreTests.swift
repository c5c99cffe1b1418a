import Testing
import TimeSeries
@testable import PromQL

@Suite struct SeriesStoreTests {
    func store() -> SeriesStore {
        var s = SeriesStore()
        for i in 0..<10 {
            s.append(Labels(["__name__": "up", "job": "api", "instance": "\(i)"]), t: Int64(i) * 1000, v: Double(i))
            s.append(Labels(["__name__": "up", "job": "db", "instance": "\(i)"]), t: Int64(i) * 1000, v: 1)
        }
        return s
    }

    @Test func selectsByMatchersAndTimeRangeInclusive() throws {
        let s = store()
        let api = try s.select([LabelMatcher(.equal, "__name__", "up"), LabelMatcher(.equal, "job", "api")], mint: 0, maxt: 100_000)
        #expect(api.count == 10)
        #expect(api.map { $0.labels["instance"]! } == (0..<10).map(String.init).sorted())
        let window = try s.select([LabelMatcher(.regexMatch, "instance", "3|4")], mint: 3000, maxt: 4000)
        #expect(window.count == 4)  // instances 3 and 4 of both jobs
        #expect(window.allSatisfy { !$0.floats.isEmpty })
    }

    @Test func seriesWithoutPointsInRangeAreLeftOut() throws {
        let s = store()
        let none = try s.select([LabelMatcher(.equal, "instance", "9")], mint: 0, maxt: 8999)
        #expect(none.isEmpty)
    }

    @Test func matcherOnMissingLabelMatchesEmpty() throws {
        let s = store()
        let all = try s.select([LabelMatcher(.equal, "zone", "")], mint: 0, maxt: 100_000)
        #expect(all.count == 20)
        let notDB = try s.select([LabelMatcher(.notEqual, "job", "db")], mint: 0, maxt: 100_000)
        #expect(notDB.count == 10)
    }

    @Test func laterSampleAtSameTimeReplaces() {
        var s = SeriesStore()
        let l = Labels(["__name__": "x"])
        s.append(l, t: 5, v: 1)
        s.append(l, t: 1, v: 0)
        s.append(l, t: 5, v: 2)
        let got = s.select([], mint: 0, maxt: 10)
        #expect(got.first?.floats.map(\.v) == [0, 2])
    }
}
