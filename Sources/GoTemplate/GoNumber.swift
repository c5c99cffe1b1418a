import Foundation

/// Go `strconv.ParseInt(s, 0, 64)` and `ParseFloat(s, 64)` syntax.
enum GoNumber {
    static func parseInt(_ text: String) -> Int? {
        var s = Substring(text)
        var neg = false
        if s.hasPrefix("+") || s.hasPrefix("-") { neg = s.first == "-"; s = s.dropFirst() }
        var radix = 10
        let lower = s.lowercased()
        if lower.hasPrefix("0x") { radix = 16; s = s.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; s = s.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; s = s.dropFirst(2) }
        else if s.count > 1 && s.hasPrefix("0") { radix = 8; s = s.dropFirst(1) }
        if s.hasPrefix("_") && radix == 10 { return nil }
        let digits = s.replacingOccurrences(of: "_", with: "")
        if digits.isEmpty { return nil }
        guard let mag = UInt64(digits, radix: radix) else { return nil }
        if neg {
            if mag > UInt64(Int64.max) + 1 { return nil }
            return mag == UInt64(Int64.max) + 1 ? Int.min : -Int(mag)
        }
        if mag > UInt64(Int64.max) { return nil }
        return Int(mag)
    }

    static func parseUInt(_ text: String) -> UInt64? {
        var s = Substring(text)
        var radix = 10
        let lower = s.lowercased()
        if lower.hasPrefix("0x") { radix = 16; s = s.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; s = s.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; s = s.dropFirst(2) }
        else if s.count > 1 && s.hasPrefix("0") { radix = 8; s = s.dropFirst(1) }
        let digits = s.replacingOccurrences(of: "_", with: "")
        return digits.isEmpty ? nil : UInt64(digits, radix: radix)
    }

    static func parseFloat(_ text: String) -> Double? {
        let s = text.replacingOccurrences(of: "_", with: "")
        if s.isEmpty { return nil }
        let body = s.hasPrefix("+") || s.hasPrefix("-") ? String(s.dropFirst()) : s
        guard let first = body.first, first.isNumber || first == "." else { return nil }
        if body.lowercased().hasPrefix("0x") && !body.lowercased().contains("p") { return nil }
        guard let d = Double(s), d.isFinite else { return nil }
        return d
    }
}
