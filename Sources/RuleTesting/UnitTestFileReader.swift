import Foundation
import Rules
import TimeSeries
import Yams

/// Reads a unit-test file strictly, as promtool does (`yaml.UnmarshalStrict`): unknown fields and wrong
/// types are errors, each with the line and column where they are.
public struct UnitTestFileReader {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var position: SourcePosition?
        public var message: String
        public var description: String {
            position.map { "\(file):\($0.line):\($0.column): \(message)" } ?? "\(file): \(message)"
        }
    }

    public var ignoreUnknownFields = false

    public init(ignoreUnknownFields: Bool = false) {
        self.ignoreUnknownFields = ignoreUnknownFields
    }

    public func read(contentsOf path: String) throws(Failure) -> UnitTestFile {
        let text: String
        do throws(SourceFile.ReadError) { text = try SourceFile.read(path) } catch {
            throw Failure(file: path, position: nil, message: "cannot read file: \(error.reason)")
        }
        return try read(text: text, file: path)
    }

    public func read(text: String, file: String) throws(Failure) -> UnitTestFile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Failure(file: file, position: Self.position(of: error), message: "yaml: \(Self.describe(error))")
        } catch {
            throw Failure(file: file, position: nil, message: "yaml: \(error)")
        }
        guard let root else { return UnitTestFile() }
        var reader = Reader(file: file, ignoreUnknownFields: ignoreUnknownFields)
        return try reader.file(root)
    }

    /// A file of log streams: a YAML list of `input_streams` entries (`labels`, `lines`), read as strictly as a
    /// test file. `vigil query --logql --streams-file` reads it.
    public func readStreams(text: String, file: String) throws(Failure) -> [LogInputStream] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Failure(file: file, position: Self.position(of: error), message: "yaml: \(Self.describe(error))")
        } catch {
            throw Failure(file: file, position: nil, message: "yaml: \(error)")
        }
        guard let root else { return [] }
        let reader = Reader(file: file, ignoreUnknownFields: ignoreUnknownFields)
        return try reader.sequence(root, "[]main.inputStream").map { (n) throws(Failure) in try reader.inputStream(n) }
    }

    static func position(of error: YamlError) -> SourcePosition? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourcePosition(line: mark.line, column: mark.column)
        default:
            return nil
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return [problem, context?.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        default:
            return "\(error)"
        }
    }
}

/// The strict node walker behind `UnitTestFileReader`; type names in messages are promtool's Go types.
private struct Reader {
    let file: String
    let ignoreUnknownFields: Bool

    func fail(_ message: String, _ node: Node) -> UnitTestFileReader.Failure {
        UnitTestFileReader.Failure(file: file, position: position(node), message: message)
    }

    func position(_ node: Node) -> SourcePosition? {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) }
    }

    func fields(_ node: Node, type: String, known: Set<String>) throws(UnitTestFileReader.Failure) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw fail("cannot unmarshal \(kind(node)) into \(type)", node)
        }
        var out: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { throw fail("field keys must be strings", key) }
            if !known.contains(name) {
                if ignoreUnknownFields { continue }
                throw fail("field \(name) not found in type \(type)", key)
            }
            if out[name] != nil { throw fail("mapping key \"\(name)\" already defined", key) }
            out[name] = value
        }
        return out
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .mapping: return "!!map"
        case .sequence: return "!!seq"
        case .scalar(let s): return s.string.isEmpty ? "!!null" : "!!str `\(s.string)`"
        case .alias: return "alias"
        }
    }

    func isNull(_ node: Node) -> Bool {
        if case .scalar(let s) = node, s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return true }
        return false
    }

    func string(_ node: Node) throws(UnitTestFileReader.Failure) -> String {
        guard case .scalar(let s) = node else { throw fail("cannot unmarshal \(kind(node)) into string", node) }
        return isNull(node) ? "" : s.string
    }

    func bool(_ node: Node) throws(UnitTestFileReader.Failure) -> Bool {
        switch try string(node) {
        case "true", "True", "TRUE", "yes", "on": return true
        case "false", "False", "FALSE", "no", "off", "": return false
        default: throw fail("cannot unmarshal \(kind(node)) into bool", node)
        }
    }

    func double(_ node: Node) throws(UnitTestFileReader.Failure) -> Double {
        let text = try string(node)
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        case "": return 0
        default:
            if let v = Double(text.replacingOccurrences(of: "_", with: "")) { return v }
            if text.hasPrefix("0x"), let v = Int(text.dropFirst(2), radix: 16) { return Double(v) }
            throw fail("cannot unmarshal \(kind(node)) into float64", node)
        }
    }

    func duration(_ node: Node) throws(UnitTestFileReader.Failure) -> PromDuration {
        let text = try string(node)
        if text.isEmpty { return .zero }
        do { return try PromDuration(parsing: text) } catch { throw fail(error.message, node) }
    }

    func sequence(_ node: Node, _ type: String) throws(UnitTestFileReader.Failure) -> [Node] {
        if isNull(node) { return [] }
        guard case .sequence(let seq) = node else { throw fail("cannot unmarshal \(kind(node)) into \(type)", node) }
        return Array(seq)
    }

    func stringMap(_ node: Node) throws(UnitTestFileReader.Failure) -> [String: String] {
        if isNull(node) { return [:] }
        guard case .mapping(let mapping) = node else { throw fail("cannot unmarshal \(kind(node)) into map[string]string", node) }
        var out: [String: String] = [:]
        for (key, value) in mapping { out[try string(key)] = try string(value) }
        return out
    }

    mutating func file(_ node: Node) throws(UnitTestFileReader.Failure) -> UnitTestFile {
        let f = try fields(node, type: "main.unitTestFile",
                           known: ["rule_files", "evaluation_interval", "group_eval_order", "tests", "fuzzy_compare",
                                   "alertmanager_config", "rule_files_type"])
        var out = UnitTestFile()
        if let n = f["rule_files"] { out.ruleFiles = try sequence(n, "[]string").map { (n) throws(UnitTestFileReader.Failure) in try string(n) } }
        if let n = f["evaluation_interval"] {
            let d = try duration(n)
            if d != .zero { out.evaluationInterval = d }
        }
        if let n = f["group_eval_order"] { out.groupEvalOrder = try sequence(n, "[]string").map { (n) throws(UnitTestFileReader.Failure) in try string(n) } }
        if let n = f["fuzzy_compare"] { out.fuzzyCompare = try bool(n) }
        if let n = f["alertmanager_config"] {
            let path = try string(n)
            out.alertmanagerConfig = path.isEmpty ? nil : path
        }
        if let n = f["rule_files_type"] {
            let text = try string(n)
            guard let language = QueryLanguage(rawValue: text) else {
                throw fail("rule_files_type must be prometheus or loki, got \(quoteGo(text))", n)
            }
            out.ruleFilesType = language
        }
        if let n = f["tests"] { out.tests = try sequence(n, "[]main.testGroup").map { (n) throws(UnitTestFileReader.Failure) in try testGroup(n) } }
        return out
    }

    func testGroup(_ node: Node) throws(UnitTestFileReader.Failure) -> TestGroup {
        let f = try fields(node, type: "main.testGroup", known: [
            "interval", "input_series", "alert_rule_test", "promql_expr_test", "external_labels", "external_url",
            "name", "start_timestamp", "exp_notifications", "silences", "input_streams", "logql_expr_test",
        ])
        var g = TestGroup()
        g.position = position(node) ?? g.position
        if let n = f["name"] { g.name = try string(n) }
        if let n = f["interval"] {
            let d = try duration(n)
            g.interval = d == .zero ? nil : d
        }
        if let n = f["external_url"] { g.externalURL = try string(n) }
        if let n = f["external_labels"] { g.externalLabels = Labels(try stringMap(n)) }
        if let n = f["start_timestamp"] { g.startTimestamp = try timestamp(n) }
        if let n = f["input_series"] {
            g.inputSeries = try sequence(n, "[]main.series").map { (n) throws(UnitTestFileReader.Failure) in
                let s = try fields(n, type: "main.series", known: ["series", "values"])
                return InputSeries(series: try s["series"].map { (n) throws(UnitTestFileReader.Failure) in try string(n) } ?? "",
                                   values: try s["values"].map { (n) throws(UnitTestFileReader.Failure) in try string(n) } ?? "",
                                   position: position(n) ?? g.position)
            }
        }
        if let n = f["input_streams"] {
            g.inputStreams = try sequence(n, "[]main.inputStream").map { (n) throws(UnitTestFileReader.Failure) in try inputStream(n) }
        }
        if let n = f["alert_rule_test"] {
            g.alertRuleTests = try sequence(n, "[]main.alertTestCase").map { (n) throws(UnitTestFileReader.Failure) in try alertTest(n) }
        }
        if let n = f["promql_expr_test"] {
            g.promqlExprTests = try sequence(n, "[]main.promqlTestCase").map { (n) throws(UnitTestFileReader.Failure) in try exprTest(n) }
        }
        if let n = f["logql_expr_test"] {
            g.logqlExprTests = try sequence(n, "[]main.logqlTestCase").map { (n) throws(UnitTestFileReader.Failure) in
                try exprTest(n, type: "main.logqlTestCase")
            }
        }
        if let n = f["exp_notifications"] {
            g.notificationTests = try sequence(n, "[]main.notificationTestCase").map { (n) throws(UnitTestFileReader.Failure) in
                try notificationTest(n)
            }
        }
        if let n = f["silences"] {
            g.silences = try sequence(n, "[]main.silence").map { (n) throws(UnitTestFileReader.Failure) in try silence(n) }
        }
        return g
    }

    func alertTest(_ node: Node) throws(UnitTestFileReader.Failure) -> AlertRuleTest {
        let f = try fields(node, type: "main.alertTestCase", known: ["eval_time", "alertname", "exp_alerts"])
        let alerts = try f["exp_alerts"].map { (n) throws(UnitTestFileReader.Failure) in
            try sequence(n, "[]main.alert").map { (n) throws(UnitTestFileReader.Failure) -> ExpectedAlert in
                let a = try fields(n, type: "main.alert", known: ["exp_labels", "exp_annotations"])
                return ExpectedAlert(labels: try a["exp_labels"].map { (n) throws(UnitTestFileReader.Failure) in try stringMap(n) } ?? [:],
                                     annotations: try a["exp_annotations"].map { (n) throws(UnitTestFileReader.Failure) in try stringMap(n) } ?? [:])
            }
        } ?? []
        return AlertRuleTest(evalTime: try f["eval_time"].map { (n) throws(UnitTestFileReader.Failure) in try duration(n) } ?? .zero,
                             alertname: try f["alertname"].map { (n) throws(UnitTestFileReader.Failure) in try string(n) } ?? "",
                             expAlerts: alerts, position: position(node) ?? SourcePosition(line: 1, column: 1))
    }

    /// An `input_streams` entry: `labels` and `lines` in the notation of `LogInputStream`, each line checked here
    /// so a mistake is reported at its own line and column.
    func inputStream(_ node: Node) throws(UnitTestFileReader.Failure) -> LogInputStream {
        let f = try fields(node, type: "main.inputStream", known: ["labels", "lines"])
        guard let labelsNode = f["labels"] else { throw fail("missing required field labels in input_streams", node) }
        let labelsText = try string(labelsNode)
        let labels: Labels
        do throws(NotationError) { labels = try LogInputStream.parseLabels(labelsText) } catch {
            throw fail(error.message, labelsNode)
        }
        let lines = try f["lines"].map { (n) throws(UnitTestFileReader.Failure) in
            try sequence(n, "[]string").map { (n) throws(UnitTestFileReader.Failure) -> LogLineRun in
                let text = try string(n)
                do throws(NotationError) { return try LogLineRun.parse(text) } catch { throw fail(error.message, n) }
            }
        } ?? []
        return LogInputStream(labels: labels, lines: lines, position: position(node) ?? SourcePosition(line: 1, column: 1))
    }

    func exprTest(_ node: Node, type: String = "main.promqlTestCase") throws(UnitTestFileReader.Failure) -> PromQLExprTest {
        let f = try fields(node, type: type, known: ["expr", "eval_time", "exp_samples"])
        let samples = try f["exp_samples"].map { (n) throws(UnitTestFileReader.Failure) in
            try sequence(n, "[]main.sample").map { (n) throws(UnitTestFileReader.Failure) -> ExpectedSample in
                let s = try fields(n, type: "main.sample", known: ["labels", "value", "histogram"])
                return ExpectedSample(labels: try s["labels"].map { (n) throws(UnitTestFileReader.Failure) in try string(n) } ?? "",
                                      value: try s["value"].map { (n) throws(UnitTestFileReader.Failure) in try double(n) } ?? 0,
                                      histogram: try s["histogram"].map { (n) throws(UnitTestFileReader.Failure) in try string(n) } ?? "")
            }
        } ?? []
        return PromQLExprTest(expr: try f["expr"].map { (n) throws(UnitTestFileReader.Failure) in try string(n) } ?? "",
                              evalTime: try f["eval_time"].map { (n) throws(UnitTestFileReader.Failure) in try duration(n) } ?? .zero,
                              expSamples: samples, position: position(node) ?? SourcePosition(line: 1, column: 1))
    }

    func notificationTest(_ node: Node) throws(UnitTestFileReader.Failure) -> NotificationTest {
        let f = try fields(node, type: "main.notificationTestCase", known: ["eval_time", "notifications"])
        let notifications = try f["notifications"].map { (n) throws(UnitTestFileReader.Failure) in
            try sequence(n, "[]main.notification").map { (n) throws(UnitTestFileReader.Failure) in try notification(n) }
        } ?? []
        return NotificationTest(evalTime: try f["eval_time"].map { (n) throws(UnitTestFileReader.Failure) in try duration(n) } ?? .zero,
                                notifications: notifications, position: position(node) ?? SourcePosition(line: 1, column: 1))
    }

    func notification(_ node: Node) throws(UnitTestFileReader.Failure) -> ExpectedNotification {
        let f = try fields(node, type: "main.notification", known: ["receiver", "group_labels", "status", "alerts"])
        guard let receiverNode = f["receiver"] else { throw fail("missing required field receiver in notification", node) }
        let alerts = try f["alerts"].map { (n) throws(UnitTestFileReader.Failure) in
            try sequence(n, "[]main.notificationAlert").map { (n) throws(UnitTestFileReader.Failure) -> ExpectedNotificationAlert in
                let a = try fields(n, type: "main.notificationAlert", known: ["exp_labels", "exp_annotations", "status"])
                return ExpectedNotificationAlert(
                    labels: try a["exp_labels"].map { (n) throws(UnitTestFileReader.Failure) in try stringMap(n) } ?? [:],
                    annotations: try a["exp_annotations"].map { (n) throws(UnitTestFileReader.Failure) in try stringMap(n) } ?? [:],
                    status: try a["status"].map { (n) throws(UnitTestFileReader.Failure) in try status(n) } ?? .firing)
            }
        } ?? []
        return ExpectedNotification(
            receiver: try string(receiverNode),
            groupLabels: try f["group_labels"].map { (n) throws(UnitTestFileReader.Failure) in try stringMap(n) } ?? [:],
            status: try f["status"].map { (n) throws(UnitTestFileReader.Failure) in try status(n) } ?? .firing,
            alerts: alerts)
    }

    func status(_ node: Node) throws(UnitTestFileReader.Failure) -> NotificationStatus {
        let text = try string(node)
        guard let s = NotificationStatus(rawValue: text) else {
            throw fail("status must be firing or resolved, got \(quoteGo(text))", node)
        }
        return s
    }

    func silence(_ node: Node) throws(UnitTestFileReader.Failure) -> TestSilence {
        let f = try fields(node, type: "main.silence", known: ["matchers", "starts_at", "ends_at"])
        let matchers = try f["matchers"].map { (n) throws(UnitTestFileReader.Failure) in
            try sequence(n, "[]string").map { (n) throws(UnitTestFileReader.Failure) in try string(n) }
        } ?? []
        if matchers.isEmpty { throw fail("a silence needs at least one matcher", node) }
        guard let ends = f["ends_at"] else { throw fail("missing required field ends_at in silence", node) }
        return TestSilence(matchers: matchers,
                           startsAt: try f["starts_at"].map { (n) throws(UnitTestFileReader.Failure) in try duration(n) } ?? .zero,
                           endsAt: try duration(ends), position: position(node) ?? SourcePosition(line: 1, column: 1))
    }

    /// promtool's `parseTime`: Unix seconds (with fractions) or RFC 3339.
    func timestamp(_ node: Node) throws(UnitTestFileReader.Failure) -> Int64 {
        let text = try string(node)
        if let seconds = Double(text) {
            // Bounded to what Int64 milliseconds hold (±292 million years); beyond that Go's conversion is
            // undefined, and Swift's would trap.
            let ms = (seconds * 1000).rounded()
            guard ms.isFinite, abs(ms) < 9.2e18 else { throw fail("timestamp \(quoteGo(text)) is out of range", node) }
            return Int64(ms)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return Int64((d.timeIntervalSince1970 * 1000).rounded()) }
        formatter.formatOptions = [.withInternetDateTime]
        if let d = formatter.date(from: text) { return Int64((d.timeIntervalSince1970 * 1000).rounded()) }
        throw fail("cannot parse \(quoteGo(text)) to a valid timestamp", node)
    }
}
