/// Go's `%v`/`%g` formatting of a float64 (shortest digits; exponent form when the exponent is below -4 or
/// at least 6 digits). Failure messages print numbers the way upstream's runner does, so a message from
/// this runner can be compared by eye with one from `go test`.
enum GoFloatFormat {
    static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v == .infinity { return "+Inf" }
        if v == -.infinity { return "-Inf" }
        if v == 0 { return v.sign == .minus ? "-0" : "0" }
        let (negative, digits, exponent) = decompose(v)
        let sign = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            // %e with the shortest digits: d.ddde±XX
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let e = abs(exponent)
            let expText = e < 10 ? "0\(e)" : "\(e)"
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + expText
        }
        // %f with exactly the shortest digits.
        if exponent < 0 {
            return sign + "0." + String(repeating: "0", count: -exponent - 1) + digits
        }
        if digits.count <= exponent + 1 {
            return sign + digits + String(repeating: "0", count: exponent + 1 - digits.count)
        }
        let cut = digits.index(digits.startIndex, offsetBy: exponent + 1)
        return sign + digits[..<cut] + "." + digits[cut...]
    }

    /// Shortest round-tripping decimal digits (no leading/trailing zeros) and the decimal exponent of the
    /// first digit, taken from Swift's own shortest representation.
    private static func decompose(_ v: Double) -> (Bool, String, Int) {
        var text = "\(abs(v))"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        var intPart = text
        var fracPart = ""
        if let dot = text.firstIndex(of: ".") {
            intPart = String(text[..<dot])
            fracPart = String(text[text.index(after: dot)...])
        }
        var all = intPart + fracPart
        var pointPosition = intPart.count + exponent
        while all.hasPrefix("0") && all.count > 1 { all.removeFirst(); pointPosition -= 1 }
        while all.hasSuffix("0") && all.count > 1 { all.removeLast() }
        return (v < 0, all, pointPosition - 1)
    }

    /// `%g` of a float slice: `[1 2 3]`.
    static func format(_ values: [Double]) -> String {
        "[" + values.map(format).joined(separator: " ") + "]"
    }
}
