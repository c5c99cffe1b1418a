import Foundation
import Testing
import TimeSeries
@testable import PromQL

/// The engine's limits and error types: Prometheus's `errorType` for each kind of failure, the sample limit
/// counted as upstream counts it (peak held, not total read), the 11,000-points limit of range queries, the
/// deadline and cancellation.
@Suite struct QueryLimitsTests {
    /// `x{i="0"}` … `x{i="9"}`, one sample a minute from 0 to 10m, and `y`, one sample a second for 3h.
    static let store: SeriesStore = {
        var s = SeriesStore()
        for i in 0..<10 {
            for m in 0...10 { s.append(Labels(["__name__": "x", "i": "\(i)"]), t: Int64(m) * 60_000, v: Double(m)) }
        }
        for k in 0...(3 * 3600) { s.append(Labels(["__name__": "y"]), t: Int64(k) * 1000, v: Double(k % 97)) }
        return s
    }()

    func engine(maxSamples: Int = 50_000_000, timeout: Duration? = .seconds(120)) -> Engine {
        var o = Engine.Options()
        o.maxSamples = maxSamples
        o.timeout = timeout
        return Engine(options: o)
    }

    func error(_ body: () throws(QueryError) -> QueryResult) -> QueryError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    // MARK: Error types

    @Test func errorTypesAreTheAPIStrings() {
        #expect(QueryError.ErrorType.allCases.map(\.rawValue)
            == ["bad_data", "execution", "timeout", "canceled", "internal", "unavailable", "not_found", "not_acceptable"])
    }

    @Test func parseErrorsAreBadDataAboutTheQuery() {
        let e = error { () throws(QueryError) in try engine().instantQuery("sum(", at: 0, source: Self.store) }
        #expect(e?.type == .badData)
        #expect(e?.message == "1:5: parse error: unclosed left parenthesis")
        #expect(e?.apiMessage == #"invalid parameter "query": 1:5: parse error: unclosed left parenthesis"#)
    }

    @Test func rangeParameterErrorsAreBadData() {
        let backwards = error { () throws(QueryError) in try engine().rangeQuery("x", start: 10, end: 0, step: 1, source: Self.store) }
        #expect(backwards?.type == .badData)
        #expect(backwards?.apiMessage == #"invalid parameter "end": end timestamp must not be before start time"#)
        let zeroStep = error { () throws(QueryError) in try engine().rangeQuery("x", start: 0, end: 10, step: 0, source: Self.store) }
        #expect(zeroStep?.type == .badData)
        #expect(zeroStep?.apiMessage
            == #"invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer"#)
        let matrix = error { () throws(QueryError) in try engine().rangeQuery("x[5m]", start: 0, end: 10, step: 1, source: Self.store) }
        #expect(matrix?.type == .badData)
        #expect(matrix?.apiMessage
            == #"invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector"#)
    }

    @Test func evaluationErrorsAreExecution() {
        // Every x{i} matches every other on `on()`: a many-to-many match.
        let e = error { () throws(QueryError) in try engine().instantQuery("x + on() x", at: 600_000, source: Self.store) }
        #expect(e?.type == .execution)
        #expect(e?.parameter == nil)
        #expect(e?.message.hasPrefix("found duplicate series for the match group") == true, "\(String(describing: e))")
    }

    // MARK: Sample limit

    @Test func sampleLimitFailsWithUpstreamsMessage() {
        // Ten series over eleven steps: 110 samples held by the selector.
        let over = error { () throws(QueryError) in
            try engine(maxSamples: 109).rangeQuery("x", start: 0, end: 600_000, step: 60_000, source: Self.store)
        }
        #expect(over == QueryError("query processing would load too many samples into memory in query execution", type: .execution))
        #expect(error { () throws(QueryError) in
            try engine(maxSamples: 110).rangeQuery("x", start: 0, end: 600_000, step: 60_000, source: Self.store)
        } == nil)
    }

    /// `sum(x) + sum(x)` reads 20 samples, but holds at most 11: the left sum's one output while the right
    /// side's selector holds its ten (upstream's rangeEval and aggregation release their inputs).
    @Test func sampleLimitCountsThePeakNotTheTotal() {
        let q = "sum(x) + sum(x)"
        #expect(error { () throws(QueryError) in try engine(maxSamples: 11).instantQuery(q, at: 600_000, source: Self.store) } == nil)
        #expect(error { () throws(QueryError) in try engine(maxSamples: 10).instantQuery(q, at: 600_000, source: Self.store) }?.message
            == QueryError.tooManySamples.message)
    }

    /// A range function holds one series' window at a time: `count_over_time(x[10m])` holds the ten points of
    /// a window plus the output point, and lets the window go before the next series.
    @Test func rangeFunctionsHoldOneWindowAtATime() {
        let q = #"count_over_time(x{i="0"}[10m])"#
        #expect(error { () throws(QueryError) in try engine(maxSamples: 11).instantQuery(q, at: 600_000, source: Self.store) } == nil)
        #expect(error { () throws(QueryError) in try engine(maxSamples: 10).instantQuery(q, at: 600_000, source: Self.store) } != nil)
        // Ten series, one after the other: the peak is the last window (10) plus the ten outputs.
        let all = "count_over_time(x[10m])"
        #expect(error { () throws(QueryError) in try engine(maxSamples: 20).instantQuery(all, at: 600_000, source: Self.store) } == nil)
        #expect(error { () throws(QueryError) in try engine(maxSamples: 19).instantQuery(all, at: 600_000, source: Self.store) } != nil)
    }

    @Test func histogramsCountByTheirSizeAsUpstream() {
        var h = NativeHistogram()
        h.positiveSpans = [NativeHistogram.Span(offset: 0, length: 3)]
        h.positiveBuckets = [1, 2, 3]
        // Go's FloatHistogram.Size(): 168 + 8 per span and bucket = 200 bytes.
        #expect(h.goMemorySize == 200)
        #expect(h.matrixSampleWeight == 13)   // (200 + 8) / 16
        #expect(h.vectorSampleWeight == 13)   // 1 + 200 / 16
        var s = SeriesStore()
        s.append(Labels(["__name__": "h"]), t: 0, histogram: h)
        #expect(error { () throws(QueryError) in try engine(maxSamples: 13).instantQuery("h", at: 0, source: s) } == nil)
        #expect(error { () throws(QueryError) in try engine(maxSamples: 12).instantQuery("h", at: 0, source: s) } != nil)
    }

    // MARK: Points limit

    @Test func rangeQueriesAreLimitedTo11000PointsPerSeries() throws {
        let limit = "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
        let result = try engine().rangeQuery("1", start: 0, end: 11_000_000, step: 1000, source: Self.store)
        guard case .matrix(let m) = result.value else { Issue.record("not a matrix"); return }
        #expect(m.first?.floats.count == 11_001)
        let over = error { () throws(QueryError) in try engine().rangeQuery("1", start: 0, end: 11_001_000, step: 1000, source: Self.store) }
        #expect(over == QueryError(limit, type: .badData))
        // Refused before the query is even parsed, as the API checks its parameters first.
        #expect(error { () throws(QueryError) in try engine().rangeQuery("sum(", start: 0, end: 11_001_000, step: 1000, source: Self.store) }?.message == limit)
        // A range wider than Int64 milliseconds is refused, not trapped on.
        #expect(error { () throws(QueryError) in
            try engine().rangeQuery("1", start: APITimeParameters.minTime, end: APITimeParameters.maxTime, step: Int64.max, source: Self.store)
        }?.message == limit)
        var unlimited = Engine.Options()
        unlimited.maxPointsPerSeries = nil
        #expect(error { () throws(QueryError) in
            try Engine(options: unlimited).rangeQuery("1", start: APITimeParameters.minTime, end: APITimeParameters.maxTime, step: Int64.max, source: Self.store)
        }?.type == .badData)
        // The limit can be changed, and the message follows it.
        var small = Engine.Options()
        small.maxPointsPerSeries = 1_000_000
        #expect(error { () throws(QueryError) in try Engine(options: small).rangeQuery("1", start: 0, end: 1_000_001, step: 1, source: Self.store) }?.message
            == "exceeded maximum resolution of 1,000,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
    }

    // MARK: Deadline

    /// A quantile of a day's window at every second for three hours: seconds of work, were it not stopped.
    static let expensive = "quantile_over_time(0.5, y[1d])"

    @Test func passedDeadlineStopsBeforeEvaluation() {
        let context = QueryContext(deadline: ContinuousClock.now.advanced(by: .seconds(-1)))
        let e = error { () throws(QueryError) in
            try engine().rangeQuery(Self.expensive, start: 0, end: 10_800_000, step: 1000, source: Self.store, context: context)
        }
        #expect(e == QueryError("query timed out in query execution", type: .timeout))
        // The engine's own timeout applies as well.
        #expect(error { () throws(QueryError) in try engine(timeout: .zero).instantQuery("x", at: 0, source: Self.store) }?.type == .timeout)
    }

    /// The clock moves one millisecond each time it is read; the deadline is 50 ms away, so the query must
    /// stop during evaluation after some fifty checks, without the test waiting for anything.
    @Test func deadlineStopsAnExpensiveQueryMidway() {
        let clock = SteppingClock()
        let context = QueryContext(deadline: clock.start.advanced(by: .milliseconds(50)), clock: clock.read)
        let e = error { () throws(QueryError) in
            try engine().rangeQuery(Self.expensive, start: 0, end: 10_800_000, step: 1000, source: Self.store, context: context)
        }
        #expect(e == QueryError("query timed out in expression evaluation", type: .timeout))
        #expect(clock.reads >= 50 && clock.reads < 60, "\(clock.reads) clock reads")
    }

    // MARK: Cancellation

    @Test func cancellingTheTaskStopsTheQuery() async throws {
        let clock = SteppingClock(step: .zero)
        let engine = engine(timeout: .seconds(120))
        let box = CancelBox()
        // The clock is read once for the deadline, once before evaluation, then at the evaluator's checks:
        // the third read is inside evaluation, and cancels the task from there (a polling test task could
        // be starved of a thread on a busy machine until the query had finished).
        clock.onRead = { n in if n == 3 { box.cancel() } }
        let task = Task { () -> Result<QueryResult, QueryError> in
            do throws(QueryError) {
                return .success(try await engine.cancellableRangeQuery(
                    Self.expensive, start: 0, end: 10_800_000, step: 1000, source: Self.store, context: QueryContext(clock: clock.read)))
            } catch {
                return .failure(error)
            }
        }
        box.set(task)
        let result = await task.value
        guard case .failure(let e) = result else { Issue.record("the query finished: \(result)"); return }
        #expect(e == QueryError("query was canceled in expression evaluation", type: .canceled))
        // It stopped at the next check: counted in the evaluator's clock reads, not in wall time, which on a
        // loaded machine also holds however long this test waits for a thread to resume on.
        #expect(clock.reads <= 5, "\(clock.reads) clock reads: the evaluator went on after the cancel")
    }

    @Test func aTaskCancelledBeforehandNeverEvaluates() async {
        let engine = engine()
        let task = Task { () -> QueryError? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(QueryError) {
                _ = try await engine.cancellableInstantQuery(Self.expensive, at: 10_800_000, source: Self.store)
                return nil
            } catch {
                return error
            }
        }
        #expect(await task.value == QueryError("query was canceled in query execution", type: .canceled))
    }

    @Test func aCancellationFlagStopsASynchronousQuery() {
        let cancellation = QueryCancellation()
        cancellation.cancel()
        let e = error { () throws(QueryError) in
            try engine().instantQuery("x", at: 0, source: Self.store, context: QueryContext(cancellation: cancellation))
        }
        #expect(e?.type == .canceled)
    }
}

/// A monotonic clock for tests that advances by `step` at every read and counts the reads.
final class SteppingClock: @unchecked Sendable {
    let start = ContinuousClock.now
    private let step: Duration
    private let lock = NSLock()
    private var count = 0

    init(step: Duration = .milliseconds(1)) { self.step = step }

    var reads: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    /// Called after each read with the number of reads so far.
    nonisolated(unsafe) var onRead: (@Sendable (Int) -> Void)?

    var read: @Sendable () -> ContinuousClock.Instant {
        { [self] in
            lock.lock()
            count += 1
            let n = count
            lock.unlock()
            onRead?(n)
            return start.advanced(by: step * n)
        }
    }
}

/// The task to cancel from inside a query; a cancel that comes before the task is set waits for it.
final class CancelBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Result<QueryResult, QueryError>, Never>?
    private var pending = false

    func set(_ t: Task<Result<QueryResult, QueryError>, Never>) {
        lock.lock()
        task = t
        let cancelNow = pending
        lock.unlock()
        if cancelNow { t.cancel() }
    }

    func cancel() {
        lock.lock()
        let t = task
        if t == nil { pending = true }
        lock.unlock()
        t?.cancel()
    }
}
