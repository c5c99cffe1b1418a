import TimeSeries

// Conversions of literal token text, following Go's strconv and Prometheus's model package, because
// PromQL inherits their syntax: integers in Go syntax, floats, durations and Go-quoted strings.

enum GoFloatResult {
    case value(Double), outOfRange, invalid
}

/// Removes Go digit separators, rejecting misplaced ones; `prefixLength` digits of base prefix may be
/// followed directly by an underscore.
private func stripUnderscores(_ s: Substring) -> Substring? {
    guard s.contains("_") else { return s }
    let chars = Array(s.utf8)
    for (i, b) in chars.enumerated() where b == UInt8(ascii: "_") {
        if i == 0 || i == chars.count - 1 { return nil }
        if chars[i + 1] == UInt8(ascii: "_") { return nil }
    }
    return Substring(s.filter { $0 != "_" })
}

/// `strconv.ParseInt(s, 0, 64)` for the forms the lexer produces.
func parseGoInteger(_ s: String) -> Int64? {
    var body = Substring(s)
    var radix = 10
    if body.hasPrefix("0x") || body.hasPrefix("0X") {
        radix = 16
        body = body.dropFirst(2)
        if body.hasPrefix("_") { body = body.dropFirst() }
    } else if body.count > 1, body.hasPrefix("0") {
        radix = 8
        body = body.dropFirst()
        if body.hasPrefix("_") { body = body.dropFirst() }
    }
    guard !body.isEmpty, let digits = stripUnderscores(body) else { return nil }
    guard digits.utf8.allSatisfy({ digitValue(Int32($0)) < UInt32(radix) }) else { return nil }
    return Int64(digits, radix: radix)
}

/// `strconv.ParseFloat(s, 64)` for decimal forms (hex floats need a `p` exponent, which PromQL cannot lex).
func parseGoFloat(_ s: String) -> GoFloatResult {
    if s.hasPrefix("0x") || s.hasPrefix("0X") { return .invalid }
    guard let body = stripUnderscores(Substring(s)) else { return .invalid }
    // Only digits, one dot, and an exponent: Swift's parser would also take "inf", hex and the like.
    var sawDigit = false
    for b in body.utf8 {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
        case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"): continue
        default: return .invalid
        }
    }
    guard sawDigit, let d = Double(String(body)) else { return .invalid }
    if d.isInfinite { return .outOfRange }
    return .value(d)
}

struct DurationParseError: Error {
    var message: String
}

/// Prometheus's `model.ParseDuration`, with its messages: units `y w d h m s ms`, largest first, each once;
/// the total must fit in int64 nanoseconds (about 292 years), as upstream.
func parsePrometheusDuration(_ s: String) throws(DurationParseError) -> PromDuration {
    if s == "0" { return .zero }
    if s.isEmpty { throw DurationParseError(message: "empty duration string") }
    let invalid = DurationParseError(message: "not a valid duration string: \(quoteGo(s))")
    // (unit, order, nanoseconds)
    let units: [String: (Int, UInt64)] = [
        "ms": (7, 1_000_000), "s": (6, 1_000_000_000), "m": (5, 60_000_000_000), "h": (4, 3_600_000_000_000),
        "d": (3, 86_400_000_000_000), "w": (2, 604_800_000_000_000), "y": (1, 31_536_000_000_000_000),
    ]
    let b = Array(s.utf8)
    var i = 0
    var totalNs: UInt64 = 0
    var lastOrder = 0
    while i < b.count {
        guard b[i] >= 48, b[i] <= 57 else { throw invalid }
        var v: UInt64 = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(b[i] - 48))
            if o1 || o2 { throw invalid }
            v = a
            i += 1
        }
        let unitStart = i
        while i < b.count, !(b[i] >= 48 && b[i] <= 57) { i += 1 }
        if i == unitStart { throw invalid }
        let unit = String(decoding: b[unitStart..<i], as: UTF8.self)
        guard let (order, mult) = units[unit] else {
            throw DurationParseError(message: "unknown unit \(quoteGo(unit)) in duration \(quoteGo(s))")
        }
        if order <= lastOrder { throw invalid }
        lastOrder = order
        if v > (UInt64(1) << 63) / mult { throw DurationParseError(message: "duration out of range") }
        totalNs += v * mult
        if totalNs > UInt64(Int64.max) { throw DurationParseError(message: "duration out of range") }
    }
    return PromDuration(milliseconds: Int64(totalNs / 1_000_000))
}

/// Go's unquoting of `"..."`, `'...'` and raw strings; escapes were validated by the lexer. Byte escapes
/// that do not form valid UTF-8 become U+FFFD (Swift strings hold valid Unicode only).
func unquoteGoString(_ quoted: String) -> String {
    let b = Array(quoted.utf8)
    guard b.count >= 2 else { return "" }
    let quote = b[0]
    let body = b[1..<(b.count - 1)]
    if quote == UInt8(ascii: "`") {
        return String(decoding: body.filter { $0 != 0x0D }, as: UTF8.self)
    }
    var out: [UInt8] = []
    out.reserveCapacity(body.count)
    var i = body.startIndex
    func appendScalar(_ v: UInt32) {
        if let s = Unicode.Scalar(v) { out.append(contentsOf: Array(String(Character(s)).utf8)) }
        else { out.append(contentsOf: [0xEF, 0xBF, 0xBD]) }
    }
    func hexValue(_ from: Int, _ count: Int, radix: UInt32) -> UInt32 {
        var v: UInt32 = 0
        for k in from..<min(from + count, body.endIndex) { v = v &* radix &+ min(digitValue(Int32(body[k])), radix - 1) }
        return v
    }
    while i < body.endIndex {
        let ch = body[i]
        if ch != UInt8(ascii: "\\") { out.append(ch); i += 1; continue }
        guard i + 1 < body.endIndex else { break }
        let e = body[i + 1]
        i += 2
        switch e {
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "x"): out.append(UInt8(truncatingIfNeeded: hexValue(i, 2, radix: 16))); i += 2
        case UInt8(ascii: "u"): appendScalar(hexValue(i, 4, radix: 16)); i += 4
        case UInt8(ascii: "U"): appendScalar(hexValue(i, 8, radix: 16)); i += 8
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            out.append(UInt8(truncatingIfNeeded: hexValue(i - 1, 3, radix: 8))); i += 2
        default: out.append(e)
        }
    }
    return String(decoding: out, as: UTF8.self)
}
