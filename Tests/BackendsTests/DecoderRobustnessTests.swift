import Foundation
import Testing
@testable import Backends

/// Every prefix and many corruptions of valid responses decode to a value or an error, never a trap.
struct DecoderRobustnessTests {
    static let prometheusBodies = [
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"up","job":"node"},"value":[1435781451.781,"1"]},{"metric":{},"histogram":[1,{"count":"7","sum":"3.5","buckets":[[1,"-2","-1","3"],[3,"-0.001","0.001","1"],[0,"1","2","1"],[0,"2","4","2"]]}]}]},"warnings":["w"]}"#,
        #"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[[1,"1"],[2,"-Inf"]],"histograms":[[3,{"count":"1","sum":"1"}]]}]}}"#,
        #"{"status":"error","errorType":"bad_data","error":"parse error"}"#,
    ]

    static let lokiBodies = [
        #"{"status":"success","data":{"resultType":"streams","result":[{"stream":{"job":"a"},"values":[["1568234281726420425","foo"],["1568234269716526880","bar",{"k":"v"}]]}]}}"#,
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"level":"error"},"value":[1588889221,"1267.12"]}]}}"#,
    ]

    static func mutations(of text: String) -> [[UInt8]] {
        let bytes = Array(text.utf8)
        var out: [[UInt8]] = (0...bytes.count).map { Array(bytes.prefix($0)) }
        var x: UInt64 = 0x9e37_79b9_7f4a_7c15
        let replacements = Array(#"{}[]",:0-9eE.+nN"#.utf8) + [0, 0xff, 0x22, 0x5c]
        for _ in 0..<300 {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            var m = bytes
            let i = Int(x % UInt64(m.count))
            m[i] = replacements[Int((x >> 20) % UInt64(replacements.count))]
            out.append(m)
        }
        return out
    }

    @Test func prometheusDecoderNeverTraps() {
        var decoded = 0
        for body in Self.prometheusBodies {
            for m in Self.mutations(of: body) where (try? PrometheusResponseDecoder.decode(status: 200, body: m, contentType: nil)) != nil {
                decoded += 1
            }
        }
        // The unmutated bodies (full-length prefixes) decode.
        #expect(decoded >= Self.prometheusBodies.count)
    }

    @Test func lokiDecoderNeverTraps() {
        var decoded = 0
        for body in Self.lokiBodies {
            for m in Self.mutations(of: body) where (try? LokiResponseDecoder.decode(m, contentType: nil)) != nil {
                decoded += 1
            }
        }
        #expect(decoded >= Self.lokiBodies.count)
    }

    @Test func deeplyNestedJSONIsAnError() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONShapeError.self) { _ = try JSONBody.parse(Array(deep.utf8), contentType: nil) }
    }
}
