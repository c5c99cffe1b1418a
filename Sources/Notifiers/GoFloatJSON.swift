/// A float64 as Go's `encoding/json` writes it: the shortest digits that read back to the same value,
/// in plain decimal for 1e-6 ≤ |x| < 1e21 and in exponent form (`1e+21`, `1e-7`) outside that range.
/// Infinities and NaN, which Go refuses to encode, are written as `null`.
enum GoFloatJSON {
    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        let sign = d < 0 ? "-" : ""
        let (digits, exponent) = shortestDigits(abs(d))
        let a = abs(d)
        if a >= 1e-6 && a < 1e21 {
            return sign + fixed(digits, exponent)
        }
        var mantissa = String(digits.first ?? "0")
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let e = exponent < 0 ? "-" + String(-exponent) : "+" + (exponent < 10 ? "0" : "") + String(exponent)
        return sign + mantissa + "e" + e
    }

    /// The significant digits of Swift's shortest round-trip description (the same digits Go's
    /// `strconv.FormatFloat(x, 'g', -1, 64)` finds) and the decimal exponent of the first digit.
    static func shortestDigits(_ a: Double) -> (String, Int) {
        let text = a.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var all = intPart + fracPart
        // Position of the first digit relative to the decimal point, before leading zeros are removed.
        var firstExponent = intPart.count - 1 + exponent
        while all.hasPrefix("0") && all.count > 1 {
            all.removeFirst()
            firstExponent -= 1
        }
        while all.hasSuffix("0") && all.count > 1 { all.removeLast() }
        return (all, firstExponent)
    }

    private static func fixed(_ digits: String, _ exponent: Int) -> String {
        if exponent < 0 { return "0." + String(repeating: "0", count: -exponent - 1) + digits }
        let intCount = exponent + 1
        if digits.count <= intCount { return digits + String(repeating: "0", count: intCount - digits.count) }
        return String(digits.prefix(intCount)) + "." + digits.dropFirst(intCount)
    }
}
