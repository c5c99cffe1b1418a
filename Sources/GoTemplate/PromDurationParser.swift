/// Prometheus `model.ParseDuration` (`1h30m`, `5d`, `2w`, `1y`, `500ms`), in milliseconds.
enum PromDurationParser {
    static func parse(_ s: String) -> Int64? {
        if s == "0" { return 0 }
        if s.isEmpty { return nil }
        let units: [(String, Int64)] = [("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000),
                                        ("ms", 1), ("m", 60_000), ("s", 1000)]
        var rest = Substring(s)
        var total: Int64 = 0
        var lastOrder = -1
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            if digits.isEmpty { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (idx, unit) = units.enumerated().first(where: { rest.hasPrefix($0.element.0) }).map({ ($0.offset, $0.element) }) else {
                return nil
            }
            // "ms" must be matched before "m", but units must appear in decreasing order.
            let order = ["y", "w", "d", "h", "m", "s", "ms"].firstIndex(of: unit.0)!
            if order <= lastOrder { return nil }
            _ = idx
            lastOrder = order
            rest = rest.dropFirst(unit.0.count)
            guard let n = Int64(digits) else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: unit.1)
            let (t, o2) = total.addingReportingOverflow(m)
            if o1 || o2 { return nil }
            total = t
        }
        return total
    }
}
