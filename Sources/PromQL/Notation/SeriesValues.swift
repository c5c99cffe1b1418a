import TimeSeries

/// The expanding value notation of test files: `1 2 3`, `0+10x5`, `5-1x3`, `7x2`, `_`, `_x3`, `stale`,
/// and native histograms `{{schema:0 sum:5 count:4 buckets:[1 2 1]}}` (also `{{…}}x3` and `{{A}}+{{B}}x3`).
///
/// promqltest `load` blocks and promtool's `input_series` share it.
public enum SeriesValues {
    /// One position in a series: a float, a histogram, or nothing (`_`).
    public enum Value: Hashable, Sendable {
        case missing
        case float(Double)
        case histogram(NativeHistogram)
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        /// Offset (in Unicode scalars) into the values text where the bad item starts.
        public let offset: Int
        public var description: String { message }
        public init(message: String, offset: Int) {
            self.message = message
            self.offset = offset
        }
    }

    /// The most samples one series may expand to, all its tokens together, so that a typo such as
    /// `1+1x100000000000` (or many large tokens, `0x9999999 0x9999999 ...`) fails instead of exhausting
    /// memory. A native histogram counts as one sample plus one per bucket. Upstream has no limit.
    public static let maximumExpansion = 10_000_000

    /// The error for a series past `maximumExpansion`.
    static func tooLong(at offset: Int) -> Failure {
        Failure(message: "series expands to more than \(maximumExpansion) samples (the limit for one series, native histogram buckets included)",
                offset: offset)
    }

    public static func parse(_ text: String) throws(Failure) -> [Value] {
        let s = Array(text.unicodeScalars)
        var values: [Value] = []
        // Samples plus histogram buckets produced so far, against `maximumExpansion`.
        var cost = 0
        var i = 0
        while i < s.count {
            if s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r" { i += 1; continue }
            let start = i
            if s[i] == "{", i + 1 < s.count, s[i + 1] == "{" {
                let (first, afterFirst) = try histogram(s, at: i)
                i = afterFirst
                var op: Unicode.Scalar?
                var step: NativeHistogram?
                if i < s.count, s[i] == "+" || s[i] == "-", i + 2 < s.count, s[i + 1] == "{", s[i + 2] == "{" {
                    op = s[i]
                    let (h, after) = try histogram(s, at: i + 1)
                    step = h
                    i = after
                }
                var times = 0
                if i < s.count, s[i] == "x" {
                    let (n, after) = try count(s, at: i + 1, start: start)
                    times = n
                    i = after
                } else if op != nil {
                    throw Failure(message: "expected x after histogram expansion", offset: i)
                }
                let each = 1 + Swift.max(first.positiveBuckets.count + first.negativeBuckets.count,
                                          (step?.positiveBuckets.count ?? 0) + (step?.negativeBuckets.count ?? 0))
                // `times` is at most `maximumExpansion`, so this product cannot overflow.
                cost += each * (times + 1)
                if cost > maximumExpansion { throw tooLong(at: start) }
                var current = first
                for k in 0...times {
                    values.append(.histogram(current))
                    if k < times, let step, let op { current = op == "+" ? current.adding(step) : current.subtracting(step) }
                }
                continue
            }
            while i < s.count, !(s[i] == " " || s[i] == "\t" || s[i] == "\n" || s[i] == "\r") { i += 1 }
            var token = ""
            token.unicodeScalars.append(contentsOf: s[start..<i])
            let before = values.count
            try expand(token, offset: start, budget: maximumExpansion - cost, into: &values)
            cost += values.count - before
        }
        return values
    }

    /// Appends the values of one token; `budget` is how many more the series may hold.
    private static func expand(_ token: String, offset: Int, budget: Int, into values: inout [Value]) throws(Failure) {
        if budget < 1 { throw tooLong(at: offset) }
        if token == "_" { values.append(.missing); return }
        if token == "stale" { values.append(.float(StaleNaN.value)); return }
        if let v = parseNumber(token) { values.append(.float(v)); return }
        guard let x = token.lastIndex(of: "x") else {
            throw Failure(message: "invalid value \(quote(token))", offset: offset)
        }
        let head = String(token[..<x])
        let countText = String(token[token.index(after: x)...])
        guard let times = Int(countText), times >= 0, countText.allSatisfy(\.isASCII) else {
            throw Failure(message: "invalid repetition in \(quote(token))", offset: offset)
        }
        guard times <= maximumExpansion else {
            throw Failure(message: "expansion of \(quote(token)) is too long", offset: offset)
        }
        // `axN` is N+1 values, `_xN` N; the bound is checked before anything is allocated.
        if times + (head == "_" ? 0 : 1) > budget { throw tooLong(at: offset) }
        if head == "_" {
            // `_xN` is N missing samples, unlike `axN` which is N+1 values.
            values.append(contentsOf: repeatElement(.missing, count: times))
            return
        }
        if let v = parseNumber(head) {
            values.append(contentsOf: repeatElement(.float(v), count: times + 1))
            return
        }
        guard let (a, b) = splitStep(head) else {
            throw Failure(message: "invalid value \(quote(token))", offset: offset)
        }
        // Add the step again and again, as upstream does, so rounding agrees to the last bit.
        var current = a
        values.reserveCapacity(values.count + times + 1)
        for _ in 0...times {
            values.append(.float(current))
            current += b
        }
    }

    /// Splits `a+b` / `a-b` into start and signed step. The operator is the first `+`/`-` after the start
    /// value, skipping signs that belong to an exponent (`1e-3+1`).
    private static func splitStep(_ head: String) -> (Double, Double)? {
        let chars = Array(head)
        var i = 1
        while i < chars.count {
            if (chars[i] == "+" || chars[i] == "-"), !(chars[i - 1] == "e" || chars[i - 1] == "E") {
                let a = String(chars[..<i])
                let b = String(chars[(i + 1)...])
                if let av = parseNumber(a), let bv = parseNumber(b) {
                    return (av, chars[i] == "+" ? bv : -bv)
                }
            }
            i += 1
        }
        return nil
    }

    private static func count(_ s: [Unicode.Scalar], at i: Int, start: Int) throws(Failure) -> (Int, Int) {
        var j = i
        var n = 0
        while j < s.count, let d = Int(String(s[j])), ("0"..."9").contains(s[j]) {
            n = n * 10 + d
            if n > maximumExpansion { throw Failure(message: "expansion is too long", offset: start) }
            j += 1
        }
        guard j > i else { throw Failure(message: "expected a number after x", offset: i) }
        return (n, j)
    }

    private static func quote(_ s: String) -> String { "\"" + s + "\"" }

    /// A number as PromQL's lexer reads it in series values: decimal integers (a leading `0` is octal
    /// unless the digits rule that out), then floats, `Inf` and `NaN` in any case, with an optional sign.
    /// Hexadecimal is not allowed here, as upstream's lexer says: `0x5` reads as `0` repeated 5 times.
    public static func parseNumber(_ text: String) -> Double? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII else { return nil }
        let lower = body.lowercased()
        if lower == "inf" || lower == "infinity" { return negative ? -.infinity : .infinity }
        if lower == "nan" { return .nan }
        if let v = parseGoInteger(lower) { return negative ? -v : v }
        guard first.isNumber || first == "." else { return nil }
        guard body.allSatisfy({ $0.isASCII && ($0.isNumber || ".+-eE".contains($0)) }) else { return nil }
        guard let v = Double(String(body)) else { return nil }
        return negative ? -v : v
    }

    /// Go's `strconv.ParseFloat`, as the bare scalar lines of test scripts are read: also hexadecimal
    /// (`0x10`, `0x1p-2`), which series values do not allow.
    public static func parseGoFloat(_ text: String) -> Double? {
        if let v = parseNumber(text) { return v }
        var body = Substring(text)
        var sign = 1.0
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        guard body.lowercased().hasPrefix("0x"), body.count > 2,
              body.allSatisfy({ $0.isASCII && ($0.isHexDigit || "xXpP.+-_".contains($0)) }) else { return nil }
        let digits = String(body.filter { $0 != "_" })
        if let i = Int64(digits.dropFirst(2), radix: 16) { return sign * Double(i) }
        return Double(digits).map { sign * $0 }
    }

    /// `strconv.ParseInt(s, 0, 64)` without the sign, for the digits the series lexer lets through:
    /// `017` (octal), `17`, with underscores between digits.
    private static func parseGoInteger(_ s: String) -> Double? {
        var digits = Substring(s)
        var radix = 10
        if digits.hasPrefix("0"), digits.count > 1 { radix = 8; digits = digits.dropFirst() }
        if radix != 10 {
            if digits.hasPrefix("_") { digits = digits.dropFirst() }
            if digits.contains("__") || digits.hasSuffix("_") { return nil }
            digits = Substring(digits.filter { $0 != "_" })
        }
        // Int64(_:radix:) would accept a sign here; Go does not after the prefix.
        guard let first = digits.first, first.isHexDigit, let v = Int64(digits, radix: radix) else { return nil }
        return Double(v)
    }

    private static func histogram(_ s: [Unicode.Scalar], at start: Int) throws(Failure) -> (NativeHistogram, Int) {
        var j = start + 2
        while j + 1 < s.count, !(s[j] == "}" && s[j + 1] == "}") { j += 1 }
        guard j + 1 < s.count else { throw Failure(message: "unterminated histogram", offset: start) }
        var body = ""
        body.unicodeScalars.append(contentsOf: s[(start + 2)..<j])
        do {
            return (try HistogramNotation.parse(body), j + 2)
        } catch {
            throw Failure(message: error.message, offset: start)
        }
    }
}
