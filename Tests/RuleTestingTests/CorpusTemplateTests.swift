import Foundation
import PromQL
import Rules
import Testing
import TimeSeries
@testable import RuleTesting

/// Every label and annotation template of every alerting rule in the real-world corpus parses, and renders
/// on a sample alert without an error, as the ruler would expand it.
@Suite struct CorpusTemplateTests {
    static var corpus: URL? {
        guard let dir = ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"] else {
            print("SKIPPED CorpusTemplateTests: VIGIL_CORPUS_DIR is not set")
            return nil
        }
        return URL(fileURLWithPath: dir)
    }

    /// The promtool test files of `unit-tests/` (listed in its `expected.tsv`), which hold tests, not rules.
    static func unitTestFiles(_ root: URL) -> Set<String> {
        guard let text = try? String(contentsOf: root.appendingPathComponent("unit-tests/expected.tsv"), encoding: .utf8)
        else { return [] }
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let fields = line.split(separator: "\t")
            return fields.count == 3 ? "unit-tests/" + fields[1] : nil
        })
    }

    @Test(.enabled(if: corpus != nil, "needs VIGIL_CORPUS_DIR"))
    func everyCorpusTemplateParsesAndRenders() throws {
        let root = try #require(Self.corpus)
        let testFiles = Self.unitTestFiles(root)
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }
            .filter { ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && !$0.hasSuffix("values.yaml") && !$0.hasSuffix("alertmanager.yml") }
            .filter { !testFiles.contains($0) }
            .sorted()
        // Templates that query (`query "…" | first | value`) get one sample back, as from a live server.
        let expander = GoTemplateExpander(querier: OneSampleQuerier())
        let sampleLabels = Labels([
            "__name__": "up", "instance": "node-1:9100", "job": "node", "namespace": "monitoring", "pod": "p-0",
            "container": "c", "node": "node-1", "device": "sda", "mountpoint": "/", "severity": "warning",
        ])
        var templates = 0
        var failures: [String] = []
        for file in files {
            let language: QueryLanguage = file.hasSuffix("alerting-rules.yaml") ? .loki : .prometheus
            let loaded = RuleLoader(options: .standard(language: language)).load(contentsOf: root.appendingPathComponent(file).path)
            #expect(loaded.errors.isEmpty, "\(file): \(loaded.errors.map(\.shortDescription))")
            for group in loaded.groups {
                for rule in group.rules where rule.kind == .alerting {
                    for entry in rule.labels + rule.annotations {
                        templates += 1
                        let name = "__alert_\(rule.name)"
                        if let error = StandardValidators.template(entry.value, name) {
                            failures.append("\(file) \(rule.name) \(entry.name): parse: \(error.message)")
                            continue
                        }
                        do {
                            _ = try expander.expand(entry.value, name: name, labels: sampleLabels, externalLabels: .empty,
                                                    externalURL: "http://prometheus.example", value: 0.93, at: 3_600_000)
                        } catch {
                            failures.append("\(file) \(rule.name) \(entry.name): \(error)")
                        }
                    }
                }
            }
        }
        print("corpus templates: \(templates) label and annotation templates, \(failures.count) failures")
        #expect(templates > 1000)
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }
}

/// Answers every query with one sample, so `first` and `value` in templates have something to read.
struct OneSampleQuerier: SynchronousQuerier {
    func querySynchronously(_ expr: String, at t: Int64) throws -> [InstantSample] {
        [InstantSample(labels: Labels(["instance": "node-1:9100", "job": "node"]), t: t, value: 42)]
    }
}
