import VigilTesting
import Foundation
import Logging
import Rules
import Server
import Testing
import TimeSeries

/// A rules provider with fixed snapshots and a readiness the test flips.
final class StaticRulesProvider: RulesProvider, @unchecked Sendable {
    private let lock = NSLock()
    private var groups: [RuleGroupSnapshot]
    private var ready: Bool

    init(_ groups: [RuleGroupSnapshot] = [], ready: Bool = true) {
        self.groups = groups
        self.ready = ready
    }

    func snapshots() async -> [RuleGroupSnapshot] { lock.withLock { groups } }
    func isReady() async -> Bool { lock.withLock { ready } }
    func setReady(_ value: Bool) { lock.withLock { ready = value } }
    func setGroups(_ value: [RuleGroupSnapshot]) { lock.withLock { groups = value } }
}

/// A rule clock that moves a fixed step at every reading, so evaluation durations are non-zero and known.
final class SteppingClock: RuleClock, @unchecked Sendable {
    private let lock = NSLock()
    private var now: Int64
    let step: Int64

    init(startNanoseconds: Int64, stepNanoseconds: Int64) {
        now = startNanoseconds
        step = stepNanoseconds
    }

    func nowNanoseconds() -> Int64 {
        lock.withLock {
            defer { now += step }
            return now
        }
    }
}

/// Accepts and forgets every sample.
struct DiscardingAppender: SampleAppender {
    mutating func append(_ labels: Labels, t: Int64, value: Double) throws {}
    mutating func append(_ labels: Labels, t: Int64, histogram: NativeHistogram) throws {}
}

enum Fixtures {
    /// 2026-01-02T03:04:05Z in milliseconds.
    static let t0: Int64 = 1_767_323_045_000

    /// Loads the groups of a rule file written in YAML.
    static func groups(_ yaml: String, file: String = "rules.yml") throws -> [RuleGroup] {
        let result = RuleLoader().load(text: yaml, fileName: file)
        guard result.errors.isEmpty else { throw ClientError("rule file errors: \(result.errors)") }
        return result.files.flatMap(\.groups)
    }

    static func options(clock: any RuleClock = FixedRuleClock()) -> RuleGroupEvaluator.Options {
        var o = RuleGroupEvaluator.Options(templateExpander: GoTemplateExpander())
        o.clock = clock
        return o
    }

    /// Evaluates `group` at each time with per-rule results from `results(ruleIndex, t)`, then takes its
    /// snapshot with the given datasource and metrics.
    static func snapshot(_ group: RuleGroup, file: String = "rules.yml", datasource: String = "prometheus",
                         language: QueryLanguage = .prometheus, at times: [Int64],
                         clock: any RuleClock = FixedRuleClock(),
                         metrics: RuleGroupMetrics = RuleGroupMetrics(),
                         results: (Int, Int64) -> Result<[InstantSample], RuleEvaluationError>) -> RuleGroupSnapshot {
        var evaluator = RuleGroupEvaluator(group: group, file: file, options: options(clock: clock))
        var appender = DiscardingAppender()
        for t in times {
            evaluator.evaluate(at: t, results: evaluator.rules.indices.map { results($0, t) }, appender: &appender)
        }
        return RuleGroupSnapshot(key: RuleGroupKey(file: file, name: group.name), language: language,
                                 datasource: datasource, evaluator: evaluator, metrics: metrics)
    }

    static func sample(_ labels: [String: String], _ value: Double, t: Int64) -> InstantSample {
        InstantSample(labels: Labels(labels), t: t, value: value)
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "vigil.http.test")
        logger.logLevel = .warning
        return logger
    }()
}

/// Starts a server on a free loopback port with the given route groups, runs `body`, and always shuts the
/// server down.
func withServer<T>(_ groups: [any HTTPRouteGroup], requestBodyLimit: Int = 4 * 1024 * 1024,
                   _ body: (Int) async throws -> T) async throws -> T {
    let server = try VigilHTTPServer(
        configuration: .init(listenAddress: ListenAddress(host: "127.0.0.1", port: 0), requestBodyLimit: requestBodyLimit,
                             logger: Fixtures.quietLogger),
        routeGroups: groups)
    let port = try await server.start()
    do {
        let result = try await body(port)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

/// The standard route groups over one provider.
func standardGroups(_ provider: any RulesProvider) -> [any HTTPRouteGroup] {
    [PrometheusRulesAPI(provider: provider), HealthRoutes(provider: provider), MetricsRoutes(provider: provider)]
}
