/// Go's float formatting, built on Swift's shortest round-trip digits (both languages print the shortest
/// digits that read back to the same double).

/// The shortest decimal digits of |d| and the position of the decimal point: |d| = 0.DIGITS × 10^point.
func shortestDigits(_ d: Double) -> (digits: [UInt8], point: Int) {
    let text = "\(Swift.abs(d))"
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<e]
        exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits: [UInt8] = []
    var point = 0
    var seenDot = false
    for ch in mantissa.utf8 {
        if ch == UInt8(ascii: ".") { seenDot = true; continue }
        digits.append(ch - 48)
        if !seenDot { point += 1 }
    }
    while let first = digits.first, first == 0 {
        digits.removeFirst()
        point -= 1
    }
    while let last = digits.last, last == 0 { digits.removeLast() }
    if digits.isEmpty { return ([], 0) }
    return (digits, point + exponent)
}

private func digitString(_ digits: ArraySlice<UInt8>) -> String {
    String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
}

/// `strconv.FormatFloat(d, 'f', -1, 64)`: no exponent, shortest digits; `+Inf`, `-Inf`, `NaN`.
func formatGoFloat(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
    let sign = d.sign == .minus && d != 0 ? "-" : ""
    let (digits, point) = shortestDigits(d)
    if digits.isEmpty { return d.sign == .minus ? "-0" : "0" }
    if point <= 0 {
        return sign + "0." + String(repeating: "0", count: -point) + digitString(digits[...])
    }
    if point >= digits.count {
        return sign + digitString(digits[...]) + String(repeating: "0", count: point - digits.count)
    }
    return sign + digitString(digits[..<point]) + "." + digitString(digits[point...])
}

/// Go's `%v` for a float64 (`%g` with shortest digits): exponent form below 1e-4 and from 1e6 on.
func formatGoValue(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
    let (digits, point) = shortestDigits(d)
    if digits.isEmpty { return d.sign == .minus ? "-0" : "0" }
    let exp = point - 1
    if exp < -4 || exp >= 6 {
        let sign = d < 0 ? "-" : ""
        var mant = digitString(digits[..<1])
        if digits.count > 1 { mant += "." + digitString(digits[1...]) }
        let e = Swift.abs(exp)
        return sign + mant + "e" + (exp < 0 ? "-" : "+") + (e < 10 ? "0" : "") + String(e)
    }
    return formatGoFloat(d)
}

/// Go's `%f` (six decimals), used in one error message. Very large values use shortest digits, so the
/// digits after the 17th significant one may differ from Go's exact expansion.
func formatGoFixed6(_ d: Double) -> String {
    if d.isNaN { return "NaN" }
    if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
    let (digits, point) = shortestDigits(d)
    let sign = d < 0 ? "-" : ""
    if digits.isEmpty { return sign + "0.000000" }
    if point >= digits.count {
        return sign + digitString(digits[...]) + String(repeating: "0", count: point - digits.count) + ".000000"
    }
    // Rounded through integers: fine for the magnitudes this is used with.
    let scaled = (Swift.abs(d) * 1_000_000).rounded()
    let whole = Int64(scaled / 1_000_000)
    var frac = String(Int64(scaled) - whole * 1_000_000)
    while frac.count < 6 { frac = "0" + frac }
    return sign + String(whole) + "." + frac
}
