import Foundation
import TimeSeries

/// Binary operators between scalars and vectors, with `bool` and vector matching, as in Prometheus.
/// https://grafana.com/docs/loki/latest/query/ "Binary operators" (arithmetic, logical/set and comparison
/// operators, "Vector matching").
enum BinaryEvaluation {
    typealias Element = VectorFunctions.Element
    typealias Value = EvaluationPlan.Value

    static func evaluate(_ b: BinaryOperation, _ lhs: Value, _ rhs: Value) throws(LogQLQueryError) -> Value {
        switch (lhs, rhs) {
        case (.scalar(let l), .scalar(let r)):
            let (v, keep) = apply(b.op, l, r)
            if b.op.isComparison && !b.returnBool {
                // Between two scalars a comparison needs `bool` (the parser requires it); be safe anyway.
                return .scalar(keep ? v : .nan)
            }
            return .scalar(b.op.isComparison ? (keep ? 1 : 0) : v)
        case (.vector(let l), .scalar(let r)):
            return .vector(withScalar(b, l, r, scalarOnLeft: false))
        case (.scalar(let l), .vector(let r)):
            return .vector(withScalar(b, r, l, scalarOnLeft: true))
        case (.vector(let l), .vector(let r)):
            return .vector(try vectors(b, l, r))
        }
    }

    /// The arithmetic result, and for comparisons whether the pair passes.
    static func apply(_ op: BinaryOperator, _ l: Double, _ r: Double) -> (Double, Bool) {
        switch op {
        case .add: return (l + r, true)
        case .sub: return (l - r, true)
        case .mul: return (l * r, true)
        case .div: return (l / r, true)
        case .mod: return (fmod(l, r), true)
        case .pow: return (pow(l, r), true)
        case .equal: return (l, l == r)
        case .notEqual: return (l, l != r)
        case .greater: return (l, l > r)
        case .greaterOrEqual: return (l, l >= r)
        case .less: return (l, l < r)
        case .lessOrEqual: return (l, l <= r)
        case .and, .or, .unless: return (l, true)
        }
    }

    private static func withScalar(_ b: BinaryOperation, _ v: [Element], _ s: Double, scalarOnLeft: Bool) -> [Element] {
        var out: [Element] = []
        for e in v {
            let (l, r) = scalarOnLeft ? (s, e.value) : (e.value, s)
            var (value, keep) = apply(b.op, l, r)
            if b.op.isComparison {
                // A comparison keeps the vector's value, whichever side the vector is on.
                if b.returnBool { value = keep ? 1 : 0; keep = true } else { value = e.value }
            }
            if keep { out.append((labels: e.labels, value: value)) }
        }
        return out
    }

    /// The labels two elements are matched on.
    private static func signature(_ labels: Labels, _ m: VectorMatching?) -> Labels {
        guard let m else { return labels }
        return m.on ? labels.keeping(Set(m.labels)) : labels.removing(Set(m.labels))
    }

    private static func vectors(_ b: BinaryOperation, _ lhs: [Element], _ rhs: [Element]) throws(LogQLQueryError) -> [Element] {
        let m = b.matching
        switch b.op {
        case .and:
            let right = Set(rhs.map { signature($0.labels, m) })
            return lhs.filter { right.contains(signature($0.labels, m)) }
        case .unless:
            let right = Set(rhs.map { signature($0.labels, m) })
            return lhs.filter { !right.contains(signature($0.labels, m)) }
        case .or:
            let left = Set(lhs.map { signature($0.labels, m) })
            return lhs + rhs.filter { !left.contains(signature($0.labels, m)) }
        default:
            break
        }
        let card = m?.card
        // The "one" side is indexed by signature; with group_right the right side is the "many" side.
        let (many, one) = card == .groupRight ? (rhs, lhs) : (lhs, rhs)
        var oneBySignature: [Labels: Element] = [:]
        for e in one {
            let sig = signature(e.labels, m)
            if oneBySignature[sig] != nil {
                throw LogQLQueryError("found duplicate series for the match group \(sig) on the \(card == .groupRight ? "left" : "right") hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side")
            }
            oneBySignature[sig] = e
        }
        var out: [Element] = []
        var seenOneToOne = Set<Labels>()
        var seenResults = Set<Labels>()
        for e in many {
            let sig = signature(e.labels, m)
            guard let other = oneBySignature[sig] else { continue }
            if card == nil, !seenOneToOne.insert(sig).inserted {
                throw LogQLQueryError("found duplicate series for the match group \(sig) on the left hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side")
            }
            let (l, r) = card == .groupRight ? (other, e) : (e, other)
            var (value, keep) = apply(b.op, l.value, r.value)
            if b.op.isComparison {
                if b.returnBool { value = keep ? 1 : 0; keep = true } else { value = l.value }
            }
            guard keep else { continue }
            let labels = resultLabels(many: e.labels, one: other.labels, m)
            if !seenResults.insert(labels).inserted {
                throw LogQLQueryError("multiple matches for labels: grouping labels must ensure unique matches")
            }
            out.append((labels: labels, value: value))
        }
        return out
    }

    /// One-to-one results keep the matched labels only (`on`) or drop the ignored ones; many-to-one results
    /// keep the "many" side's labels plus the `group_left(...)`/`group_right(...)` labels of the "one" side.
    private static func resultLabels(many: Labels, one: Labels, _ m: VectorMatching?) -> Labels {
        guard let m else { return many }
        guard m.card != nil else { return signature(many, m) }
        var labels = many
        for name in m.include {
            labels = labels.setting(name, to: one[name] ?? "")
        }
        return labels
    }
}
