import Foundation
import PromQL
import Testing
@testable import PromQLTestScripts

/// Reads every upstream script of the conformance data. Needs `VIGIL_CONFORMANCE_DIR` (the
/// `shared/conformance` folder); skipped, visibly, without it.
@Suite struct ConformanceScriptsTests {
    static let directory: URL? = {
        guard let dir = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"], !dir.isEmpty else {
            print("ConformanceScriptsTests skipped: VIGIL_CONFORMANCE_DIR is not set")
            return nil
        }
        return URL(fileURLWithPath: dir).appendingPathComponent("promql/testdata")
    }()

    static var available: Bool { directory != nil }

    /// Per file: evals, instant, range (the README's table).
    static let expectedCounts: [String: (Int, Int, Int)] = [
        "aggregators.test": (160, 153, 7), "at_modifier.test": (78, 63, 15), "collision.test": (2, 2, 0),
        "duration_expression.test": (59, 30, 29), "extended_vectors.test": (169, 162, 7),
        "fill-modifier.test": (46, 39, 7), "functions.test": (431, 394, 37), "histograms.test": (185, 185, 0),
        "info.test": (53, 4, 49), "limit.test": (37, 13, 24), "literals.test": (25, 25, 0),
        "name_label_dropping.test": (30, 29, 1), "native_histograms.test": (522, 502, 20),
        "operators.test": (214, 113, 101), "range_queries.test": (18, 5, 13), "selectors.test": (31, 31, 0),
        "staleness.test": (17, 17, 0), "start_timestamps.test": (26, 7, 19), "subquery.test": (34, 34, 0),
        "trig_functions.test": (19, 19, 0), "type_and_unit.test": (58, 58, 0),
    ]

    static func scripts() throws -> [Script] {
        guard let dir = directory else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".test") }.sorted()
        return try names.map { name in
            try ScriptParser.parse(String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8), file: name)
        }
    }

    @Test(.enabled(if: ConformanceScriptsTests.available))
    func everyScriptParsesWithTheDocumentedEvalCounts() throws {
        let scripts = try Self.scripts()
        #expect(scripts.count == 21)
        var total = 0, instant = 0, range = 0
        for script in scripts {
            let evals = script.evals
            let i = evals.filter(\.isInstant).count
            print("\(script.file): \(evals.count) evals (\(i) instant, \(evals.count - i) range)")
            let expected = Self.expectedCounts[script.file]
            #expect(expected.map { $0 == (evals.count, i, evals.count - i) } == true, "\(script.file)")
            total += evals.count
            instant += i
            range += evals.count - i
        }
        #expect(total == 2_214)
        #expect(instant == 1_885)
        #expect(range == 329)
    }

    @Test(.enabled(if: ConformanceScriptsTests.available))
    func evalLinesAgreeWithTheIndex() throws {
        let dir = try #require(Self.directory)
        let index = try EvalIndex(tsv: String(contentsOf: dir.deletingLastPathComponent().appendingPathComponent("eval-index.tsv"), encoding: .utf8))
        #expect(index.rows.count == 2_214)
        #expect(index.rows.filter { $0.subset == "core" }.count == 852)
        for script in try Self.scripts() {
            let indexed = index.rows.filter { $0.file == script.file }
            #expect(indexed.map(\.line) == script.evals.map(\.line), "\(script.file)")
            #expect(indexed.map(\.kind) == script.evals.map { $0.isInstant ? "instant" : "range" }, "\(script.file)")
        }
    }

    /// Every load block, including the classic-to-native conversion of `load_with_nhcb`, can be applied.
    @Test(.enabled(if: ConformanceScriptsTests.available))
    func everyLoadApplies() throws {
        var nhcbSeries = 0
        for script in try Self.scripts() {
            var store = SeriesStore()
            for command in script.commands {
                switch command {
                case .clear: store.removeAll()
                case .load(let load):
                    try load.apply(to: &store, file: script.file)
                    if load.withNHCB { nhcbSeries += try ClassicHistogramConversion.convert(load.series, step: load.step).count }
                case .eval: break
                }
            }
        }
        #expect(nhcbSeries > 0)
    }

    /// A runner over the fake engine gets through every file without crashing (almost everything fails,
    /// since the fake knows no PromQL), and with cross-checks on.
    @Test(.enabled(if: ConformanceScriptsTests.available))
    func everyScriptRunsAgainstTheFakeEngine() throws {
        var outcomes = 0
        for script in try Self.scripts() {
            let report = ScriptRunner(engine: FakeEngine()).run(script)
            outcomes += report.outcomes.count
            #expect(report.outcomes.count == script.evals.count)
        }
        #expect(outcomes == 2_214)
    }

    /// The literals the fake engine knows (plain numbers and strings) pass, cross-checks included; the
    /// rest (arithmetic, parentheses) are parse errors of the fake.
    @Test(.enabled(if: ConformanceScriptsTests.available))
    func literalsAgainstTheFakeEngine() throws {
        let script = try #require(try Self.scripts().first { $0.file == "literals.test" })
        let report = ScriptRunner(engine: FakeEngine()).run(script)
        #expect(report.passed == 15)
        #expect(report.failed == 10)
        #expect(report.errors.count == 10)
    }

    /// `load_with_nhcb` agrees with upstream: operators.test checks the converted `testhistogram` series
    /// (behind an `and on()` the fake engine cannot run); its expectations are reused on the bare selector.
    @Test(.enabled(if: ConformanceScriptsTests.available))
    func nhcbConversionMatchesUpstreamExpectations() throws {
        let script = try #require(try Self.scripts().first { $0.file == "operators.test" })
        var load: LoadCommand?
        var evals: [EvalCommand] = []
        for command in script.commands {
            switch command {
            case .load(let l) where l.withNHCB && l.series.contains { $0.labels.metricName == "testhistogram_bucket" }:
                load = l
            case .eval(var e) where e.expression == "(testhistogram) and on() (vector(1) == 1)":
                e.expression = "testhistogram"
                evals.append(e)
            default: break
            }
        }
        let nhcb = try #require(load)
        #expect(evals.count == 2)
        let report = ScriptRunner(engine: FakeEngine()).run(Script(file: "operators.test", commands: [.load(nhcb)] + evals.map { .eval($0) }))
        for o in report.outcomes { #expect(o.passed, "line \(o.line): \(o.status)") }
    }
}
