import Foundation
import GoTemplate
import LogQL
import PromQL
import Routing
import Rules
import TimeSeries

/// Runs promtool-format rule unit tests with promtool's semantics: every rule group is evaluated at each
/// `evaluation_interval` from the test's start to its last `eval_time`, alert checks look at the firing
/// alerts after the evaluation at or just before their time, and expression checks query the data (input
/// series plus everything the rules wrote) at the end.
public struct RuleTestRunner: Sendable {
    public var options: RuleTestOptions

    public init(options: RuleTestOptions = RuleTestOptions()) {
        self.options = options
    }

    /// The `--run` patterns, each a Go regular expression; an invalid one is an error, never silently
    /// dropped (promtool's `regexp.MustCompile` stops on it too).
    public static func runMatchers(_ patterns: [String]) throws(GoRegex.SyntaxError) -> [GoRegex] {
        var out: [GoRegex] = []
        for p in patterns { out.append(try GoRegex(p)) }
        return out
    }

    public func run(file path: String, debug: (String) -> Void = { _ in }) async -> TestFileResult {
        var result = TestFileResult(file: path)
        let testFile: UnitTestFile
        do {
            testFile = try UnitTestFileReader(ignoreUnknownFields: options.ignoreUnknownFields).read(contentsOf: path)
        } catch {
            result.fileErrors = [error.description]
            return result
        }
        var seenOrder = Set<String>()
        for name in testFile.groupEvalOrder where !seenOrder.insert(name).inserted {
            result.fileErrors = ["group name repeated in evaluation order: \(name)"]
            return result
        }
        let (ruleFiles, loadErrors, warnings, patternErrors) = loadRuleFiles(testFile, testFilePath: path)
        result.warnings = warnings
        if !patternErrors.isEmpty {
            // A malformed `rule_files` pattern fails the whole file, as in promtool.
            result.fileErrors = patternErrors
            return result
        }
        result.rules = ruleFiles.flatMap { file in
            file.groups.flatMap { group in
                group.rules.map { CoveredRule(file: file.path, group: group.name, name: $0.name, isAlerting: $0.kind == .alerting, expr: $0.expr) }
            }
        }
        let routing: AlertmanagerConfig?
        do throws(RoutingSetupError) {
            routing = try loadAlertmanagerConfig(testFile, testFilePath: path)
        } catch {
            result.fileErrors = [error.message]
            return result
        }
        let matchers: [GoRegex]
        do throws(GoRegex.SyntaxError) {
            matchers = try RuleTestRunner.runMatchers(options.run)
        } catch {
            result.fileErrors = ["invalid --run pattern: \(error.description)"]
            return result
        }
        for (index, group) in testFile.tests.enumerated() {
            if !matchers.isEmpty && !matchers.contains(where: { $0.matches(group.name) }) { continue }
            let name = group.name.isEmpty ? "unnamed#\(index)" : group.name
            let started = DispatchTime.now().uptimeNanoseconds
            let failures: [String]
            if !loadErrors.isEmpty {
                failures = loadErrors
            } else {
                failures = await runGroup(group, file: testFile, ruleFiles: ruleFiles, routing: routing, debug: debug)
            }
            if failures.isEmpty == false, options.debug { debug("DEBUG: test \(name) failed") }
            result.groups.append(TestGroupResult(
                name: name, failures: failures,
                seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
                // Alerts expected in notifications count as tested too: the check sees their labels and annotations.
                testedAlerts: Set(group.alertRuleTests.map(\.alertname)).union(group.notificationTests.flatMap { t in
                    t.notifications.flatMap { $0.alerts.compactMap { $0.labels["alertname"] } }
                }),
                testedExpressions: group.promqlExprTests.map(\.expr) + group.logqlExprTests.map(\.expr)))
        }
        return result
    }

    /// A rule file found through `rule_files`, loaded once and shared by the test groups.
    struct LoadedRuleFile {
        var path: String
        var file: RuleFile
        var groups: [RuleGroup] { file.groups }
    }

    private func loadRuleFiles(_ testFile: UnitTestFile, testFilePath: String) -> ([LoadedRuleFile], [String], [String], [String]) {
        let base = PathName.directory(of: testFilePath)
        var files: [LoadedRuleFile] = []
        var errors: [String] = []
        var warnings: [String] = []
        var patternErrors: [String] = []
        for pattern in testFile.ruleFiles {
            let joined = pattern.isEmpty || pattern.hasPrefix("/") ? pattern : (base.isEmpty ? pattern : base + "/" + pattern)
            // Clean `a/../b` as Go's filepath.Join does, so messages and coverage name files plainly.
            let absolute = joined.isEmpty ? joined : (joined as NSString).standardizingPath
            let matches: [String]
            do throws(GoGlob.PatternError) {
                matches = try Glob.expand(absolute)
            } catch {
                // promtool: the file fails with filepath.ErrBadPattern's text.
                patternErrors.append(error.description)
                continue
            }
            if matches.isEmpty { warnings.append("  WARNING: no file match pattern \(absolute)") }
            for match in matches {
                // As `vigil check rules`: the explicit type wins, else the manifest's annotation decides.
                let language = testFile.ruleFilesType ?? RuleLanguageDeclaration.language(ofFile: match)
                var loaderOptions = RuleLoader.Options.standard(language: language,
                                                                promQL: options.parserOptions)
                loaderOptions.ignoreUnknownFields = options.ignoreUnknownFields
                let loaded = RuleLoader(options: loaderOptions).load(contentsOf: match)
                if !loaded.errors.isEmpty {
                    // One message per rule file, as promtool reports a file's problems together.
                    errors.append(loaded.errors.map(\.shortDescription).joined(separator: "\n"))
                    continue
                }
                files += loaded.files.map { LoadedRuleFile(path: match, file: $0) }
            }
        }
        return (files, errors, warnings, patternErrors)
    }

    struct RoutingSetupError: Error {
        var message: String
    }

    /// The file's `alertmanager_config`, loaded once for all its groups (relative to the test file, as
    /// `rule_files`). A group checking notifications without one is an error at that group.
    private func loadAlertmanagerConfig(_ testFile: UnitTestFile, testFilePath: String) throws(RoutingSetupError) -> AlertmanagerConfig? {
        guard let written = testFile.alertmanagerConfig else {
            if let g = testFile.tests.first(where: { !$0.notificationTests.isEmpty || !$0.silences.isEmpty }) {
                throw RoutingSetupError(message: "\(testFilePath):\(g.position.line):\(g.position.column): "
                    + "exp_notifications and silences need a top-level alertmanager_config")
            }
            return nil
        }
        let base = PathName.directory(of: testFilePath)
        let joined = written.hasPrefix("/") || base.isEmpty ? written : base + "/" + written
        do {
            return try AlertmanagerConfig.load(path: (joined as NSString).standardizingPath)
        } catch {
            throw RoutingSetupError(message: "alertmanager_config: \(error)")
        }
    }

    private func runGroup(_ group: TestGroup, file: UnitTestFile, ruleFiles: [LoadedRuleFile], routing: AlertmanagerConfig?,
                          debug: (String) -> Void) async -> [String] {
        let evalInterval = file.evaluationInterval.milliseconds
        let seriesInterval = (group.interval ?? file.evaluationInterval).milliseconds
        let mint = group.startTimestamp
        let maxt = mint + group.maxEvalTime
        var errors: [String] = []

        // Input data, loaded into the store step by step as promtool's lazy loader does.
        var input = SeriesStore()
        for series in group.inputSeries {
            do {
                try InputSeriesParser.load(series, interval: seriesInterval, start: mint, into: &input)
            } catch {
                return [error.description]
            }
        }
        // Log streams for the LogQL rules, all written before the first evaluation: a LogQL range reads
        // (t - range, t], so lines after an evaluation's time are invisible to it.
        let logStore: LogStore
        do throws(NotationError) {
            logStore = try LogInputStream.store(group.inputStreams, start: mint, defaultStep: seriesInterval)
        } catch {
            return [error.message]
        }
        let logQuerier = LocalLogQLQuerier(store: logStore)
        let store = SharedSeriesStore()
        let engine = Engine(options: .promtoolRuleTests(evaluationInterval: evalInterval, parserOptions: options.parserOptions,
                                                        delayedNameRemoval: options.delayedNameRemoval))
        let querier = LocalPromQLQuerier(engine: engine, source: store)
        var groupOptions = RuleGroupEvaluator.Options(templateExpander: GoTemplateExpander(querier: querier))
        groupOptions.defaultInterval = seriesInterval
        groupOptions.externalLabels = group.externalLabels
        groupOptions.externalURL = group.externalURL
        let order = Dictionary(file.groupEvalOrder.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let evaluators = ruleFiles.flatMap { file in
            RuleGroupEvaluator.groups(of: file.file, path: file.path, options: groupOptions).map { ($0, file.file.language) }
        }.enumerated().sorted { a, b in
            let x = order[a.element.0.name] ?? 0, y = order[b.element.0.name] ?? 0
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        var groups = evaluators.map(\.0)
        // Each group asks the engine of its file's language.
        let languages = evaluators.map(\.1)

        for test in group.alertRuleTests where test.alertname.isEmpty {
            let suffix = group.name.isEmpty ? "" : " (in TestGroup \(group.name))"
            return ["an item under alert_rule_test misses required attribute alertname at eval_time \(test.evalTime)\(suffix)"]
        }
        let alertTimes = Array(Set(group.alertRuleTests.map(\.evalTime.milliseconds))).sorted()
        let notificationTests = group.notificationTests.sorted { $0.evalTime.milliseconds < $1.evalTime.milliseconds }
        for (a, b) in zip(notificationTests, notificationTests.dropFirst()) where a.evalTime == b.evalTime {
            return ["    exp_notifications: eval_time \(b.evalTime) is given twice (line \(a.position.line) and line \(b.position.line))"]
        }
        // The router runs only for groups that check notifications; the others run as promtool's.
        var simulation: RoutingSimulation?
        if let routing, !notificationTests.isEmpty || !group.silences.isEmpty {
            do throws(RoutingSimulation.Failure) {
                simulation = try RoutingSimulation(config: routing, start: mint, silences: group.silences)
            } catch {
                return ["    \(error.message)"]
            }
        }
        var nextNotificationTest = 0
        var lastNotificationCheck: Int64?
        var nextAlertTime = 0
        var loader = LazySeriesLoader(input)
        var appender = store
        var ts = mint
        while ts <= maxt {
            var stepFailed = false
            do {
                try loader.load(till: ts, into: &appender)
            } catch {
                errors.append("\(error)")
                stepFailed = true
            }
            // Flushes due before this evaluation happen first, as they would in real time.
            await simulation?.advance(to: ts)
            if !stepFailed {
                var evalErrors: [String] = []
                var sent: [RuleGroupEvaluation.AlertBatch] = []
                for g in groups.indices {
                    let report = languages[g] == .loki
                        ? groups[g].evaluateSynchronously(at: ts, querier: logQuerier, appender: &appender)
                        : groups[g].evaluateSynchronously(at: ts, querier: querier, appender: &appender)
                    evalErrors += report.failures.map { $0.promtoolDescription(evaluationTime: ts - mint) }
                    sent += report.notifications
                }
                await simulation?.send(sent, externalLabels: group.externalLabels, externalURL: group.externalURL)
                if options.debug { debugStep(ts - mint, groups, debug) }
                errors += evalErrors
                if !evalErrors.isEmpty { return errors }
            }
            while nextAlertTime < alertTimes.count, ts - mint <= alertTimes[nextAlertTime], alertTimes[nextAlertTime] < ts - mint + evalInterval {
                let t = alertTimes[nextAlertTime]
                for test in group.alertRuleTests where test.evalTime.milliseconds == t {
                    if let failure = checkAlerts(test, groups: groups, groupName: group.name, fuzzy: file.fuzzyCompare) {
                        errors.append(failure)
                    }
                }
                nextAlertTime += 1
            }
            while let simulation, nextNotificationTest < notificationTests.count {
                let test = notificationTests[nextNotificationTest]
                let t = test.evalTime.milliseconds
                guard ts - mint <= t, t < ts - mint + evalInterval else { break }
                await simulation.advance(to: mint + t)
                let got = simulation.notifications(after: lastNotificationCheck.map { mint + $0 }, upTo: mint + t)
                if let failure = NotificationCheck.check(test, got: got, windowStart: lastNotificationCheck.map { PromDuration(milliseconds: $0) },
                                                         groupName: group.name) {
                    errors.append(failure)
                }
                lastNotificationCheck = t
                nextNotificationTest += 1
            }
            ts += evalInterval
        }
        for test in group.promqlExprTests {
            if let failure = checkExpression(test, querier: querier, at: mint + test.evalTime.milliseconds, fuzzy: file.fuzzyCompare) {
                errors.append(failure)
            }
        }
        for test in group.logqlExprTests {
            if let failure = checkExpression(test, querier: logQuerier, at: mint + test.evalTime.milliseconds, fuzzy: file.fuzzyCompare) {
                errors.append(failure)
            }
        }
        if options.debug {
            // As promtool: a dump of all data, input series and what the rules wrote.
            debug("DEBUG: Dump of all data (input_series and rules) at \(PromDuration(milliseconds: maxt - mint)):")
            for s in store.select([], mint: .min, maxt: maxt) {
                let points = s.floats.map { "\(GoFloat.formatG($0.v)) @[\($0.t)]" } + s.histograms.map { "\($0.h) @[\($0.t)]" }
                debug("\(s.labels) =>\n\(points.joined(separator: "\n"))")
            }
        }
        return errors
    }

    private func checkAlerts(_ test: AlertRuleTest, groups: [RuleGroupEvaluator], groupName: String, fuzzy: Bool) -> String? {
        let got = groups.firingAlerts(named: test.alertname).map {
            ComparedAlert(labels: $0.labels.dictionary, annotations: Dictionary($0.annotations.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }))
        }.sorted()
        let expected = test.expAlerts.map { a -> ComparedAlert in
            var labels = a.labels
            labels["alertname"] = test.alertname
            return ComparedAlert(labels: labels, annotations: a.annotations)
        }.sorted()
        if got == expected { return nil }
        let name = groupName.isEmpty ? "" : "    name: \(groupName),\n"
        return "\(name)    alertname: \(test.alertname), time: \(test.evalTime), \n        exp:"
            + PromtoolFormat.indent(PromtoolFormat.alertList(expected), "            ") + ", \n        got:"
            + PromtoolFormat.indent(PromtoolFormat.alertList(got), "            ")
    }

    private func checkExpression(_ test: PromQLExprTest, querier: some SynchronousQuerier, at t: Int64, fuzzy: Bool) -> String? {
        let head = "    expr: \(quoteGo(test.expr)), time: \(test.evalTime)"
        let got: [InstantSample]
        do {
            got = try querier.querySynchronously(test.expr, at: t)
        } catch {
            return "\(head), err: \(error)"
        }
        var expected: [ComparedSample] = []
        for s in test.expSamples {
            do {
                expected.append(try ComparedSample(expected: s))
            } catch {
                return "\(head), err: labels \(quoteGo(s.labels)): \(error)"
            }
        }
        let gotSamples = got.map(ComparedSample.init(got:)).sorted { $0.labels < $1.labels }
        expected.sort { $0.labels < $1.labels }
        let same = expected.count == gotSamples.count && zip(expected, gotSamples).allSatisfy { $0.matches($1, fuzzy: fuzzy) }
        if same { return nil }
        return "\(head),\n        exp: \(ComparedSample.list(expected))\n        got: \(ComparedSample.list(gotSamples))"
    }

    private func debugStep(_ t: Int64, _ groups: [RuleGroupEvaluator], _ debug: (String) -> Void) {
        for g in groups {
            for rule in g.alertingRules {
                for alert in rule.activeAlerts {
                    debug("DEBUG: time \(PromDuration(milliseconds: t)) group \(g.name): \(alert.state) \(alert.labels)")
                }
            }
        }
    }
}

/// A sample as promtool compares it: labels, then the float or the histogram.
struct ComparedSample {
    var labels: Labels
    var value: Double
    var histogram: NativeHistogram?

    init(got s: InstantSample) {
        labels = s.labels
        value = s.histogram == nil ? s.value : 0
        histogram = s.histogram
    }

    init(expected s: ExpectedSample) throws {
        // No labels at all is the empty label set (a scalar result).
        let (labels, end) = s.labels.trimmingCharacters(in: .whitespaces).isEmpty
            ? (Labels.empty, s.labels.unicodeScalars.count) : try SeriesDescription.parse(prefixOf: s.labels)
        guard String(s.labels.unicodeScalars.dropFirst(end)).trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SeriesDescription.Failure(message: "unexpected text after the series", offset: end)
        }
        self.labels = labels
        if s.histogram.isEmpty {
            value = s.value
        } else {
            let values = try SeriesValues.parse(s.histogram)
            guard values.count == 1, case .histogram(let h) = values[0] else {
                throw SeriesValues.Failure(message: "expected histogram, got \(s.histogram)", offset: 0)
            }
            value = 0
            histogram = h
        }
    }

    func matches(_ other: ComparedSample, fuzzy: Bool) -> Bool {
        guard labels == other.labels else { return false }
        if let h = histogram { return h == other.histogram }
        if other.histogram != nil { return false }
        if value == other.value { return true }
        return fuzzy && (value.nextDown == other.value || value.nextUp == other.value)
    }

    var text: String {
        if let h = histogram { return "\(labels) \(h)" }
        return "\(labels) \(GoFloat.formatExponent(value))"
    }

    static func list(_ samples: [ComparedSample]) -> String {
        samples.isEmpty ? "nil" : samples.map(\.text).joined(separator: ", ")
    }
}
