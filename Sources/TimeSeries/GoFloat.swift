import Foundation

/// Go's float formatting (`strconv.FormatFloat`), which Prometheus uses in label values (`count_values`),
/// error messages (`%g`) and annotations, so the text matches upstream to the character.
public enum GoFloat {
    /// The shortest decimal digits that round-trip to `v` (positive, finite, non-zero), and the position
    /// of the decimal point relative to them: `digits` × 10^(`decimalPoint` − count).
    static func shortestDigits(_ v: Double) -> (digits: [UInt8], decimalPoint: Int) {
        // Swift's description is the shortest round-tripping form, as Go's shortest mode is.
        let text = "\(v)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [UInt8] = []
        var decimalPoint = 0
        var seenPoint = false
        for ch in mantissa {
            if ch == "." { seenPoint = true; continue }
            guard let d = ch.asciiValue, d >= 48, d <= 57 else { continue }
            digits.append(d - 48)
            if !seenPoint { decimalPoint += 1 }
        }
        decimalPoint += exponent
        while let first = digits.first, first == 0, digits.count > 1 { digits.removeFirst(); decimalPoint -= 1 }
        while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast() }
        return (digits, decimalPoint)
    }

    private static func special(_ v: Double) -> String? {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        return nil
    }

    /// `strconv.FormatFloat(v, 'g', -1, 64)`, also what `%g` and `%v` print.
    public static func formatG(_ v: Double) -> String {
        if let s = special(v) { return s }
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        let negative = v < 0
        let (digits, dp) = shortestDigits(abs(v))
        let exp = dp - 1
        // In shortest mode Go decides with precision 6: exponent form below 1e-4 and from 1e+6 on.
        let body = exp < -4 || exp >= 6
            ? exponential(digits, exp: exp, fractionDigits: digits.count - 1)
            : fixed(digits, dp: dp, fractionDigits: max(digits.count - dp, 0))
        return (negative ? "-" : "") + body
    }

    /// `strconv.FormatFloat(v, 'f', -1, 64)`: no exponent, as few digits as round-trip.
    public static func formatF(_ v: Double) -> String {
        if let s = special(v) { return s }
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        let (digits, dp) = shortestDigits(abs(v))
        return (v < 0 ? "-" : "") + fixed(digits, dp: dp, fractionDigits: max(digits.count - dp, 0))
    }

    /// `%.Ng`/`%.Ne`/`%.Nf` with an explicit precision, through C's correctly rounded printf, whose
    /// output for these verbs agrees with Go's except for the spelling of infinities and NaN.
    public static func format(_ v: Double, verb: Character, precision: Int) -> String {
        if let s = special(v) { return s }
        return String(format: "%.\(precision)\(verb)", v)
    }

    private static func fixed(_ digits: [UInt8], dp: Int, fractionDigits: Int) -> String {
        var out = ""
        if dp <= 0 {
            out = "0"
        } else {
            for i in 0..<dp { out.append(i < digits.count ? Character(String(digits[i])) : "0") }
        }
        if fractionDigits > 0 {
            out.append(".")
            for i in 0..<fractionDigits {
                let index = dp + i
                out.append(index >= 0 && index < digits.count ? Character(String(digits[index])) : "0")
            }
        }
        return out
    }

    private static func exponential(_ digits: [UInt8], exp: Int, fractionDigits: Int) -> String {
        var out = String(digits[0])
        if fractionDigits > 0 {
            out.append(".")
            for i in 1...fractionDigits { out.append(i < digits.count ? Character(String(digits[i])) : "0") }
        }
        out.append("e")
        out.append(exp < 0 ? "-" : "+")
        let e = abs(exp)
        out.append(e < 10 ? "0\(e)" : "\(e)")
        return out
    }
}

extension GoFloat {
    /// `strconv.FormatFloat(v, 'E', -1, 64)`: the shortest digits in exponent form, `3.5E+01`.
    public static func formatExponent(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        if v == 0 { return v.sign == .minus ? "-0E+00" : "0E+00" }
        let (digits, dp) = shortestDigits(abs(v))
        var out = v < 0 ? "-" : ""
        out += String(digits[0])
        if digits.count > 1 { out += "." + digits.dropFirst().map(String.init).joined() }
        let exp = dp - 1
        out += exp < 0 ? "E-" : "E+"
        out += abs(exp) < 10 ? "0\(abs(exp))" : "\(abs(exp))"
        return out
    }
}
