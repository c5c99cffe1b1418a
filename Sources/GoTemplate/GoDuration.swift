/// Go's `time.Duration.String()`.
enum GoDuration {
    static func string(_ d: Int64) -> String {
        if d == 0 { return "0s" }
        let neg = d < 0
        var u = d.magnitude
        var out: String
        if u < 1_000_000_000 {
            // Sub-second: ns, µs, ms.
            var prec = 0
            var unit: String
            if u < 1000 { return (neg ? "-" : "") + "\(u)ns" }
            if u < 1_000_000 { prec = 3; unit = "µs" } else { prec = 6; unit = "ms" }
            out = fracString(u, prec) + unit
        } else {
            let secsPart = u % 60_000_000_000
            out = fracString(secsPart, 9) + "s"
            u /= 60_000_000_000
            if u > 0 {
                out = "\(u % 60)m" + out
                u /= 60
                if u > 0 { out = "\(u)h" + out }
            }
        }
        return (neg ? "-" : "") + out
    }

    /// `v / 10^prec` with trailing fractional zeros removed.
    static func fracString(_ v: UInt64, _ prec: Int) -> String {
        var p: UInt64 = 1
        for _ in 0..<prec { p *= 10 }
        let whole = v / p
        var frac = v % p
        if frac == 0 { return "\(whole)" }
        var digits = prec
        while frac % 10 == 0 { frac /= 10; digits -= 1 }
        let fs = String(frac)
        return "\(whole)." + String(repeating: "0", count: digits - fs.count) + fs
    }
}
