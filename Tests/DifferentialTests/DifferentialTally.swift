import Foundation

/// Counts of a differential run and the summary it prints.
struct DifferentialTally {
    struct ClassRecord {
        var count = 0
        var known: KnownDifference?
        var example: Disagreement
    }

    var total = 0
    var agreedWithData = 0
    var agreedEmpty = 0
    var bothFailed = 0
    var instant = 0
    var range = 0
    var disagreements = 0
    var unexplained = 0
    var classes: [String: ClassRecord] = [:]
    /// Distinct error pairs when both engines refused a query: (Prometheus, Vigil) → count.
    var bothErrors: [String: (count: Int, example: String)] = [:]

    private mutating func count(_ context: EvaluationContext) {
        total += 1
        if context.isInstant { instant += 1 } else { range += 1 }
    }

    mutating func agreed(_ answers: DualEvaluation.Answers, _ context: EvaluationContext) {
        count(context)
        switch answers.prometheus {
        case .error(let p):
            bothFailed += 1
            let key = "Prometheus: \(p)\n      Vigil:      \(answers.vigil.errorMessage ?? "")"
            let shape = Self.errorShape(key)
            if let existing = bothErrors[shape] {
                bothErrors[shape] = (existing.count + 1, answers.text.count < existing.example.count ? answers.text : existing.example)
            } else {
                bothErrors[shape] = (1, answers.text)
            }
        case .vector(let s) where s.isEmpty: agreedEmpty += 1
        case .matrix(let s) where s.allSatisfy({ $0.points.isEmpty }): agreedEmpty += 1
        default: agreedWithData += 1
        }
    }

    /// Error messages with numbers, quoted strings and label sets blanked, so one kind of error is one entry.
    static func errorShape(_ message: String) -> String {
        var out = ""
        var skipping: Character?
        for ch in message {
            if let close = skipping {
                if ch == close { skipping = nil; out.append("…"); out.append(ch) }
                continue
            }
            if ch == "{" { skipping = "}"; out.append(ch); continue }
            if ch == "\"" { skipping = "\""; out.append(ch); continue }
            if ch.isNumber { if out.last != "#" { out.append("#") }; continue }
            out.append(ch)
        }
        return out
    }

    mutating func disagreed(_ d: Disagreement, known: KnownDifference?) {
        count(d.context)
        disagreements += 1
        if known == nil { unexplained += 1 }
        let key = (known.map { "[\($0.id)] " } ?? "") + d.classKey
        if var record = classes[key] {
            record.count += 1
            if d.nodeText.count < record.example.nodeText.count { record.example = d }
            classes[key] = record
        } else {
            classes[key] = ClassRecord(count: 1, known: known, example: d)
        }
    }

    /// "N 2.42 vs 3.x, N unspecified, …" for the explained disagreements.
    private func explainedByKind() -> String {
        var counts: [String: Int] = [:]
        for record in classes.values {
            if let k = record.known { counts[k.kind.rawValue, default: 0] += record.count }
        }
        return counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key), " }.joined()
    }

    func summary(seconds: Double) -> String {
        let agreed = agreedWithData + agreedEmpty + bothFailed
        func pct(_ n: Int) -> String { total == 0 ? "0%" : String(format: "%.2f%%", 100 * Double(n) / Double(total)) }
        var lines = [
            "",
            "==== differential summary: Vigil vs Prometheus 2.42 (seed \(DifferentialTests.seed)) ====",
            "queries:     \(total) (\(instant) instant, \(range) range) in \(String(format: "%.1f", seconds)) s",
            "agree:       \(agreed) (\(pct(agreed))): \(agreedWithData) with data, \(agreedEmpty) both empty, \(bothFailed) both errors",
            "disagree:    \(disagreements) (\(pct(disagreements))): " + explainedByKind() + "\(unexplained) unexplained",
        ]
        if !classes.isEmpty {
            lines.append("disagreements by class (the smallest sub-expression that differs), with the shortest example:")
            for (key, record) in classes.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
                lines.append("  \(record.count) × \(key)" + (record.known.map { "   (\($0.kind.rawValue))" } ?? "   <-- UNEXPLAINED"))
                if let k = record.known { lines.append("      why: \(k.why)") }
                lines.append("      " + record.example.report)
            }
        }
        if !bothErrors.isEmpty {
            lines.append("both engines failed (\(bothFailed)), by kind of message:")
            for (shape, entry) in bothErrors.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
                lines.append("  \(entry.count) × \(shape)")
                lines.append("      e.g. \(entry.example)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
