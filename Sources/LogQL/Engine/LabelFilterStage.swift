import TimeSeries

/// A compiled label filter. Comparisons are typed by the literal: a number, a duration or a byte size
/// compares the label's value read as that type; a string compares the text.
/// https://grafana.com/docs/loki/latest/query/log_queries/ "Label filter expression".
///
/// When a value cannot be read as the literal's type, the line is kept and `__error__="LabelFilterErr"` is set
/// (the documentation: "the log line is not filtered and an `__error__` label is added").
indirect enum LabelFilterStage: Sendable {
    case matcher(LabelMatcher)
    case ip(label: String, negated: Bool, IPMatcher)
    case number(label: String, ComparisonOperator, Double)
    case duration(label: String, ComparisonOperator, Int64)
    case bytes(label: String, ComparisonOperator, Double)
    case and(LabelFilterStage, LabelFilterStage)
    case or(LabelFilterStage, LabelFilterStage)

    init(_ filter: LabelFilter) throws(PipelineCompileError) {
        // A filter of many `and`s is a deep tree; compiling recurses, so it runs on a large stack.
        self = try LargeStack.run { () throws(PipelineCompileError) in try LabelFilterStage.compile(filter) }
    }

    private static func compile(_ filter: LabelFilter) throws(PipelineCompileError) -> LabelFilterStage {
        switch filter.kind {
        case .matcher(let m):
            do { return .matcher(try m.labelMatcher()) } catch {
                throw PipelineCompileError("invalid regex \(quoteGo(m.value)): \(error)")
            }
        case .ip(let label, let negated, let spec):
            guard let m = IPMatcher(spec) else { throw PipelineCompileError("invalid ip range \(quoteGo(spec))") }
            return .ip(label: label, negated: negated, m)
        case .number(let label, let op, let v): return .number(label: label, op, v)
        case .duration(let label, let op, let d): return .duration(label: label, op, d.nanoseconds)
        case .bytes(let label, let op, let b): return .bytes(label: label, op, Double(b))
        case .and(let l, let r): return .and(try compile(l), try compile(r))
        case .or(let l, let r): return .or(try compile(l), try compile(r))
        }
    }

    func keeps(_ labels: inout LabelsBuilder) -> Bool {
        switch self {
        case .matcher(let m):
            return m.matches(labels[m.name] ?? "")
        case .ip(let label, let negated, let m):
            guard let v = labels[label] else { return negated }
            return m.matchesValue(v) != negated
        case .number(let label, let op, let literal):
            guard let text = labels[label] else { return false }
            guard let v = parseGoFloat(text) else {
                labels.setError("LabelFilterErr", details: "strconv.ParseFloat: parsing \(quoteGo(text)): invalid syntax")
                return true
            }
            return LabelFilterStage.compare(v, op, literal)
        case .duration(let label, let op, let literal):
            guard let text = labels[label] else { return false }
            guard let v = LogQLDuration(parsing: text) else {
                labels.setError("LabelFilterErr", details: "time: invalid duration \(quoteGo(text))")
                return true
            }
            return LabelFilterStage.compare(Double(v.nanoseconds), op, Double(literal))
        case .bytes(let label, let op, let literal):
            guard let text = labels[label] else { return false }
            guard let v = ByteSize.parse(text) else {
                labels.setError("LabelFilterErr", details: "invalid bytes value \(quoteGo(text))")
                return true
            }
            return LabelFilterStage.compare(v, op, literal)
        case .and(let l, let r):
            // Both sides run, so an error on either is recorded, as a chain of filters would record it.
            let a = l.keeps(&labels)
            return r.keeps(&labels) && a
        case .or(let l, let r):
            let a = l.keeps(&labels)
            return r.keeps(&labels) || a
        }
    }

    static func compare(_ a: Double, _ op: ComparisonOperator, _ b: Double) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        }
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for the forms labels hold: decimal and exponent notation, `Inf`, `NaN`,
/// an optional sign, `_` never. nil when the text is not a number.
func parseGoFloat(_ text: String) -> Double? {
    guard !text.isEmpty, !text.contains("_"), !text.contains(" ") else { return nil }
    var body = Substring(text)
    var sign = 1.0
    if body.first == "+" || body.first == "-" { sign = body.first == "-" ? -1 : 1; body = body.dropFirst() }
    switch body.lowercased() {
    case "inf", "infinity": return sign * .infinity
    case "nan": return .nan
    default: break
    }
    guard let first = body.first, first.isASCIIDigit || first == "." else { return nil }
    guard let v = Double(body) else { return nil }
    return sign * v
}
