import Foundation
import Rules
import Testing
import TimeSeries
import VigilTesting
@testable import Backends

/// The Loki client against the loopback server playing Loki, with the response shapes of Loki's HTTP API
/// documentation.
struct LokiQueryClientTests {
    static func success(_ resultType: String, _ result: String) -> ScriptedResponse {
        .json(#"{"status":"success","data":{"resultType":"\#(resultType)","result":\#(result),"stats":{"summary":{"bytesProcessedPerSecond":0}}}}"#)
    }

    func withClient<T>(tenant: String? = "homelab", settings: HTTPClientSettings = testSettings(),
                       _ body: (LoopbackHTTPServer, LokiQueryClient) async throws -> T) async throws -> T {
        try await LoopbackHTTPServer.with { server in
            let client = try LokiQueryClient(baseURL: server.baseURL, tenant: tenant, settings: settings, sleeper: RecordingSleeper())
            do {
                let r = try await body(server, client)
                await client.shutdown()
                return r
            } catch {
                await client.shutdown()
                throw error
            }
        }
    }

    @Test func instantQueriesSendTenantTimeLimitAndDirection() async throws {
        try await withClient { server, client in
            server.enqueue(Self.success("vector", "[]"))
            _ = try await client.instantQuery(#"sum(rate({job="varlogs"}[5m]))"#, at: 1_588_889_221_123, limit: 10, direction: .forward)
            let r = try #require(server.requests.first)
            #expect(r.method == "GET")
            #expect(r.path == "/loki/api/v1/query")
            #expect(r.header("X-Scope-OrgID") == "homelab")
            #expect(r.parameter("query") == #"sum(rate({job="varlogs"}[5m]))"#)
            #expect(r.parameter("time") == "1588889221123000000")
            #expect(r.parameter("limit") == "10")
            #expect(r.parameter("direction") == "forward")
        }
    }

    @Test func noTenantNoHeader() async throws {
        try await withClient(tenant: nil) { server, client in
            server.enqueue(Self.success("vector", "[]"))
            _ = try await client.instantQuery("vector(1)", at: 0)
            #expect(server.requests.first?.header("X-Scope-OrgID") == nil)
        }
    }

    @Test func decodesTheDocumentedShapes() async throws {
        try await withClient { server, client in
            server.enqueue(
                Self.success("vector", #"[{"metric":{"level":"error"},"value":[1588889221,"1267.1266666666666"]},{"metric":{},"value":[1588889221.5,"NaN"]}]"#),
                Self.success("matrix", #"[{"metric":{"level":"info"},"values":[[1588889221,"137.95"],[1588889281,"467.1155"]]}]"#),
                Self.success("streams", #"""
                    [{"stream":{"filename":"/var/log/myproject.log","job":"varlogs","level":"info"},
                      "values":[["1568234281726420425","foo"],["1568234269716526880","bar",{"trace_id":"x"}]]}]
                    """#),
                Self.success("scalar", #"[1588889221,"7"]"#))
            let vector = try await client.instantQuery("x", at: 0)
            guard case .vector(let samples) = vector else { Issue.record("\(vector)"); return }
            #expect(samples[0] == InstantSample(labels: ["level": "error"], t: 1_588_889_221_000, value: 1267.1266666666666))
            #expect(samples[1].t == 1_588_889_221_500 && samples[1].value.isNaN)
            expectEqual(try await client.instantQuery("x", at: 0), .matrix([
                RangeSeries(labels: ["level": "info"], floats: [Sample(t: 1_588_889_221_000, v: 137.95), Sample(t: 1_588_889_281_000, v: 467.1155)]),
            ]))
            expectEqual(try await client.instantQuery("x", at: 0), .streams([
                LokiStream(labels: ["filename": "/var/log/myproject.log", "job": "varlogs", "level": "info"], entries: [
                    LokiEntry(timestampNanoseconds: 1_568_234_281_726_420_425, line: "foo"),
                    LokiEntry(timestampNanoseconds: 1_568_234_269_716_526_880, line: "bar"),
                ]),
            ]))
            expectEqual(try await client.instantQuery("x", at: 0), .scalar(t: 1_588_889_221_000, value: 7))
        }
    }

    @Test func querierTakesVectorsAndScalarsOnly() async throws {
        try await withClient { server, client in
            server.enqueue(
                Self.success("vector", #"[{"metric":{"app":"a"},"value":[60,"3"]}]"#),
                Self.success("scalar", #"[60,"2"]"#),
                Self.success("streams", "[]"),
                Self.success("matrix", "[]"))
            let querier: any Querier = client
            expectEqual(try await querier.query("x", at: 60_000), [InstantSample(labels: ["app": "a"], t: 60_000, value: 3)])
            expectEqual(try await querier.query("x", at: 60_000), [InstantSample(labels: .empty, t: 60_000, value: 2)])
            for _ in 0..<2 {
                await #expect { _ = try await querier.query("x", at: 60_000) } throws: { "\($0)" == "rule result is not a vector or scalar" }
            }
        }
    }

    @Test func plainTextErrorsKeepLokisMessage() async throws {
        try await withClient { server, client in
            server.enqueue(.text("parse error at line 1, col 5: syntax error: unexpected IDENTIFIER", status: 400))
            await #expect(throws: LokiAPIError(status: 400, message: "parse error at line 1, col 5: syntax error: unexpected IDENTIFIER")) {
                _ = try await client.instantQuery("sum(", at: 0)
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func jsonErrorsToo() async throws {
        try await withClient(settings: testSettings(attempts: 1)) { server, client in
            server.enqueue(.json(#"{"status":"error","error":"max entries limit per query exceeded"}"#, status: 500))
            await #expect(throws: LokiAPIError(status: 500, message: "max entries limit per query exceeded")) {
                _ = try await client.instantQuery("x", at: 0)
            }
        }
    }

    @Test(arguments: [
        (ScriptedResponse.text("<!DOCTYPE html><html><title>Loki</title></html>", contentType: "text/html"), "HTML page"),
        (ScriptedResponse.json(#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[["12x","a"]]}]}}"#),
         #"stream 0 entry 0 timestamp "12x" is not an integer of nanoseconds"#),
        (ScriptedResponse.json(#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[[1,"a"]]}]}}"#),
         #"stream 0 entry 0 must be ["<nanoseconds>", "<line>"]"#),
        (ScriptedResponse.json(#"{"status":"success","data":{"resultType":"streams","res"#), "truncated JSON"),
    ])
    func badBodiesAreClearErrors(response: ScriptedResponse, message: String) async throws {
        try await withClient { server, client in
            server.enqueue(response)
            await #expect { _ = try await client.instantQuery("x", at: 0) } throws: { "\($0)".contains(message) }
        }
    }

    @Test func newestEntryAsksBackwardForOneLine() async throws {
        try await withClient { server, client in
            server.enqueue(
                Self.success("streams", #"[{"stream":{"job":"a"},"values":[["1700000000500000000","x"]]},{"stream":{"job":"b"},"values":[["1700000000900000000","y"]]}]"#),
                Self.success("streams", "[]"))
            let newest = try await client.newestEntry(selector: #"{job=~".+"}"#, at: 1_700_000_001_000, lookback: .seconds(300))
            #expect(newest == 1_700_000_000_900_000_000)
            let r = try #require(server.requests.first)
            #expect(r.path == "/loki/api/v1/query_range")
            #expect(r.parameter("start") == "1699999701000000000")
            #expect(r.parameter("end") == "1700000001000000000")
            #expect(r.parameter("limit") == "1")
            #expect(r.parameter("direction") == "backward")
            #expect(r.header("X-Scope-OrgID") == "homelab")
            expectEqual(try await client.newestEntry(selector: "{job=\"a\"}", at: 1_700_000_001_000, lookback: .seconds(60)), nil)
        }
    }
}
