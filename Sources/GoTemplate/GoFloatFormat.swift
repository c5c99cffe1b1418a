import Foundation

/// Go `strconv.FormatFloat` for the 'e', 'f' and 'g' formats, shortest (`prec < 0`) or fixed precision.
enum GoFloatFormat {
    /// Shortest decimal digits that round-trip, and the decimal point position
    /// (value = 0.d1d2d3… × 10^dp). Swift's `description` is shortest round-trip, as Go's is.
    static func shortestDigits(_ v: Double) -> (digits: [Character], dp: Int) {
        var s = "\(abs(v))"
        var exp = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(s[s.index(after: e)...]) ?? 0
            s = String(s[..<e])
        }
        var intPart = s
        var frac = ""
        if let dot = s.firstIndex(of: ".") {
            intPart = String(s[..<dot])
            frac = String(s[s.index(after: dot)...])
        }
        var digits = Array(intPart + frac)
        var dp = intPart.count + exp
        while let f = digits.first, f == "0" { digits.removeFirst(); dp -= 1 }
        while let l = digits.last, l == "0" { digits.removeLast() }
        if digits.isEmpty { return (["0"], 1) }
        return (digits, dp)
    }

    static func special(_ v: Double) -> String? {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Inf" : "+Inf" }
        return nil
    }

    static func expString(_ e: Int, upper: Bool) -> String {
        let sign = e < 0 ? "-" : "+"
        let a = abs(e)
        return (upper ? "E" : "e") + sign + (a < 10 ? "0\(a)" : "\(a)")
    }

    static func layoutE(_ digits: [Character], _ dp: Int, prec: Int, upper: Bool) -> String {
        var s = String(digits[0])
        let rest = digits.dropFirst()
        if prec > 0 || (prec < 0 && !rest.isEmpty) {
            s += "."
            var r = String(rest)
            if prec > 0 && r.count < prec { r += String(repeating: "0", count: prec - r.count) }
            s += r
        }
        let isZero = digits == ["0"]
        return s + expString(isZero ? 0 : dp - 1, upper: upper)
    }

    static func layoutF(_ digits: [Character], _ dp: Int, prec: Int) -> String {
        var intPart = ""
        if dp <= 0 { intPart = "0" } else {
            for i in 0..<dp { intPart.append(i < digits.count ? digits[i] : "0") }
        }
        var frac = ""
        let fracCount = prec >= 0 ? prec : max(digits.count - dp, 0)
        for i in 0..<fracCount {
            let idx = dp + i
            frac.append(idx >= 0 && idx < digits.count ? digits[idx] : "0")
        }
        return fracCount > 0 ? intPart + "." + frac : intPart
    }

    /// `strconv.FormatFloat(v, fmt, prec, 64)` for fmt in e, E, f, g, G.
    static func format(_ v: Double, _ fmt: Character, prec: Int) -> String {
        if let s = special(v) { return s }
        let neg = v.sign == .minus
        let sign = neg ? "-" : ""
        if prec >= 0 {
            let cfmt: String
            switch fmt {
            case "e": cfmt = "%.\(prec)e"
            case "E": cfmt = "%.\(prec)E"
            case "f", "F": cfmt = "%.\(prec)f"
            case "g": cfmt = "%.\(prec == 0 ? 1 : prec)g"
            case "G": cfmt = "%.\(prec == 0 ? 1 : prec)G"
            default: cfmt = "%g"
            }
            return String(format: cfmt, v)
        }
        let (digits, dp) = shortestDigits(v)
        switch fmt {
        case "e", "E":
            return sign + layoutE(digits, dp, prec: -1, upper: fmt == "E")
        case "f", "F":
            return sign + layoutF(digits, dp, prec: -1)
        default:
            let exp = digits == ["0"] ? 0 : dp - 1
            if exp < -4 || exp >= 6 {
                return sign + layoutE(digits, dp, prec: -1, upper: fmt == "G")
            }
            return sign + layoutF(digits, dp, prec: -1)
        }
    }
}

extension GoFloatFormat {
    /// `strconv.FormatFloat(v, 'x', prec, 64)`: `0x1.cp+01`.
    static func hexFloat(_ v: Double, prec: Int, upper: Bool) -> String {
        if let s = special(v) { return s }
        let sign = v.sign == .minus ? "-" : ""
        if v == 0 {
            var m = "0x0"
            if prec > 0 { m += "." + String(repeating: "0", count: prec) }
            return sign + (upper ? m.uppercased() : m) + (upper ? "P+00" : "p+00")
        }
        var exp = Int(v.exponent)
        var mant = v.significandBitPattern  // 52 bits
        var lead: UInt64 = 1
        if !v.isNormal {
            // Subnormal: normalize.
            var m = mant
            var e = -1022
            while m & (1 << 52) == 0 { m <<= 1; e -= 1 }
            mant = m & ((1 << 52) - 1)
            exp = e + 1 - 1
        }
        // 52 bits = 13 hex digits.
        var digits = Array(String(mant, radix: 16))
        digits = Array(repeating: "0", count: 13 - digits.count) + digits
        if prec >= 0 && prec < 13 {
            // Round half to even at hex digit prec.
            let shift = UInt64(4 * (13 - prec))
            var full = (lead << 52) | mant
            let half: UInt64 = 1 << (shift - 1)
            let rem = full & ((1 << shift) - 1)
            full >>= shift
            if rem > half || (rem == half && full & 1 == 1) { full += 1 }
            if full >> UInt64(4 * prec) > 1 { full >>= 1; exp += 1 }
            lead = full >> UInt64(4 * prec)
            let fracBits = full & ((1 << UInt64(4 * prec)) - 1)
            let f = String(fracBits, radix: 16)
            digits = prec == 0 ? [] : Array(String(repeating: "0", count: prec - f.count) + f)
        } else {
            while digits.last == "0" { digits.removeLast() }
            if prec > 13 { digits += Array(repeating: "0", count: prec - digits.count) }
        }
        var s = "0x\(lead)"
        if !digits.isEmpty { s += "." + String(digits) }
        if upper { s = s.uppercased() }
        let e = abs(exp)
        s += (upper ? "P" : "p") + (exp < 0 ? "-" : "+") + (e < 10 ? "0\(e)" : "\(e)")
        return sign + s
    }
}
