import Foundation
import TimeSeries

/// Binary operators: scalar/scalar, vector/scalar, vector/vector with label matching, and the set
/// operators `and`, `or`, `unless`.
extension Evaluator {
    func evalBinary(_ b: BinaryExpr) throws(QueryError) -> StepMatrix {
        let savedStatsDecoding = histogramStatsDecoding
        defer { histogramStatsDecoding = savedStatsDecoding }
        // Trimming needs the buckets.
        if b.op == .trimUpper || b.op == .trimLower { histogramStatsDecoding = false }
        let lt = b.lhs.type, rt = b.rhs.type
        switch (lt, rt) {
        case (.scalar, .scalar):
            return try rangeEval([b.lhs, b.rhs]) { inputs, _ throws(QueryError) in
                [Element(labels: .empty, f: Evaluator.scalarOp(b.op, inputs[0][0].f, inputs[1][0].f))]
            }
        case (.vector, .scalar), (.scalar, .vector):
            let vectorOnLeft = lt == .vector
            return try rangeEval([b.lhs, b.rhs]) { inputs, _ throws(QueryError) in
                let vector = vectorOnLeft ? inputs[0] : inputs[1]
                let scalar = vectorOnLeft ? inputs[1][0].f : inputs[0][0].f
                return self.vectorScalar(b, vector, scalar, swapped: !vectorOnLeft)
            }
        default:
            let matching = b.matching ?? VectorMatching()
            let cache = ResultLabelCache()
            return try rangeEval([b.lhs, b.rhs], matching: matching) { inputs, _ throws(QueryError) in
                switch b.op {
                case .and: return Evaluator.and(inputs[0], inputs[1])
                case .or: return Evaluator.or(inputs[0], inputs[1])
                case .unless: return Evaluator.unless(inputs[0], inputs[1])
                default: return try self.vectorVector(b, matching, inputs[0], inputs[1], cache)
                }
            }
        }
    }

    static func scalarOp(_ op: BinaryOp, _ l: Double, _ r: Double) -> Double {
        switch op {
        case .add: return l + r
        case .sub: return l - r
        case .mul: return l * r
        case .div: return l / r
        case .pow: return pow(l, r)
        case .mod: return fmod(l, r)
        case .atan2: return atan2(l, r)
        case .eql: return l == r ? 1 : 0
        case .neq: return l != r ? 1 : 0
        case .gtr: return l > r ? 1 : 0
        case .lss: return l < r ? 1 : 0
        case .gte: return l >= r ? 1 : 0
        case .lte: return l <= r ? 1 : 0
        default: return .nan
        }
    }

    /// Whether an arithmetic operator changes what the metric means, so its name must go.
    static func changesMetricSchema(_ op: BinaryOp) -> Bool {
        switch op {
        case .add, .sub, .mul, .div, .pow, .mod, .atan2: return true
        default: return false
        }
    }

    /// One element operation. Returns the value (or histogram), and whether a comparison kept the element;
    /// `nil` when the operand types cannot be combined (an info annotation upstream).
    private func elementOp(_ op: BinaryOp, _ l: Double, _ r: Double, _ hl: NativeHistogram?, _ hr: NativeHistogram?,
                           _ b: BinaryExpr) -> (Double, NativeHistogram?, Bool)? {
        switch (hl, hr) {
        case (nil, nil):
            switch op {
            case .eql: return (l, nil, l == r)
            case .neq: return (l, nil, l != r)
            case .gtr: return (l, nil, l > r)
            case .lss: return (l, nil, l < r)
            case .gte: return (l, nil, l >= r)
            case .lte: return (l, nil, l <= r)
            case .trimUpper, .trimLower:
                incompatible(op, "float", "float", b)
                return nil
            default: return (Evaluator.scalarOp(op, l, r), nil, true)
            }
        case (nil, let h?):
            if op == .mul { return (0, HistogramBinaryOperation.multiply(h, by: l), true) }
            incompatible(op, "float", "histogram", b)
            return nil
        case (let h?, nil):
            switch op {
            case .mul: return (0, HistogramBinaryOperation.multiply(h, by: r), true)
            case .div: return (0, HistogramBinaryOperation.divide(h, by: r), true)
            case .trimUpper: return (0, HistogramBinaryOperation.trim(h, r, keepBelow: true), true)
            case .trimLower: return (0, HistogramBinaryOperation.trim(h, r, keepBelow: false), true)
            default:
                incompatible(op, "histogram", "float", b)
                return nil
            }
        case (let a?, let c?):
            switch op {
            case .add, .sub:
                let result = op == .add ? HistogramBinaryOperation.add(a, c) : HistogramBinaryOperation.subtract(a, c)
                annotations.add(result.annotations, at: Expr.binary(b).range)
                // Upstream returns the counter reset collision as the operation's error: the element is dropped.
                if result.annotations.contains(where: { if case .counterResetCollision = $0 { return true }; return false }) {
                    return nil
                }
                guard let h = result.histogram else { return nil }
                return (0, h, true)
            case .eql: return (0, a, a == c)
            case .neq: return (0, a, a != c)
            default:
                incompatible(op, "histogram", "histogram", b)
                return nil
            }
        }
    }

    private func incompatible(_ op: BinaryOp, _ l: String, _ r: String, _ b: BinaryExpr) {
        annotations.info("incompatible sample types encountered for binary operator \"\(op.rawValue)\": \(l) \(op.rawValue) \(r)",
                         at: Expr.binary(b).range)
    }

    private func vectorScalar(_ b: BinaryExpr, _ vector: [Element], _ scalar: Double, swapped: Bool) -> [Element] {
        var out: [Element] = []
        out.reserveCapacity(vector.count)
        for var e in vector {
            var l = e.f, r = scalar
            var hl = e.h, hr: NativeHistogram? = nil
            if swapped { swap(&l, &r); swap(&hl, &hr) }
            guard var (value, histogram, keep) = elementOp(b.op, l, r, hl, hr, b) else { continue }
            // A comparison with the scalar on the left filters but keeps the vector's value.
            if b.op.isComparison && swapped { value = r; histogram = hr }
            if b.returnBool {
                value = keep ? 1 : 0
                histogram = nil
                keep = true
            }
            guard keep else { continue }
            e.f = value
            e.h = histogram
            if Evaluator.changesMetricSchema(b.op) || b.returnBool {
                if !options.delayedNameRemoval { e.labels = e.labels.droppingMetricName }
                e.dropName = true
            }
            out.append(e)
        }
        return out
    }

    static func and(_ lhs: [Element], _ rhs: [Element]) -> [Element] {
        if lhs.isEmpty || rhs.isEmpty { return [] }
        let right = Set(rhs.map(\.sig))
        return lhs.filter { right.contains($0.sig) }
    }

    static func or(_ lhs: [Element], _ rhs: [Element]) -> [Element] {
        if lhs.isEmpty { return rhs }
        if rhs.isEmpty { return lhs }
        let left = Set(lhs.map(\.sig))
        return lhs + rhs.filter { !left.contains($0.sig) }
    }

    static func unless(_ lhs: [Element], _ rhs: [Element]) -> [Element] {
        if lhs.isEmpty || rhs.isEmpty { return lhs }
        let right = Set(rhs.map(\.sig))
        return lhs.filter { !right.contains($0.sig) }
    }

    /// Arithmetic and comparison between two vectors: each left element meets the right element with the
    /// same signature; `group_left`/`group_right` let one side hold several matches.
    private func vectorVector(_ b: BinaryExpr, _ matching: VectorMatching, _ lhsIn: [Element], _ rhsIn: [Element],
                              _ cache: ResultLabelCache) throws(QueryError) -> [Element] {
        let fillLeft = matching.fillLeft, fillRight = matching.fillRight
        if (lhsIn.isEmpty && rhsIn.isEmpty) || ((lhsIn.isEmpty || rhsIn.isEmpty) && fillLeft == nil && fillRight == nil) {
            return []
        }
        var lhs = lhsIn, rhs = rhsIn
        // With group_right the sides swap, but the fill values do not (as upstream): `fill_right` then
        // fills for the "many" side's unmatched series, `fill_left` for the "one" side's.
        let fillForRight = fillRight, fillForLeft = fillLeft
        if matching.card == .oneToMany { swap(&lhs, &rhs) }
        // The "one" side: every signature may appear at most once.
        var rightBySig: [Int: Element] = [:]
        for r in rhs {
            if let previous = rightBySig[r.sig] {
                let side = matching.card == .oneToMany ? "left" : "right"
                let group = Evaluator.matchLabels(r.labels, matching)
                var pair = [r.labels.description, previous.labels.description]
                pair.sort()
                throw error("found duplicate series for the match group \(group) on the \(side) hand-side of the operation: [\(pair[0]), \(pair[1])];many-to-many matching not allowed: matching labels must be unique on one side")
            }
            rightBySig[r.sig] = r
        }
        var matchedOneToOne = Set<Int>()
        var matchedMany: [Int: Set<Int>] = [:]
        var out: [Element] = []

        func apply(_ ls: Element, _ rs: Element) throws(QueryError) {
            var l = ls, r = rs
            if matching.card == .oneToMany { swap(&l, &r) }
            guard var (value, histogram, keep) = elementOp(b.op, l.f, r.f, l.h, r.h, b) else { return }
            if b.returnBool {
                histogram = nil
                value = keep ? 1 : 0
            }
            let (metric, metricHash) = cache.labels(ls.series, rs.series) {
                resultMetric(ls.labels, rs.labels, b.op, matching, dropName: !options.delayedNameRemoval && b.returnBool)
            }
            if matching.card == .oneToOne {
                if !matchedOneToOne.insert(ls.sig).inserted {
                    throw error("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                }
            } else if !matchedMany[ls.sig, default: []].insert(metricHash).inserted {
                throw error("multiple matches for labels: grouping labels must ensure unique matches")
            }
            if !keep && !b.returnBool { return }
            out.append(Element(labels: metric, f: value, h: histogram, dropName: b.returnBool))
        }

        for ls in lhs {
            if let rs = rightBySig[ls.sig] {
                try apply(ls, rs)
            } else if let fill = fillForRight {
                try apply(ls, Element(labels: Evaluator.matchLabels(ls.labels, matching), f: fill, sig: ls.sig))
            }
        }
        if let fill = fillForLeft {
            for rs in rhs {
                let matched = matching.card == .oneToOne ? matchedOneToOne.contains(rs.sig) : !(matchedMany[rs.sig]?.isEmpty ?? true)
                if matched { continue }
                try apply(Element(labels: Evaluator.matchLabels(rs.labels, matching), f: fill, sig: rs.sig), rs)
            }
        }
        return out
    }

    /// The result labels of each pair of input series, computed once per query rather than once per step.
    /// The labels come with their hash, which the "unique matches" check compares instead of the labels.
    final class ResultLabelCache {
        private var byPair: [Int: (Labels, Int)] = [:]

        func labels(_ left: Int, _ right: Int, _ make: () -> Labels) -> (Labels, Int) {
            guard left >= 0, right >= 0, left < 1 << 31, right < 1 << 31 else {
                let made = make()
                return (made, made.hashValue)
            }
            let key = left << 32 | right
            if let cached = byPair[key] { return cached }
            let made = make()
            let entry = (made, made.hashValue)
            byPair[key] = entry
            return entry
        }
    }

    /// The labels of `on(...)`, or all but `ignoring(...)`'s and the name: the match group, and what a
    /// fill-in element carries.
    static func matchLabels(_ labels: Labels, _ matching: VectorMatching) -> Labels {
        matching.on ? labels.keeping(Set(matching.matchingLabels))
            : labels.removing(Set(matching.matchingLabels).union([Label.metricName]))
    }

    /// The labels of a vector/vector result: the "many" side's labels, reduced to the matching labels for
    /// one-to-one matching, plus the `group_x(...)` labels copied from the "one" side.
    private func resultMetric(_ lhs: Labels, _ rhs: Labels, _ op: BinaryOp, _ matching: VectorMatching, dropName: Bool) -> Labels {
        var result = lhs
        if dropName || Evaluator.changesMetricSchema(op) { result = result.droppingMetricName }
        if matching.card == .oneToOne {
            if matching.on {
                result = result.keeping(Set(matching.matchingLabels))
            } else {
                result = result.removing(Set(matching.matchingLabels))
            }
        }
        for name in matching.include {
            result = result.setting(name, to: rhs[name] ?? "")
        }
        return result
    }
}
