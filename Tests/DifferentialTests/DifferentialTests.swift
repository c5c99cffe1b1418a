import Foundation
import PromQL
import Testing
import TimeSeries

/// Random PromQL over random data, evaluated by Vigil's engine and by Debian's Prometheus 2.42.
///
/// `VIGIL_DIFF_QUERIES` sets the number of queries (default 1,000), `VIGIL_DIFF_SEED` the seed (default 1);
/// the same seed gives the same data and queries. `VIGIL_DIFF_HOLD_SECONDS` keeps Prometheus running after
/// the run, for reproducing a disagreement with curl. Every disagreement is narrowed to the smallest
/// sub-expression that differs and filed under its function or operator; the test fails on any that
/// `KnownDifferences` does not explain.
@Suite struct DifferentialTests {
    static let queryCount = Int(ProcessInfo.processInfo.environment["VIGIL_DIFF_QUERIES"] ?? "") ?? 1_000
    static let seed = UInt64(ProcessInfo.processInfo.environment["VIGIL_DIFF_SEED"] ?? "") ?? 1

    @Test(.enabled(if: PrometheusServer.available, "needs Debian's prometheus and promtool on PATH"),
          .timeLimit(.minutes(60)))
    func vigilAgreesWithPrometheus242() async throws {
        let began = Date()
        let data = RandomDataSet.generate(seed: Self.seed)
        print("differential: seed \(Self.seed) (VIGIL_DIFF_SEED), \(Self.queryCount) queries (VIGIL_DIFF_QUERIES); "
              + "\(data.series.count) series, \(data.sampleCount) samples, \(data.staleMarkerCount) staleness markers")
        let server = try await PrometheusServer.start(with: data)
        defer { server.stop() }
        let dual = DualEvaluation(server: server, store: data.store())
        print("differential: \(PrometheusServer.version()) ready at \(server.baseURL) after \(String(format: "%.1f", Date().timeIntervalSince(began))) s")

        // Both stores must hold the same data before anything else means something: the number of samples
        // of each metric name (staleness markers are not samples to a query).
        for name in Set(data.series.compactMap { $0.labels.metricName }).sorted() {
            let check = GeneratedExpr.aggregate("sum", param: nil, grouping: nil,
                                                .call("count_over_time", [.matrixSelector(metric: name, matchers: [], range: 4 * 3_600_000, .init())]))
            let loaded = try await dual.evaluate(check, .instant(RandomDataSet.end + 60_500), resolveStartEnd: false)
            let expected = Double(data.series.filter { $0.labels.metricName == name }
                .reduce(0) { $0 + $1.samples.filter { !StaleNaN.isStale($0.v) }.count })
            guard case .vector(let p) = loaded.prometheus, p.first?.value == expected,
                  case .vector(let v) = loaded.vigil, v.first?.value == expected else {
                let message = "the stores differ before any query: \(name) should have \(expected) samples; "
                    + "Prometheus: \(loaded.prometheus.summary); Vigil: \(loaded.vigil.summary)"
                Issue.record(Comment(rawValue: message))
                return
            }
        }

        var tally = DifferentialTally()
        var generator = QueryGenerator(seed: Self.seed)
        let locator = DisagreementLocator(dual: dual, tolerance: KnownDifferences.tolerance(for:))
        for i in 0..<Self.queryCount {
            let expr: GeneratedExpr
            let context: EvaluationContext
            if i % 3 == 2 {
                let (e, start, end, step) = generator.rangeQuery()
                (expr, context) = (e, .range(start, end, step))
            } else {
                let e = generator.instantQuery()
                (expr, context) = (e, .instant(generator.queryTime()))
            }
            let answers = try await dual.evaluate(expr, context, resolveStartEnd: false)
            let verdict = locator.compare(answers, expr, context)
            if verdict.agrees {
                tally.agreed(answers, context)
                continue
            }
            let d = try await locator.locate(expr, context, answers: answers, verdict: verdict, original: (answers.text, context))
            tally.disagreed(d, known: KnownDifferences.explain(d))
        }
        let elapsed = Date().timeIntervalSince(began)
        print(tally.summary(seconds: elapsed))
        // For investigating a disagreement by hand: keep the server up (bounded to an hour) and say where.
        if let hold = Double(ProcessInfo.processInfo.environment["VIGIL_DIFF_HOLD_SECONDS"] ?? ""), hold > 0 {
            print("differential: Prometheus stays at \(server.baseURL) for \(Int(min(hold, 3600))) s (VIGIL_DIFF_HOLD_SECONDS)")
            try await Task.sleep(nanoseconds: UInt64(min(hold, 3600) * 1e9))
        }
        let stopping = Date()
        server.stop()
        print("differential: Prometheus stopped in \(String(format: "%.1f", Date().timeIntervalSince(stopping))) s")
        #expect(tally.unexplained == 0, "\(tally.unexplained) disagreements are not known 2.42-vs-3.x differences (see the summary above)")
    }
}
