import Foundation
import Rules
import SwiftProtobuf
import Testing
import TimeSeries
import VigilTesting
@testable import Backends

struct RemoteWriteTests {
    static func histogram() -> NativeHistogram {
        var h = NativeHistogram()
        h.schema = 1
        h.count = 10
        h.sum = 23.5
        h.zeroThreshold = 0.001
        h.zeroCount = 1
        h.positiveSpans = [.init(offset: -1, length: 2), .init(offset: 3, length: 1)]
        h.positiveBuckets = [2, 3, 1]
        h.negativeSpans = [.init(offset: 0, length: 1)]
        h.negativeBuckets = [3]
        h.counterResetHint = .gauge
        return h
    }

    static let series: [RemoteWriteSeries] = [
        RemoteWriteSeries(labels: ["__name__": "job:up:sum", "job": "node"],
                          samples: [Sample(t: 1000, v: 3), Sample(t: 2000, v: StaleNaN.value), Sample(t: 3000, v: .nan)]),
        RemoteWriteSeries(labels: ["__name__": "h"], histograms: [HistogramSample(t: 5000, h: histogram())]),
    ]

    // MARK: Protobuf

    @Test func writeRequestRoundTripsThroughProtobuf() throws {
        let bytes: [UInt8] = try WriteRequestEncoding.request(Self.series).serializedBytes()
        let decoded = try Prometheus_WriteRequest(serializedBytes: bytes)
        let back = WriteRequestEncoding.series(decoded)
        #expect(back.count == 2)
        #expect(back[0].labels == Self.series[0].labels)
        // Bits, not values: the staleness marker must survive as itself, an ordinary NaN as an ordinary NaN.
        #expect(back[0].samples.map(\.v.bitPattern) == Self.series[0].samples.map(\.v.bitPattern))
        #expect(StaleNaN.isStale(back[0].samples[1].v) && !StaleNaN.isStale(back[0].samples[2].v))
        #expect(back[1].histograms == Self.series[1].histograms)
        #expect(back[1].histograms[0].h.counterResetHint == .gauge)
    }

    @Test func labelsAreWrittenSortedWithTheMetricName() throws {
        let request = WriteRequestEncoding.request([RemoteWriteSeries(labels: ["z": "1", "__name__": "m", "a": "2"], samples: [Sample(t: 1, v: 1)])])
        #expect(request.timeseries[0].labels.map(\.name) == ["__name__", "a", "z"])
    }

    @Test func wireBytesOfASmallRequest() throws {
        let bytes: [UInt8] = try WriteRequestEncoding.request([RemoteWriteSeries(labels: ["a": "b"], samples: [Sample(t: 1, v: 1)])]).serializedBytes()
        // timeseries(1) len 21 { labels(1) len 6 { name(1) "a", value(2) "b" }, samples(2) len 11 { value(1) fixed64 1.0, timestamp(2) varint 1 } }
        #expect(bytes == [0x0a, 21, 0x0a, 6, 0x0a, 1, 97, 0x12, 1, 98, 0x12, 11, 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x10, 1])
    }

    @Test func wholeCountsGoAsIntegerHistogramsOthersAsFloat() {
        let integer = WriteRequestEncoding.histogram(Self.histogram(), t: 1)
        #expect(integer.count == .countInt(10) && integer.zeroCount == .zeroCountInt(1))
        #expect(integer.positiveDeltas == [2, 1, -2] && integer.negativeDeltas == [3] && integer.positiveCounts.isEmpty)
        var fractional = Self.histogram()
        fractional.positiveBuckets[1] = 2.5
        let float = WriteRequestEncoding.histogram(fractional, t: 1)
        #expect(float.count == .countFloat(10) && float.positiveCounts == [2, 2.5, 1] && float.positiveDeltas.isEmpty)
        #expect(WriteRequestEncoding.nativeHistogram(float).h == fractional)
    }

    @Test func integerHistogramsDecodeFromDeltas() throws {
        var p = Prometheus_Histogram()
        p.countInt = 6
        p.zeroCountInt = 1
        p.schema = 0
        p.positiveSpans = [{ var s = Prometheus_BucketSpan(); s.offset = 0; s.length = 3; return s }()]
        p.positiveDeltas = [2, -1, 1]
        p.timestamp = 7
        let h = WriteRequestEncoding.nativeHistogram(p)
        #expect(h.t == 7 && h.h.count == 6 && h.h.zeroCount == 1)
        #expect(h.h.positiveBuckets == [2, 1, 2])
    }

    // MARK: Client

    @Test func sendsSnappyProtobufWithTheRemoteWriteHeaders() async throws {
        try await LoopbackHTTPServer.with { server in
            server.enqueue(ScriptedResponse(status: 204))
            let client = try RemoteWriteClient(url: server.baseURL + "/api/v1/write", settings: testSettings())
            try await client.send(Self.series)
            await client.shutdown()
            let r = try #require(server.requests.first)
            #expect(r.method == "POST" && r.path == "/api/v1/write")
            #expect(r.header("Content-Encoding") == "snappy")
            #expect(r.header("Content-Type") == "application/x-protobuf")
            #expect(r.header("X-Prometheus-Remote-Write-Version") == "0.1.0")
            let proto = try Snappy.decompress(r.body)
            let decoded = WriteRequestEncoding.series(try Prometheus_WriteRequest(serializedBytes: proto))
            #expect(decoded.map(\.labels) == Self.series.map(\.labels))
            #expect(decoded[1].histograms == Self.series[1].histograms)
        }
    }

    @Test func aRefusedWriteIsNotRetried() async throws {
        let sleeper = RecordingSleeper()
        try await LoopbackHTTPServer.with { server in
            server.enqueue(.text("out of order sample", status: 400))
            let client = try RemoteWriteClient(url: server.baseURL + "/api/v1/write", settings: testSettings(), sleeper: sleeper)
            await #expect(throws: BackendError.httpStatus(endpoint: server.baseURL + "/api/v1/write", status: 400, body: "out of order sample")) {
                try await client.send(Self.series)
            }
            await client.shutdown()
            #expect(server.requests.count == 1)
        }
        #expect(sleeper.durations.isEmpty)
    }

    // MARK: Queue

    static func samples(_ n: Int, from start: Int = 0) -> [PendingSample] {
        (start..<(start + n)).map { PendingSample(labels: ["__name__": "m", "i": String($0 % 2)], t: Int64($0) * 1000, value: Double($0)) }
    }

    /// Sample values received, in order, from the requests the loopback server got.
    static func received(_ server: LoopbackHTTPServer) throws -> [[Double]] {
        try server.requests.map { r in
            let series = WriteRequestEncoding.series(try Prometheus_WriteRequest(serializedBytes: try Snappy.decompress(r.body)))
            return series.flatMap { $0.samples }.sorted { $0.t < $1.t }.map(\.v)
        }
    }

    @Test func flushSendsEverythingInBatches() async throws {
        try await LoopbackHTTPServer.with(respond: { _ in ScriptedResponse(status: 204) }) { server in
            let client = try RemoteWriteClient(url: server.baseURL + "/api/v1/write", settings: testSettings())
            let queue = RemoteWriteQueue(client: client, configuration: .init(capacity: 100, maxSamplesPerSend: 3), sleeper: NeverSleeper())
            await queue.append(Self.samples(7))
            await queue.flush()
            #expect(try Self.received(server) == [[0, 1, 2], [3, 4, 5], [6]])
            let counters = await queue.counters
            #expect(counters.sent == 7 && counters.failed == 0 && counters.dropped == 0 && counters.batchesSent == 3)
            // Series are grouped: each request holds the two series i="0" and i="1".
            let first = try Prometheus_WriteRequest(serializedBytes: try Snappy.decompress(server.requests[0].body))
            #expect(first.timeseries.count == 2)
            await queue.shutdown()
            await client.shutdown()
        }
    }

    @Test func fullBatchesGoWithoutAFlush() async throws {
        try await LoopbackHTTPServer.with(respond: { _ in ScriptedResponse(status: 204) }) { server in
            let client = try RemoteWriteClient(url: server.baseURL + "/api/v1/write", settings: testSettings())
            let queue = RemoteWriteQueue(client: client, configuration: .init(maxSamplesPerSend: 4), sleeper: NeverSleeper())
            await queue.append(Self.samples(5))
            // Wait (bounded) for the full batch; the fifth sample waits for its deadline, which never comes here.
            for _ in 0..<200 where await queue.counters.sent < 4 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await queue.counters.sent == 4)
            #expect(await queue.waitingCount == 1)
            await queue.shutdown()
            #expect(await queue.counters.sent == 5)
            await client.shutdown()
        }
    }

    @Test func theBatchDeadlineSendsAPartialBatch() async throws {
        try await LoopbackHTTPServer.with(respond: { _ in ScriptedResponse(status: 204) }) { server in
            let client = try RemoteWriteClient(url: server.baseURL + "/api/v1/write", settings: testSettings())
            // The recording sleeper returns at once: the deadline passes immediately.
            let deadline = RecordingSleeper()
            let queue = RemoteWriteQueue(client: client, configuration: .init(maxSamplesPerSend: 100, batchSendDeadline: .seconds(5)),
                                         sleeper: deadline)
            await queue.append(Self.samples(2))
            for _ in 0..<200 where await queue.counters.sent < 2 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await queue.counters.sent == 2)
            #expect(deadline.durations.first == .seconds(5))
            await queue.shutdown()
            await client.shutdown()
        }
    }

    @Test func aFullQueueDropsTheOldest() async throws {
        try await LoopbackHTTPServer.with(respond: { _ in ScriptedResponse(status: 204) }) { server in
            let client = try RemoteWriteClient(url: server.baseURL + "/api/v1/write", settings: testSettings())
            let queue = RemoteWriteQueue(client: client, configuration: .init(capacity: 5, maxSamplesPerSend: 100), sleeper: NeverSleeper())
            await queue.append(Self.samples(4))
            await queue.append(Self.samples(4, from: 4))
            #expect(await queue.counters.dropped == 3)
            #expect(await queue.waitingCount == 5)
            await queue.flush()
            #expect(try Self.received(server) == [[3, 4, 5, 6, 7]])
            await queue.shutdown()
            await queue.append(Self.samples(2))
            #expect(await queue.counters.dropped == 5)
            await client.shutdown()
        }
    }

    @Test func failuresAreCountedAndTheQueueGoesOn() async throws {
        let sleeper = RecordingSleeper()
        try await LoopbackHTTPServer.with { server in
            // First batch: 500 three times (retries exhausted); second: refused (400); third: accepted.
            server.enqueue(.text("boom", status: 500), .text("boom", status: 500), .text("boom", status: 500),
                           .text("bad labels", status: 400), ScriptedResponse(status: 200))
            let client = try RemoteWriteClient(url: server.baseURL + "/api/v1/write", settings: testSettings(), sleeper: sleeper)
            let queue = RemoteWriteQueue(client: client, configuration: .init(maxSamplesPerSend: 2), sleeper: NeverSleeper())
            await queue.append(Self.samples(6))
            await queue.flush()
            let c = await queue.counters
            #expect(c.failed == 4 && c.sent == 2 && c.batchesFailed == 2 && c.batchesSent == 1)
            #expect(server.requests.count == 5)
            #expect(await queue.lastError == .httpStatus(endpoint: server.baseURL + "/api/v1/write", status: 400, body: "bad labels"))
            await queue.shutdown()
            await client.shutdown()
        }
        #expect(sleeper.durations == [.milliseconds(30), .milliseconds(60)])
    }

    @Test func appenderCollectsRuleOutputAndCommitsToTheQueue() async throws {
        try await LoopbackHTTPServer.with(respond: { _ in ScriptedResponse(status: 204) }) { server in
            let client = try RemoteWriteClient(url: server.baseURL + "/api/v1/write", settings: testSettings())
            let queue = RemoteWriteQueue(client: client, sleeper: NeverSleeper())
            var appender = RemoteWriteAppender()
            try appender.append(["__name__": "ALERTS", "alertname": "A", "alertstate": "firing"], t: 60_000, value: 1)
            try appender.append(["__name__": "h"], t: 60_000, histogram: Self.histogram())
            await appender.commit(to: queue)
            #expect(appender.samples.isEmpty)
            await queue.flush()
            let decoded = WriteRequestEncoding.series(try Prometheus_WriteRequest(serializedBytes: try Snappy.decompress(server.requests[0].body)))
            #expect(decoded.map(\.labels) == [["__name__": "ALERTS", "alertname": "A", "alertstate": "firing"], ["__name__": "h"]])
            #expect(decoded[1].histograms.first?.h == Self.histogram())
            await queue.shutdown()
            await client.shutdown()
        }
    }
}
