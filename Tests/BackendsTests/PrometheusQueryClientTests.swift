import Foundation
import Rules
import Testing
import TimeSeries
import VigilTesting
@testable import Backends

/// The Prometheus client against the loopback server: requests as sent, every response shape, errors.
struct PrometheusQueryClientTests {
    static func success(_ resultType: String, _ result: String, extra: String = "") -> ScriptedResponse {
        .json(#"{"status":"success","data":{"resultType":"\#(resultType)","result":\#(result)}\#(extra)}"#)
    }

    func withClient<T>(settings: HTTPClientSettings = testSettings(), sleeper: RecordingSleeper = RecordingSleeper(),
                       queryTimeout: Duration? = nil,
                       _ body: (LoopbackHTTPServer, PrometheusQueryClient) async throws -> T) async throws -> T {
        try await LoopbackHTTPServer.with { server in
            let client = try PrometheusQueryClient(baseURL: server.baseURL, settings: settings, queryTimeout: queryTimeout, sleeper: sleeper)
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

    @Test func postsTheQueryAsAForm() async throws {
        try await withClient(queryTimeout: .seconds(20)) { server, client in
            server.enqueue(Self.success("vector", "[]"))
            _ = try await client.instantQuery("sum by (job) (up == 1)", at: 1_435_781_451_781)
            let r = try #require(server.requests.first)
            #expect(r.method == "POST")
            #expect(r.path == "/api/v1/query")
            #expect(r.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(r.parameter("query") == "sum by (job) (up == 1)")
            #expect(r.parameter("time") == "1435781451.781")
            #expect(r.parameter("timeout") == "20s")
        }
    }

    @Test(arguments: [(Int64(0), "0.000"), (Int64(5), "0.005"), (Int64(-1500), "-1.500"), (Int64.max, "9223372036854775.807")])
    func timesAreExactSeconds(t: Int64, text: String) {
        #expect(PrometheusQueryClient.formatSeconds(t) == text)
    }

    @Test func keepsThePathPrefixOfTheBaseURL() async throws {
        try await LoopbackHTTPServer.with { server in
            server.enqueue(Self.success("scalar", #"[1, "1"]"#))
            let client = try PrometheusQueryClient(baseURL: server.baseURL + "/prometheus/", settings: testSettings())
            _ = try await client.instantQuery("1", at: 1000)
            await client.shutdown()
            #expect(server.requests.first?.path == "/prometheus/api/v1/query")
        }
    }

    @Test func decodesEveryResultType() async throws {
        try await withClient { server, client in
            server.enqueue(
                Self.success("vector", #"[{"metric":{"__name__":"up","job":"node"},"value":[1435781451.781,"1"]},{"metric":{},"value":[1435781451.781,"NaN"]}]"#),
                Self.success("scalar", #"[1435781451.5,"+Inf"]"#),
                Self.success("string", #"[1435781451,"hello"]"#),
                Self.success("matrix", #"[{"metric":{"job":"a"},"values":[[1,"1"],[2,"-Inf"],[3,"1e-300"]]}]"#))
            let vector = try await client.instantQuery("up", at: 0).value
            guard case .vector(let samples) = vector else { Issue.record("not a vector: \(vector)"); return }
            #expect(samples.count == 2)
            #expect(samples[0] == InstantSample(labels: ["__name__": "up", "job": "node"], t: 1_435_781_451_781, value: 1))
            #expect(samples[1].labels == .empty && samples[1].value.isNaN)

            expectEqual(try await client.instantQuery("x", at: 0).value, .scalar(t: 1_435_781_451_500, value: .infinity))
            expectEqual(try await client.instantQuery("x", at: 0).value, .string(t: 1_435_781_451_000, value: "hello"))
            expectEqual(try await client.instantQuery("x", at: 0).value, .matrix([
                RangeSeries(labels: ["job": "a"], floats: [Sample(t: 1000, v: 1), Sample(t: 2000, v: -.infinity), Sample(t: 3000, v: 1e-300)]),
            ]))
        }
    }

    @Test func decodesNativeHistograms() async throws {
        try await withClient { server, client in
            // Schema 0: zero bucket ±0.001 with 1, (1,2] with 1, (2,4] with 2, [-2,-1) with 3.
            server.enqueue(Self.success("vector", #"""
                [{"metric":{"__name__":"h"},"histogram":[10,{"count":"7","sum":"3.5","buckets":[
                  [1,"-2","-1","3"],[3,"-0.001","0.001","1"],[0,"1","2","1"],[0,"2","4","2"]]}]}]
                """#))
            let value = try await client.instantQuery("h", at: 0).value
            guard case .vector(let samples) = value, let h = samples.first?.histogram else { Issue.record("\(value)"); return }
            var expected = NativeHistogram()
            expected.schema = 0
            expected.count = 7
            expected.sum = 3.5
            expected.zeroThreshold = 0.001
            expected.zeroCount = 1
            expected.positiveSpans = [.init(offset: 1, length: 2)]
            expected.positiveBuckets = [1, 2]
            expected.negativeSpans = [.init(offset: 1, length: 1)]
            expected.negativeBuckets = [3]
            #expect(h == expected)
            #expect(samples.first?.t == 10_000)
        }
    }

    @Test func infersFinerSchemasAndGaps() throws {
        // Schema 1 bounds: 2^(i/2). Buckets i=1 (1, 1.414] and i=4 (2.828, 4], so spans [1:1] and [gap 2, 1].
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(#"""
            {"count":"5","sum":"9","buckets":[[0,"1","1.4142135623730951","2"],[0,"2.82842712474619","4","3"]]}
            """#.utf8))
        let h = try HistogramBucketsJSON.decode(json, "h")
        #expect(h.schema == 1)
        #expect(h.positiveSpans == [.init(offset: 1, length: 1), .init(offset: 2, length: 1)])
        #expect(h.positiveBuckets == [2, 3])
    }

    @Test func boundsOfNoExponentialSchemaAreCustomBuckets() throws {
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(#"""
            {"count":"6","sum":"9","buckets":[[0,"-Inf","0.5","1"],[0,"0.5","3","2"],[0,"10","+Inf","3"]]}
            """#.utf8))
        let h = try HistogramBucketsJSON.decode(json, "h")
        #expect(h.schema == NativeHistogram.customBucketsSchema)
        #expect(h.customValues == [0.5, 3, 10])
        #expect(h.positiveSpans == [.init(offset: 0, length: 2), .init(offset: 1, length: 1)])
        #expect(h.positiveBuckets == [1, 2, 3])
    }

    @Test func annotationsAreKeptAndReported() async throws {
        let seen = AnnotationLog()
        try await LoopbackHTTPServer.with { server in
            server.enqueue(Self.success("vector", "[]", extra: #","warnings":["w1"],"infos":["i1","i2"]"#))
            let client = try PrometheusQueryClient(baseURL: server.baseURL, settings: testSettings()) { expr, w, i in
                seen.add("\(expr)|\(w)|\(i)")
            }
            let result = try await client.instantQuery("rate(x[5m])", at: 0)
            await client.shutdown()
            #expect(result.warnings == ["w1"] && result.infos == ["i1", "i2"])
        }
        #expect(seen.entries == [#"rate(x[5m])|["w1"]|["i1", "i2"]"#])
    }

    @Test func apiErrorsKeepTypeAndMessage() async throws {
        try await withClient { server, client in
            server.enqueue(.json(#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}"#, status: 400))
            await #expect(throws: PrometheusAPIError(status: 400, errorType: "bad_data", message: "1:5: parse error: unexpected end of input")) {
                _ = try await client.instantQuery("sum(", at: 0)
            }
            // A 4xx is not retried.
            #expect(server.requests.count == 1)
        }
    }

    @Test func executionErrorsAfterRetriesKeepTheirType() async throws {
        let sleeper = RecordingSleeper()
        try await withClient(sleeper: sleeper) { server, client in
            let timeout = ScriptedResponse.json(#"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#, status: 503)
            server.enqueue(timeout, timeout, timeout)
            await #expect(throws: PrometheusAPIError(status: 503, errorType: "timeout", message: "query timed out in expression evaluation")) {
                _ = try await client.instantQuery("x", at: 0)
            }
            #expect(server.requests.count == 3)
        }
        #expect(sleeper.durations == [.milliseconds(30), .milliseconds(60)])
    }

    @Test func serverErrorsThenSuccessAreRetriedWithBackoff() async throws {
        let sleeper = RecordingSleeper()
        try await withClient(settings: testSettings(attempts: 4), sleeper: sleeper) { server, client in
            server.enqueue(.text("oops", status: 500), .text("slow down", status: 429), .text("bad gateway", status: 502),
                           Self.success("scalar", #"[1,"2"]"#))
            expectEqual(try await client.instantQuery("x", at: 0).value, .scalar(t: 1000, value: 2))
            #expect(server.requests.count == 4)
        }
        #expect(sleeper.durations == [.milliseconds(30), .milliseconds(60), .milliseconds(120)])
    }

    @Test(arguments: [
        (ScriptedResponse.text("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", contentType: "text/html"),
         #"got an HTML page instead of JSON (title "502 Bad Gateway")"#),
        (ScriptedResponse.json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"val"#),
         "truncated JSON"),
        (ScriptedResponse(status: 200, body: [0xff, 0x00, 0x13, 0x37, 0x80]), "body is not valid JSON"),
        (ScriptedResponse(status: 200), "empty body"),
        (ScriptedResponse.json(#"[1,2,3]"#), "expected a JSON object, got an array"),
        (ScriptedResponse.json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}"#),
         "vector sample 0 value must be a string, got a number"),
        (ScriptedResponse.json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"inf"]}]}}"#),
         #"vector sample 0 value "inf" is not a number"#),
        (ScriptedResponse.json(#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1e300,"1"]}]}}"#),
         "is out of range"),
        (ScriptedResponse.json(#"{"status":"success","data":{"resultType":"tensor","result":[]}}"#), #"unknown resultType "tensor""#),
        (ScriptedResponse.json(#"{"status":"maybe"}"#), #""status" must be "success" or "error", got "maybe""#),
    ])
    func unusableBodiesAreClearErrors(response: ScriptedResponse, message: String) async throws {
        try await withClient { server, client in
            server.enqueue(response)
            await #expect {
                _ = try await client.instantQuery("x", at: 0)
            } throws: { error in
                guard case BackendError.invalidResponse(let endpoint, let m) = error else { return false }
                return endpoint.hasSuffix("/api/v1/query") && m.contains(message)
            }
        }
    }

    @Test func anHTMLErrorPageWithAnErrorStatusNamesTheStatus() async throws {
        try await withClient(settings: testSettings(attempts: 1)) { server, client in
            server.enqueue(.text("<html><body>Bad gateway</body></html>", status: 502, contentType: "text/html"))
            await #expect {
                _ = try await client.instantQuery("x", at: 0)
            } throws: { error in
                "\(error)".contains("server returned HTTP status 502 Bad Gateway") && "\(error)".contains("Bad gateway")
            }
        }
    }

    @Test func aTruncatedTransferIsAnError() async throws {
        try await withClient(settings: testSettings(attempts: 1)) { server, client in
            var cut = Self.success("vector", "[]")
            cut.truncateAfter = 10
            server.enqueue(cut)
            await #expect(throws: (any Error).self) { _ = try await client.instantQuery("x", at: 0) }
        }
    }

    @Test func aBodyThatStallsTimesOut() async throws {
        try await withClient(settings: testSettings(attempts: 1, timeout: .milliseconds(200))) { server, client in
            // The body would come after two minutes: a timeout error means the client gave up first.
            var stalled = Self.success("vector", "[]")
            stalled.bodyDelay = .seconds(120)
            server.enqueue(stalled)
            await #expect {
                _ = try await client.instantQuery("x", at: 0)
            } throws: { error in
                guard case BackendError.timeout = error else { return false }
                return true
            }
        }
    }

    @Test func timeoutsAreReportedAndRetried() async throws {
        let sleeper = RecordingSleeper()
        try await withClient(settings: testSettings(attempts: 2, timeout: .milliseconds(200)), sleeper: sleeper) { server, client in
            server.enqueue(ScriptedResponse.json("{}", delay: .seconds(120)), Self.success("scalar", #"[1,"5"]"#))
            expectEqual(try await client.instantQuery("x", at: 0).value, .scalar(t: 1000, value: 5))
        }
        #expect(sleeper.durations == [.milliseconds(30)])

        try await withClient(settings: testSettings(attempts: 1, timeout: .milliseconds(200))) { server, client in
            server.enqueue(ScriptedResponse.json("{}", delay: .seconds(120)))
            await #expect {
                _ = try await client.instantQuery("x", at: 0)
            } throws: { error in
                guard case BackendError.timeout = error else { return false }
                return "\(error)".contains("timed out after 0.2s")
            }
        }
    }

    @Test func connectionRefusedIsATransportErrorRetried() async throws {
        // A port that was free a moment ago: nothing listens.
        let server = try await LoopbackHTTPServer.start()
        let url = server.baseURL
        await server.stop()
        let sleeper = RecordingSleeper()
        // A generous timeout: a refusal is immediate, but a loaded machine may take seconds to report it.
        let client = try PrometheusQueryClient(baseURL: url, settings: testSettings(attempts: 3, timeout: .seconds(60)), sleeper: sleeper)
        await #expect {
            _ = try await client.instantQuery("x", at: 0)
        } throws: { error in
            guard case BackendError.transport = error else { return false }
            return true
        }
        await client.shutdown()
        #expect(sleeper.durations.count == 2)
    }

    // MARK: Querier

    @Test func querierReturnsVectorsAndScalarsAndRefusesOthers() async throws {
        try await withClient { server, client in
            server.enqueue(
                Self.success("vector", #"[{"metric":{"job":"a"},"value":[5,"1"]}]"#),
                Self.success("scalar", #"[5,"42"]"#),
                Self.success("matrix", "[]"),
                Self.success("string", #"[5,"s"]"#))
            let querier: any Querier = client
            expectEqual(try await querier.query("up", at: 5000), [InstantSample(labels: ["job": "a"], t: 5000, value: 1)])
            expectEqual(try await querier.query("42", at: 5000), [InstantSample(labels: .empty, t: 5000, value: 42)])
            for _ in 0..<2 {
                await #expect {
                    _ = try await querier.query("x[5m]", at: 5000)
                } throws: { error in
                    "\(error)" == "rule result is not a vector or scalar"
                }
            }
        }
    }

    // MARK: Authentication and headers

    @Test func basicAuthFromAPasswordFile() async throws {
        let dir = try TemporaryFiles.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pw = dir.appendingPathComponent("pw").path
        try "s3cret\n".write(toFile: pw, atomically: true, encoding: .utf8)
        var settings = testSettings()
        settings.basicAuth = BasicAuthSettings(username: "vigil", passwordFile: pw)
        try await withClient(settings: settings) { server, client in
            server.enqueue(Self.success("vector", "[]"), Self.success("vector", "[]"))
            _ = try await client.instantQuery("x", at: 0)
            try "rotated".write(toFile: pw, atomically: true, encoding: .utf8)
            _ = try await client.instantQuery("x", at: 0)
            let auth = server.requests.map { $0.header("Authorization") }
            #expect(auth == ["Basic " + Data("vigil:s3cret".utf8).base64EncodedString(),
                             "Basic " + Data("vigil:rotated".utf8).base64EncodedString()])
        }
    }

    @Test func authorizationCredentialsAndCustomHeaders() async throws {
        let dir = try TemporaryFiles.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tokenFile = dir.appendingPathComponent("token").path
        try "from-file".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        var settings = testSettings()
        settings.authorization = AuthorizationSettings(type: "", credentials: "abc123")
        settings.httpHeaders = ["X-Scope-OrgID": HeaderSettings(values: ["homelab"]),
                                "X-Extra": HeaderSettings(values: ["v"], secrets: ["sec"], files: [tokenFile])]
        try await withClient(settings: settings) { server, client in
            server.enqueue(Self.success("vector", "[]"))
            _ = try await client.instantQuery("x", at: 0)
            let r = try #require(server.requests.first)
            #expect(r.header("Authorization") == "Bearer abc123")
            #expect(r.header("X-Scope-OrgID") == "homelab")
            #expect(r.headerValues("X-Extra") == ["v", "sec", "from-file"])
        }
    }

    @Test func aMissingCredentialsFileFailsWithoutSending() async throws {
        var settings = testSettings()
        settings.authorization = AuthorizationSettings(type: "Token", credentialsFile: "/nonexistent/vigil-token")
        try await withClient(settings: settings) { server, client in
            await #expect {
                _ = try await client.instantQuery("x", at: 0)
            } throws: { error in
                "\(error)".contains("unable to read secret file /nonexistent/vigil-token")
            }
            #expect(server.requests.isEmpty)
        }
    }

    @Test func redirectsKeepCredentialsOnlyOnTheSameHost() async throws {
        var settings = testSettings()
        settings.authorization = AuthorizationSettings(credentials: "tok")
        try await LoopbackHTTPServer.with { other in
            other.enqueue(Self.success("scalar", #"[1,"1"]"#))
            try await withClient(settings: settings) { server, client in
                server.enqueue(ScriptedResponse(status: 307, headers: [("Location", "/moved/api/v1/query")]),
                               ScriptedResponse(status: 302, headers: [("Location", other.baseURL + "/elsewhere")]))
                _ = try await client.instantQuery("x", at: 0)
                #expect(server.requests.map(\.path) == ["/api/v1/query", "/moved/api/v1/query"])
                #expect(server.requests.map { $0.header("Authorization") } == ["Bearer tok", "Bearer tok"])
                // 307 repeats the POST with its body; 302 turns it into a GET without body, and leaves the host.
                #expect(server.requests[1].method == "POST" && server.requests[1].parameter("query") == "x")
            }
            let moved = try #require(other.requests.first)
            #expect(moved.method == "GET" && moved.path == "/elsewhere")
            #expect(moved.header("Authorization") == nil)
        }
    }
}

final class AnnotationLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var entries: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
