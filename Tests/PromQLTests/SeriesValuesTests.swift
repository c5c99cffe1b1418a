import Testing
import TimeSeries
@testable import PromQL

@Suite struct SeriesValuesTests {
    func floats(_ text: String) throws -> [Double?] {
        try SeriesValues.parse(text).map {
            switch $0 {
            case .missing: return nil
            case .float(let v): return v
            case .histogram: Issue.record("unexpected histogram"); return nil
            }
        }
    }

    @Test func expandingNotation() throws {
        #expect(try floats("1 2 3") == [1, 2, 3])
        #expect(try floats("0+10x3") == [0, 10, 20, 30])
        #expect(try floats("5-1x2") == [5, 4, 3])
        #expect(try floats("-1-2x2") == [-1, -3, -5])
        #expect(try floats("7x2") == [7, 7, 7])
        #expect(try floats("1 _ 3") == [1, nil, 3])
        #expect(try floats("_x3 4") == [nil, nil, nil, 4])
        #expect(try floats("1e-3+1e-3x1") == [0.001, 0.002])
    }

    @Test func numbersFollowGoRules() throws {
        // No hexadecimal in series values: `0x3` is 0 four times.
        #expect(try floats("0x3") == [0, 0, 0, 0])
        #expect(try floats("010") == [8])
        #expect(try floats("09") == [9])
        #expect(try floats("+3 -3") == [3, -3])
        #expect(try floats("Inf -Inf +inf") == [.infinity, -.infinity, .infinity])
        let nan = try floats("NaN")
        #expect(nan.count == 1 && nan[0]!.isNaN)
    }

    @Test func repeatedAdditionKeepsUpstreamRounding() throws {
        let values = try floats("0+0.1x10")
        var expected = 0.0
        for _ in 0..<10 { expected += 0.1 }
        #expect(values.last! == expected)
        #expect(values.last! != 1.0)
    }

    @Test func staleIsTheStalenessMarker() throws {
        let values = try SeriesValues.parse("1 stale")
        guard case .float(let v) = values[1] else { Issue.record("not a float"); return }
        #expect(StaleNaN.isStale(v))
    }

    @Test func histograms() throws {
        let values = try SeriesValues.parse("{{schema:0 sum:5 count:4 buckets:[1 2 1]}} {{sum:1 count:1}}+{{sum:1 count:1}}x2")
        #expect(values.count == 4)
        guard case .histogram(let h) = values[0], case .histogram(let last) = values[3] else {
            Issue.record("not histograms"); return
        }
        #expect(h.count == 4 && h.sum == 5 && h.positiveBuckets == [1, 2, 1])
        #expect(last.count == 3 && last.sum == 3)
    }

    @Test func badValuesAreErrors() {
        for bad in ["abc", "1+x3", "1x", "{{schema:0", "{{nope:1}}", "1+1x100000000000"] {
            #expect(throws: SeriesValues.Failure.self, "\(bad)") { try SeriesValues.parse(bad) }
        }
    }

    @Test func seriesDescriptions() throws {
        let (labels, end) = try SeriesDescription.parse(prefixOf: #"http_requests{job="api", instance="0"}  0+10x10"#)
        #expect(labels == Labels(["__name__": "http_requests", "job": "api", "instance": "0"]))
        #expect(end == 38)
        #expect(try SeriesDescription.parse(prefixOf: #"{"my.metric", "a.b"="c"} 1"#).0
            == Labels(["__name__": "my.metric", "a.b": "c"]))
        #expect(try SeriesDescription.parse(prefixOf: "up 1").0 == Labels(["__name__": "up"]))
        #expect(throws: SeriesDescription.Failure.self) { try SeriesDescription.parse(prefixOf: #"up{a=~"b"}"#) }
        #expect(throws: SeriesDescription.Failure.self) { try SeriesDescription.parse(prefixOf: #"up{a="b", a="c"}"#) }
    }
}
