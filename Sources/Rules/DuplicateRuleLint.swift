import TimeSeries

/// promtool's default `check rules` lint, `duplicate-rules` (`checkDuplicates` in `cmd/promtool/main.go`):
/// two rules are duplicates when they have the same name (`alert` or `record`) and the same labels, the group's
/// labels merged with the rule's own (the rule's win). The expression is **not** compared.
public enum DuplicateRuleLint {
    /// One duplicated rule identity.
    public struct Duplicate: Sendable, Hashable {
        /// The rule's `alert` or `record` name (promtool calls it the metric).
        public var metric: String
        /// Group labels merged with the rule's labels, sorted by name.
        public var labels: [(name: String, value: String)]
        /// Where each rule with this identity was written, in file order.
        public var positions: [SourcePosition]

        public static func == (lhs: Duplicate, rhs: Duplicate) -> Bool {
            lhs.metric == rhs.metric && lhs.labels.elementsEqual(rhs.labels, by: { $0 == $1 }) && lhs.positions == rhs.positions
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(metric)
            for l in labels { hasher.combine(l.name); hasher.combine(l.value) }
        }
    }

    private struct Key {
        var metric: [UInt8]
        var labels: [(name: [UInt8], value: [UInt8])]
        var metricText: String
        var labelTexts: [(name: String, value: String)]
        var position: SourcePosition
        var order: Int
    }

    /// Go's `strings.Compare` then `labels.Compare`: byte-wise.
    private static func compare(_ a: Key, _ b: Key) -> Int {
        if let c = compareBytes(a.metric, b.metric), c != 0 { return c }
        for (x, y) in zip(a.labels, b.labels) {
            if let c = compareBytes(x.name, y.name), c != 0 { return c }
            if let c = compareBytes(x.value, y.value), c != 0 { return c }
        }
        return a.labels.count - b.labels.count
    }

    private static func compareBytes(_ a: [UInt8], _ b: [UInt8]) -> Int? {
        if a == b { return 0 }
        return a.lexicographicallyPrecedes(b) ? -1 : 1
    }

    /// The duplicates among `groups` (the groups of one rule file), in promtool's order (sorted by name, then
    /// labels). Each duplicated identity is listed once.
    public static func check(_ groups: [RuleGroup]) -> [Duplicate] {
        var keys: [Key] = []
        for group in groups {
            for rule in group.rules {
                var merged: [String: String] = [:]
                for l in group.labels { merged[l.name] = l.value }
                for l in rule.labels { merged[l.name] = l.value }
                let sorted = merged.map { (name: $0.key, value: $0.value) }.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
                keys.append(Key(
                    metric: Array(rule.name.utf8), labels: sorted.map { (Array($0.name.utf8), Array($0.value.utf8)) },
                    metricText: rule.name, labelTexts: sorted, position: rule.positions.start, order: keys.count))
            }
        }
        guard keys.count >= 2 else { return [] }
        keys.sort { let c = compare($0, $1); return c != 0 ? c < 0 : $0.order < $1.order }
        var out: [Duplicate] = []
        var i = 0
        while i < keys.count {
            var j = i + 1
            while j < keys.count, compare(keys[i], keys[j]) == 0 { j += 1 }
            if j - i > 1 {
                out.append(Duplicate(
                    metric: keys[i].metricText, labels: keys[i].labelTexts,
                    positions: keys[i..<j].map(\.position).sorted()))
            }
            i = j
        }
        return out
    }

    /// promtool's text for the duplicates (what follows `lint error ` in its output):
    ///
    ///     1 duplicate rule(s) found.
    ///     Metric: job:test:count_over_time1m
    ///     Label(s):
    ///     Might cause inconsistency while recording expressions
    public static func report(_ duplicates: [Duplicate]) -> String {
        var out = "\(duplicates.count) duplicate rule(s) found.\n"
        for d in duplicates {
            out += "Metric: \(d.metric)\nLabel(s):\n"
            for l in d.labels { out += "\t\(l.name): \(l.value)\n" }
        }
        out += "Might cause inconsistency while recording expressions"
        return out
    }

    /// The lint as located warnings, one per duplicated identity, at the second and later occurrences.
    public static func issues(_ duplicates: [Duplicate], file: String, source: String?) -> [RuleIssue] {
        duplicates.flatMap { d in
            d.positions.dropFirst().map { p in
                let labels = d.labels.map { "\($0.name)=\(quoteGo($0.value))" }.joined(separator: ", ")
                return RuleIssue(
                    file: file, position: p,
                    message: "duplicate rule \(d.metric){\(labels)} (first defined at line \(d.positions[0].line))",
                    severity: .warning, source: source)
            }
        }
    }
}

extension RuleLoadResult {
    /// promtool's duplicate-rule lint over each rule file of the result (PrometheusRule manifests and ConfigMap
    /// entries are separate rule files, as they are once deployed).
    public var duplicateRules: [DuplicateRuleLint.Duplicate] {
        files.flatMap { DuplicateRuleLint.check($0.groups) }
    }
}
