import Foundation
import GoTemplate
import PromQL
import TimeSeries
@testable import Rules

/// One minute in milliseconds: test times are written in minutes.
let minute: Int64 = 60_000

/// Where the shared upstream data lives, when the environment names it.
enum SharedData {
    static var conformance: String? {
        guard let path = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"], !path.isEmpty,
              FileManager.default.fileExists(atPath: path) else { return nil }
        return path
    }

    /// Returns whether `path` is usable, printing a visible line when it is not.
    static func available(_ path: String?, _ variable: String, _ test: String) -> Bool {
        if path == nil { print("SKIPPED \(test): \(variable) is not set to an existing folder") }
        return path != nil
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}

/// Loading with the real validators, as `vigil check rules` does.
enum Loading {
    static let options = RuleLoader.Options.standard()
}

func labels(_ pairs: KeyValuePairs<String, String>) -> Labels {
    Labels(pairs.map { Label($0.key, $0.value) })
}

func entries(_ pairs: KeyValuePairs<String, String>) -> [LabelEntry] {
    let p = SourcePosition(line: 1, column: 1)
    return pairs.map { LabelEntry(name: $0.key, value: $0.value, namePosition: p, valuePosition: p) }
}

func alertingRule(_ name: String, _ expr: String, for hold: Int64? = nil, keepFiringFor: Int64? = nil,
                  labels: KeyValuePairs<String, String> = [:], annotations: KeyValuePairs<String, String> = [:]) -> Rule {
    Rule(kind: .alerting, name: name, expr: expr, for: hold.map { PromDuration(milliseconds: $0) },
         keepFiringFor: keepFiringFor.map { PromDuration(milliseconds: $0) },
         labels: entries(labels), annotations: entries(annotations))
}

func recordingRule(_ name: String, _ expr: String, labels: KeyValuePairs<String, String> = [:]) -> Rule {
    Rule(kind: .recording, name: name, expr: expr, labels: entries(labels))
}

/// Appends `values` at `start`, `start + step`, … (promtool's `load` of input series).
func load(_ store: SharedSeriesStore, _ series: Labels, _ values: [Double], start: Int64 = 0, step: Int64 = minute) throws {
    for (i, v) in values.enumerated() { try store.append(series, t: start + Int64(i) * step, value: v) }
}

/// Group options with Vigil's real template expander, as `vigil test rules` uses them.
func groupOptions(restored: Bool = true) -> RuleGroupEvaluator.Options {
    var o = RuleGroupEvaluator.Options(templateExpander: GoTemplateExpander())
    o.restored = restored
    return o
}
