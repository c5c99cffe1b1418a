import VigilTesting
import Foundation
import LogQL
import Rules
import Testing
import TimeSeries
import Backends
@testable import Server

/// Vigil's Loki-compatible API on a real loopback server: pushes in Loki's JSON format, queries answered
/// in the shapes of Loki's HTTP API reference (https://grafana.com/docs/loki/latest/reference/loki-http-api/),
/// its parameter formats and defaults, and its errors.
@Suite(.serialized)
struct LokiAPITests {
    /// 2023-11-14T22:13:20Z in nanoseconds: a round time so expected answers are easy to read.
    static let t0: Int64 = 1_700_000_000 * 1_000_000_000
    static let second: Int64 = 1_000_000_000

    func withServer<T>(store: LiveLogStore = LiveLogStore(clock: FixedRuleClock(nanoseconds: t0 + 600 * second)),
                       options: LogQLEngine.Options = LogQLEngine.Options(),
                       _ body: (Int, LiveLogStore) async throws -> T) async throws -> T {
        let server = try VigilHTTPServer(configuration: .init(listenAddress: ListenAddress(host: "127.0.0.1", port: 0)),
                                         routeGroups: [LokiAPI(store: store, engineOptions: options,
                                                                       snappy: { try Snappy.decompress($0, maxLength: $1) })])
        let port = try await server.start()
        do {
            let r = try await body(port, store)
            await server.shutdown()
            return r
        } catch {
            await server.shutdown()
            throw error
        }
    }

    static func push(_ port: Int, _ body: String, contentType: String = "application/json") async throws -> HTTPResult {
        try await RawHTTPClient.request(port: port, method: "POST", target: "/loki/api/v1/push",
                                        headers: ["Content-Type": contentType], body: body)
    }

    static func get(_ port: Int, _ path: String, _ params: [(String, String)]) async throws -> HTTPResult {
        var components = URLComponents()
        components.queryItems = params.map { URLQueryItem(name: $0.0, value: $0.1) }
        // URLComponents leaves `+` alone, which a form reads as a space.
        let query = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return try await RawHTTPClient.get(port, path + "?" + query)
    }

    static func ns(_ seconds: Int64) -> String { String(t0 + seconds * second) }

    /// Two streams pushed in one request, entries out of order and across requests.
    static let twoStreams = """
        {"streams": [
          {"stream": {"job": "talos-kernel", "node": "talos-1"},
           "values": [["\(ns(30))", "BTRFS error (device sdb): parent transid verify failed"],
                      ["\(ns(10))", "eth0: Link is Up"],
                      ["\(ns(20))", "level=warn msg=\\"slow disk\\" took=1.5s", {"trace_id": "abc"}]]},
          {"stream": {"job": "talos-kernel", "node": "talos-2"},
           "values": [["\(ns(15))", "BTRFS info (device sda): using free space tree"]]}
        ]}
        """

    @Test func pushedLinesAreQueriedInEitherDirectionWithALimit() async throws {
        try await withServer { port, store in
            let pushed = try await Self.push(port, Self.twoStreams)
            #expect(pushed.status == 204, "\(pushed.body)")
            // A later push older than what is stored: Loki accepts out-of-order writes.
            #expect(try await Self.push(port, #"{"streams":[{"stream":{"job":"talos-kernel","node":"talos-1"},"values":[["\#(Self.ns(5))","boot"]]}]}"#).status == 204)
            #expect(await store.entryCount == 5)

            let backward = try await Self.get(port, "/loki/api/v1/query_range", [
                ("query", #"{job="talos-kernel"}"#), ("start", Self.ns(0)), ("end", Self.ns(60)), ("limit", "3"),
            ])
            #expect(backward.status == 200, "\(backward.body)")
            #expect(backward.header("Content-Type") == "application/json")
            let data = try #require(try backward.json["data"] as? [String: Any])
            #expect(data["resultType"] as? String == "streams")
            // The three newest lines, streams sorted by labels, each stream newest first.
            #expect(Self.entries(data) == [
                #"{job="talos-kernel", node="talos-1", trace_id="abc"}"#: [Self.ns(20)],
                #"{job="talos-kernel", node="talos-1"}"#: [Self.ns(30)],
                #"{job="talos-kernel", node="talos-2"}"#: [Self.ns(15)],
            ])
            let stats = (data["stats"] as? [String: Any])?["summary"] as? [String: Any]
            #expect(stats?["totalEntriesReturned"] as? Int == 3)

            let forward = try await Self.get(port, "/loki/api/v1/query_range", [
                ("query", #"{node="talos-1"} != "BTRFS""#), ("start", Self.ns(0)), ("end", Self.ns(60)),
                ("direction", "FORWARD"), ("limit", "2"),
            ])
            #expect(Self.entries(try #require(try forward.json["data"] as? [String: Any])) == [
                #"{job="talos-kernel", node="talos-1"}"#: [Self.ns(5), Self.ns(10)],
            ])
        }
    }

    /// `{labels}` → entry times, from a streams answer.
    static func entries(_ data: [String: Any]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for item in data["result"] as? [[String: Any]] ?? [] {
            let labels = (item["stream"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }
                .map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ", ")
            out["{\(labels)}", default: []] += (item["values"] as? [[Any]] ?? []).compactMap { $0.first as? String }
        }
        return out
    }

    @Test func instantMetricQueriesInEveryTimeFormat() async throws {
        try await withServer { port, _ in
            #expect(try await Self.push(port, Self.twoStreams).status == 204)
            let query = #"sum by (node) (count_over_time({job="talos-kernel"} |= "BTRFS" [5m]))"#
            let expected = #"{"status":"success","data":{"resultType":"vector","result":["#
                + #"{"metric":{"node":"talos-1"},"value":[1700000060,"1"]},{"metric":{"node":"talos-2"},"value":[1700000060,"1"]}]"#
            // Ten digits or fewer: Unix seconds; more: nanoseconds; a decimal point: float seconds; RFC 3339.
            for time in ["1700000060", Self.ns(60), "1700000060.0", "2023-11-14T22:14:20Z", "2023-11-14T23:14:20+01:00"] {
                let r = try await Self.get(port, "/loki/api/v1/query", [("query", query), ("time", time)])
                #expect(r.status == 200, "\(time): \(r.body)")
                #expect(r.body.hasPrefix(expected), "\(time): \(r.body)")
            }
            // Sample times keep milliseconds as Prometheus writes them.
            let ms = try await Self.get(port, "/loki/api/v1/query", [("query", "vector(2)"), ("time", "1700000060.5")])
            #expect(ms.body.hasPrefix(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000060.500,"2"]}]"#), "\(ms.body)")
            // Without `time`: now (the store's clock, t0 + 600 s), when the lines are out of the 5m window.
            let now = try await Self.get(port, "/loki/api/v1/query", [("query", query)])
            #expect(now.body.hasPrefix(#"{"status":"success","data":{"resultType":"vector","result":[]"#), "\(now.body)")
            // POST with a form body, as Grafana and the ruler may send it.
            let posted = try await RawHTTPClient.request(
                port: port, method: "POST", target: "/loki/api/v1/query",
                headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: "query=" + query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&time=1700000060")
            #expect(posted.body.hasPrefix(expected), "\(posted.body)")
        }
    }

    @Test func rangeMetricQueriesDefaultTheirStepAsLoki() async throws {
        try await withServer { port, _ in
            #expect(try await Self.push(port, Self.twoStreams).status == 204)
            // 1,000 s with no step: Loki's default is the range / 250 in whole seconds, here 4 s: 251 points.
            let r = try await Self.get(port, "/loki/api/v1/query_range", [
                ("query", #"count_over_time({node="talos-2"}[1h])"#), ("start", Self.ns(0)), ("end", Self.ns(1000)),
            ])
            #expect(r.status == 200, "\(r.body)")
            let data = try #require(try r.json["data"] as? [String: Any])
            #expect(data["resultType"] as? String == "matrix")
            let values = try #require((data["result"] as? [[String: Any]])?.first?["values"] as? [[Any]])
            // The entry at 15 s is counted from the step at 16 s on.
            #expect(values.count == 251 - 4)
            #expect((values.first?.first as? Double) == 1_700_000_016)
            #expect((values.last?.first as? Double) == 1_700_001_000)
            // A given step, as a duration or float seconds.
            for step in ["100s", "100"] {
                let stepped = try await Self.get(port, "/loki/api/v1/query_range", [
                    ("query", #"count_over_time({node="talos-2"}[1h])"#), ("start", Self.ns(0)), ("end", Self.ns(1000)), ("step", step),
                ])
                let points = try #require(((try stepped.json["data"] as? [String: Any])?["result"] as? [[String: Any]])?.first?["values"] as? [[Any]])
                #expect(points.count == 10, "step \(step)")
            }
        }
    }

    @Test func structuredMetadataCanBeFilteredOn() async throws {
        try await withServer { port, _ in
            #expect(try await Self.push(port, Self.twoStreams).status == 204)
            let r = try await Self.get(port, "/loki/api/v1/query_range", [
                ("query", #"{job="talos-kernel"} | trace_id="abc" | logfmt | took > 1s"#), ("start", Self.ns(0)), ("end", Self.ns(60)),
            ])
            let data = try #require(try r.json["data"] as? [String: Any])
            let result = try #require(data["result"] as? [[String: Any]])
            #expect(result.count == 1)
            #expect((result.first?["stream"] as? [String: String])?["msg"] == "slow disk")
        }
    }

    @Test func labelsValuesAndSeriesCoverTheWindow() async throws {
        // The clock is ten minutes after t0; a stream whose lines are seven hours older is outside the default
        // six-hour window of the metadata endpoints.
        try await withServer { port, _ in
            #expect(try await Self.push(port, Self.twoStreams).status == 204)
            let old = #"{"streams":[{"stream":{"app":"old"},"values":[["\#(Self.ns(-7 * 3600))","x"]]}]}"#
            #expect(try await Self.push(port, old).status == 204)

            let labels = try await RawHTTPClient.get(port, "/loki/api/v1/labels")
            #expect(labels.body == #"{"status":"success","data":["job","node"]}"#)
            let all = try await Self.get(port, "/loki/api/v1/labels", [("since", "8h")])
            #expect(all.body == #"{"status":"success","data":["app","job","node"]}"#)
            let values = try await Self.get(port, "/loki/api/v1/label/node/values", [("query", #"{node=~"talos-.*"}"#)])
            #expect(values.body == #"{"status":"success","data":["talos-1","talos-2"]}"#)
            let series = try await Self.get(port, "/loki/api/v1/series", [("match[]", #"{node="talos-2"}"#), ("match[]", #"{app="old"}"#),
                                                                          ("start", Self.ns(-8 * 3600))])
            #expect(series.body == #"{"status":"success","data":[{"app":"old"},{"job":"talos-kernel","node":"talos-2"}]}"#)
            let noMatch = try await RawHTTPClient.get(port, "/loki/api/v1/series")
            #expect(noMatch.status == 400)
            #expect(try await RawHTTPClient.get(port, "/ready").body == "ready\n")
        }
    }

    @Test func badRequestsGetLokisPlainTextErrors() async throws {
        try await withServer { port, _ in
            func expect400(_ path: String, _ params: [(String, String)], _ message: String) async throws {
                let r = try await Self.get(port, path, params)
                #expect(r.status == 400, "\(params): \(r.status) \(r.body)")
                #expect(r.header("Content-Type") == "text/plain; charset=utf-8")
                #expect(r.body.contains(message), "\(params): \(r.body)")
            }
            try await expect400("/loki/api/v1/query", [("query", #"{job="a"}"#)], "log queries are not supported as an instant query type")
            try await expect400("/loki/api/v1/query", [("query", "sum(")], "parse error")
            try await expect400("/loki/api/v1/query", [], "query parameter is required")
            try await expect400("/loki/api/v1/query", [("query", "vector(1)"), ("time", "yesterday")], #"invalid time parameter: cannot parse "yesterday""#)
            try await expect400("/loki/api/v1/query_range", [("query", "vector(1)"), ("step", "0")], "zero or negative query resolution step")
            try await expect400("/loki/api/v1/query_range", [("query", "vector(1)"), ("start", "20"), ("end", "10")], "end timestamp must not be before start time")
            try await expect400("/loki/api/v1/query_range", [("query", #"{a="b"}"#), ("limit", "0")], "limit must be a positive value")
            try await expect400("/loki/api/v1/query_range", [("query", #"{a="b"}"#), ("direction", "sideways")], "invalid direction")
            try await expect400("/loki/api/v1/query_range", [("query", "vector(1)"), ("start", "0"), ("end", "1000000"), ("step", "1")],
                                "exceeded maximum resolution of 11000 points per timeseries")
            try await expect400("/loki/api/v1/query", [("query", "vector(1)"), ("time", "99999999999999999999")], "cannot parse")
        }
    }

    @Test func pushRefusesWhatLokiRefusesAndKeepsTheRest() async throws {
        try await withServer { port, store in
            let wrongType = try await Self.push(port, Self.twoStreams, contentType: "text/plain")
            #expect(wrongType.status == 415)
            // JSON under the protobuf type is read as protobuf, and is no snappy block.
            #expect(try await Self.push(port, Self.twoStreams, contentType: "application/x-protobuf").status == 400)
            #expect(try await Self.push(port, "{not json").status == 400)
            #expect(try await Self.push(port, #"{"streams": {}}"#).status == 400)
            // One bad stream among good ones: the good ones are stored, the answer names the bad one.
            let mixed = try await Self.push(port, """
                {"streams": [
                  {"stream": {"job": "a"}, "values": [["\(Self.ns(1))", "kept"]]},
                  {"stream": {}, "values": [["\(Self.ns(1))", "no labels"]]},
                  {"stream": {"bad-name": "x"}, "values": [["\(Self.ns(1))", "bad label"]]},
                  {"stream": {"job": "b"}, "values": [["\(Self.ns(1))", "kept"], ["soon", "bad time"]]}
                ]}
                """)
            #expect(mixed.status == 400)
            #expect(mixed.body == """
                streams[1].stream: error at least one label pair is required per stream
                streams[2].stream: invalid label name "bad-name"
                streams[3].values[1]: the time must be a string of Unix nanoseconds

                """)
            #expect(await store.entryCount == 1)
        }
    }

    /// Promtail's, Alloy's and Vector's push: `logproto.PushRequest`, snappy-compressed. Labels as text,
    /// timestamps as `google.protobuf.Timestamp`, structured metadata; a bad stream is refused with its
    /// position and the rest kept; a body that is no PushRequest, or no snappy block, is refused whole.
    @Test func protobufPushesAreReadAsLokiReadsThem() async throws {
        try await withServer { port, _ in
            let request: [UInt8] = Proto.encodeMessage([
                (1, Proto.message([
                    (1, Proto.string(#"{job="promtail", host="nas"}"#)),
                    (2, Proto.message([(1, Proto.message([(1, Proto.varint(UInt64(Self.t0 / Self.second) + 30)), (2, Proto.varint(500))])),
                                       (2, Proto.string("kernel: BTRFS error (device sdb)")),
                                       (3, Proto.message([(1, Proto.string("trace_id")), (2, Proto.string("t-1"))]))])),
                    (2, Proto.message([(1, Proto.message([(1, Proto.varint(UInt64(Self.t0 / Self.second) + 10))])),
                                       (2, Proto.string("eth0: Link is Up"))])),
                    (3, Proto.varint(12345)),  // the hash Promtail sends; ignored
                ])),
                (1, Proto.message([(1, Proto.string(#"{job="bad-", "0bad"="x"}"#)),
                                   (2, Proto.message([(2, Proto.string("dropped"))]))])),
                (1, Proto.message([(1, Proto.string("{}"))])),
            ])
            let pushed = try await RawHTTPClient.request(port: port, target: "/loki/api/v1/push",
                                                         headers: ["Content-Type": "application/x-protobuf"],
                                                         bytes: Snappy.compress(request))
            #expect(pushed.status == 400, "\(pushed.body)")
            #expect(pushed.body.contains("streams[1].labels:"), "\(pushed.body)")
            #expect(pushed.body.contains("streams[2].labels: error at least one label pair is required per stream"), "\(pushed.body)")

            let r = try await Self.get(port, "/loki/api/v1/query_range", [
                ("query", #"{job="promtail"}"#), ("start", Self.ns(0)), ("end", Self.ns(60)), ("direction", "forward")])
            #expect(r.status == 200, "\(r.body)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [String: Any])
            let result = ((json["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
            // Structured metadata shows among a result stream's labels, as Loki shows it.
            #expect(Set(result.compactMap { $0["stream"] as? [String: String] }) == [
                ["job": "promtail", "host": "nas"], ["job": "promtail", "host": "nas", "trace_id": "t-1"]])
            let values = result.flatMap { $0["values"] as? [[Any]] ?? [] }.sorted { ($0[0] as? String ?? "") < ($1[0] as? String ?? "") }
            #expect(values.map { $0[0] as? String } == [Self.ns(10), String(Self.t0 + 30 * Self.second + 500)])
            #expect(values.map { $0[1] as? String } == ["eth0: Link is Up", "kernel: BTRFS error (device sdb)"])
            let withMetadata = try await Self.get(port, "/loki/api/v1/query_range", [
                ("query", #"{job="promtail"} | trace_id="t-1""#), ("start", Self.ns(0)), ("end", Self.ns(60))])
            #expect(withMetadata.body.contains("BTRFS error") && !withMetadata.body.contains("Link is Up"), "\(withMetadata.body)")

            // Not snappy, not a PushRequest, truncated: refused whole, nothing stored, nothing trapped.
            for body in [request, Snappy.compress([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), Snappy.compress([0x0f]),
                         Snappy.compress(Array(request.dropLast(3)))] {
                let refused = try await RawHTTPClient.request(port: port, target: "/loki/api/v1/push",
                                                              headers: ["Content-Type": "application/x-protobuf"], bytes: body)
                #expect(refused.status == 400, "\(refused.body)")
            }
        }
    }

    @Test func aFullStoreAnswers429AndRetentionMakesRoom() async throws {
        let clock = SettableClock(Self.t0)
        let store = LiveLogStore(configuration: .init(maxEntries: 3, retention: .seconds(3600)), clock: clock)
        try await withServer(store: store) { port, store in
            func line(_ seconds: Int64) -> String { #"{"streams":[{"stream":{"job":"a"},"values":[["\#(Self.ns(seconds))","x"]]}]}"# }
            for s: Int64 in [1, 2, 3] { #expect(try await Self.push(port, line(s)).status == 204) }
            let full = try await Self.push(port, line(4))
            #expect(full.status == 429)
            #expect(full.body.hasPrefix("the log store is full"))
            // An hour later the first lines are past retention and the push goes in.
            clock.set(Self.t0 + 3600 * Self.second + 2 * Self.second + 1)
            #expect(try await Self.push(port, line(4)).status == 204)
            #expect(await store.entryCount == 2)
        }
    }

    @Test func aQueryPastItsTimeoutIs504() async throws {
        var options = LogQLEngine.Options()
        options.timeout = .zero
        try await withServer(options: options) { port, _ in
            let r = try await Self.get(port, "/loki/api/v1/query_range", [
                ("query", "vector(1)"), ("start", Self.ns(0)), ("end", Self.ns(100)), ("step", "1"),
            ])
            #expect(r.status == 504, "\(r.body)")
            #expect(r.body == "the query timed out\n")
        }
    }

    @Test func timestampFormats() {
        #expect(LokiParameters.timestamp("1700000000") == Self.t0)
        #expect(LokiParameters.timestamp("1700000000000000000") == Self.t0)
        #expect(LokiParameters.timestamp("1700000000.25") == Self.t0 + 250_000_000)
        #expect(LokiParameters.timestamp("2023-11-14T22:13:20.123456789Z") == Self.t0 + 123_456_789)
        #expect(LokiParameters.timestamp("0") == 0)
        #expect(LokiParameters.timestamp("-1") == -Self.second)
        // Past Int64 nanoseconds (the year 2262), and not a time at all.
        #expect(LokiParameters.timestamp("9999999999.5") == nil)
        #expect(LokiParameters.timestamp("3000-01-01T00:00:00Z") == nil)
        #expect(LokiParameters.timestamp("1e400") == nil)
        #expect(LokiParameters.timestamp("nan.") == nil)
        #expect(LokiParameters.timestamp("") == nil)
        #expect(LokiParameters.defaultStep(start: 0, end: 1000 * Self.second) == 4 * Self.second)
        #expect(LokiParameters.defaultStep(start: 0, end: 10 * Self.second) == Self.second)
    }
}

/// A clock a test sets by hand (nanoseconds).
final class SettableClock: RuleClock, @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64
    init(_ now: Int64) { self.now = now }
    func set(_ t: Int64) { lock.withLock { now = t } }
    func nowNanoseconds() -> Int64 { lock.withLock { now } }
}

/// A few protobuf wire-format writers (https://protobuf.dev/programming-guides/encoding/), enough to build
/// Loki's push messages in tests.
enum Proto {
    enum Field { case varint(UInt64), bytes([UInt8]) }

    static func varint(_ v: UInt64) -> Field { .varint(v) }
    static func string(_ s: String) -> Field { .bytes(Array(s.utf8)) }
    static func message(_ fields: [(Int, Field)]) -> Field { .bytes(encodeMessage(fields)) }

    static func encodeMessage(_ fields: [(Int, Field)]) -> [UInt8] {
        var out: [UInt8] = []
        for (number, field) in fields {
            switch field {
            case .varint(let v):
                out += encode(UInt64(number) << 3)
                out += encode(v)
            case .bytes(let b):
                out += encode(UInt64(number) << 3 | 2)
                out += encode(UInt64(b.count))
                out += b
            }
        }
        return out
    }

    static func encode(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }
}
