import Foundation
import PromQL
import TimeSeries
@testable import Rules

/// One minute in milliseconds: test times are written in minutes.
let minute: Int64 = 60_000

/// A querier that answers from a closure: scripted results at explicit times, no storage.
struct ScriptedQuerier: SynchronousQuerier {
    let script: @Sendable (String, Int64) throws -> [InstantSample]
    init(_ script: @escaping @Sendable (String, Int64) throws -> [InstantSample]) { self.script = script }
    func querySynchronously(_ expr: String, at t: Int64) throws -> [InstantSample] { try script(expr, t) }
}

/// Records the queries a querier received.
final class QueryLog: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(expr: String, t: Int64)] = []
    func record(_ expr: String, _ t: Int64) {
        lock.lock()
        entries.append((expr, t))
        lock.unlock()
    }
    var times: [Int64] {
        lock.lock()
        defer { lock.unlock() }
        return entries.map(\.t)
    }
}

/// A Go template error as the real expander will report it.
struct FakeTemplateError: Error, CustomStringConvertible {
    let description: String
}

/// A stand-in for the GoTemplate expander: `{{ $labels.x }}`, `{{ .Labels.x }}`, `{{ $value }}`,
/// `{{ $externalLabels.x }}` and `{{ $externalURL }}` only. Any other action fails the way Go reports an
/// undefined function at parse time.
struct FakeTemplateExpander: TemplateExpander {
    func expand(_ text: String, name: String, labels: Labels, externalLabels: Labels, externalURL: String,
                value: Double, at: Int64) throws -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw FakeTemplateError(description: "error parsing template \(name): template: \(name):1: unclosed action")
            }
            let action = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if action.hasPrefix("$labels.") {
                out += labels[String(action.dropFirst("$labels.".count))] ?? ""
            } else if action.hasPrefix(".Labels.") {
                out += labels[String(action.dropFirst(".Labels.".count))] ?? ""
            } else if action.hasPrefix("$externalLabels.") {
                out += externalLabels[String(action.dropFirst("$externalLabels.".count))] ?? ""
            } else if action == "$externalURL" {
                out += externalURL
            } else if action == "$value" {
                out += GoFloat.formatG(value)
            } else {
                let function = action.split(separator: " ").first.map(String.init) ?? action
                throw FakeTemplateError(description:
                    "error parsing template \(name): template: \(name):1: function \"\(function)\" not defined")
            }
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}

/// An expander that must not be called (text without `{{` is not expanded).
struct ForbiddenTemplateExpander: TemplateExpander {
    func expand(_ text: String, name: String, labels: Labels, externalLabels: Labels, externalURL: String,
                value: Double, at: Int64) throws -> String {
        fatalError("expander called for \(text)")
    }
}

let fakeTemplates = AlertingRuleEvaluator.TemplateContext(expander: FakeTemplateExpander())

func labels(_ pairs: KeyValuePairs<String, String>) -> Labels {
    Labels(pairs.map { Label($0.key, $0.value) })
}

func sample(_ pairs: KeyValuePairs<String, String>, _ value: Double, t: Int64 = 0) -> InstantSample {
    InstantSample(labels: labels(pairs), t: t, value: value)
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

/// Options with the fake expander.
func groupOptions(restored: Bool = true) -> RuleGroupEvaluator.Options {
    var o = RuleGroupEvaluator.Options(templateExpander: FakeTemplateExpander())
    o.restored = restored
    return o
}

/// Records what the group appended.
struct RecordingAppender: SampleAppender {
    var floats: [(labels: Labels, t: Int64, value: Double)] = []
    var refuse: Set<Labels> = []

    mutating func append(_ labels: Labels, t: Int64, value: Double) throws {
        if refuse.contains(labels) { throw SampleAppendError.outOfOrder }
        floats.append((labels, t, value))
    }

    mutating func append(_ labels: Labels, t: Int64, histogram: NativeHistogram) throws {}
}
