import TimeSeries

/// Vector aggregations and `label_replace`.
/// https://grafana.com/docs/loki/latest/query/metric_queries/ "Built-in aggregation operators";
/// https://grafana.com/docs/loki/latest/query/ "Functions" (label_replace).
enum VectorFunctions {
    typealias Element = (labels: Labels, value: Double)

    /// The labels of an element's group: only the `by` labels, or all but the `without` ones.
    static func groupLabels(_ labels: Labels, _ grouping: Grouping?) -> Labels {
        guard let grouping else { return .empty }
        return grouping.without ? labels.removing(Set(grouping.labels)) : labels.keeping(Set(grouping.labels))
    }

    static func aggregate(_ op: VectorOperation, parameter: Double?, grouping: Grouping?, _ v: [Element]) -> [Element] {
        switch op {
        case .sort: return v.sorted { less($0.value, $1.value) }
        case .sortDesc: return v.sorted { less($1.value, $0.value) }
        case .topk, .bottomk, .approxTopk: return topK(op == .bottomk, parameter: parameter, grouping: grouping, v)
        default: break
        }
        var order: [Labels] = []
        var groups: [Labels: [Double]] = [:]
        for e in v {
            let key = groupLabels(e.labels, grouping)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e.value)
        }
        return order.sorted().compactMap { key in
            guard let values = groups[key] else { return nil }
            return (labels: key, value: combine(op, values))
        }
    }

    private static func combine(_ op: VectorOperation, _ values: [Double]) -> Double {
        let samples = ArraySlice(values.map { Sample(t: 0, v: $0) })
        switch op {
        case .sum: return RangeFunctions.sum(samples)
        case .avg: return RangeFunctions.sum(samples) / Double(values.count)
        case .count: return Double(values.count)
        case .min: return values.reduce(Double.infinity) { $1 < $0 || $0.isNaN ? $1 : $0 }
        case .max: return values.reduce(-Double.infinity) { $1 > $0 || $0.isNaN ? $1 : $0 }
        case .stdvar: return RangeFunctions.variance(samples)
        case .stddev: return RangeFunctions.variance(samples).squareRoot()
        case .topk, .bottomk, .approxTopk, .sort, .sortDesc: return .nan
        }
    }

    /// NaN sorts last either way, as Prometheus sorts it.
    private static func less(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN { return false }
        if b.isNaN { return true }
        return a < b
    }

    /// The `k` largest (or smallest) elements of each group, with their own labels, largest first.
    private static func topK(_ bottom: Bool, parameter: Double?, grouping: Grouping?, _ v: [Element]) -> [Element] {
        guard let p = parameter, p.isFinite, p >= 1 else { return [] }
        // k is at least 1 and is clamped to the vector's size, so the conversion cannot trap.
        let k = Int(min(p, Double(v.count)).rounded(.down))
        var order: [Labels] = []
        var groups: [Labels: [Element]] = [:]
        for e in v {
            let key = groupLabels(e.labels, grouping)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
        }
        var out: [Element] = []
        for key in order.sorted() {
            let members = groups[key] ?? []
            let ranked = members.sorted { a, b in
                if a.value == b.value { return a.labels < b.labels }
                return bottom ? less(a.value, b.value) : less(b.value, a.value)
            }
            out.append(contentsOf: ranked.prefix(k))
        }
        return out
    }

    /// Prometheus's `label_replace`: where the anchored regex matches the source label's value, the
    /// destination label becomes the expanded replacement (removed when that is empty).
    static func labelReplace(_ v: [Element], destination: String, replacement: String, source: String,
                             regex: GoRegex) throws(LogQLQueryError) -> [Element] {
        var out: [Element] = []
        var seen = Set<Labels>()
        for e in v {
            var labels = e.labels
            let value = labels[source] ?? ""
            if let groups = regex.firstMatchGroups(value) {
                labels = labels.setting(destination, to: regex.expand(template: replacement, groups: groups))
            }
            if !seen.insert(labels).inserted {
                throw LogQLQueryError("vector cannot contain metrics with the same labelset")
            }
            out.append((labels: labels, value: e.value))
        }
        return out
    }
}
