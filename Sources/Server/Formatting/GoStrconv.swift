import TimeSeries

/// Go's `strconv.ParseBool` and `ParseInt(s, 10, 32)`, with their error texts, which Prometheus's API puts
/// in its 400 answers (`strconv.ParseBool: parsing "x": invalid syntax`).
enum GoStrconv {
    static func parseBool(_ s: String) -> Result<Bool, Failure> {
        switch s {
        case "1", "t", "T", "TRUE", "true", "True": return .success(true)
        case "0", "f", "F", "FALSE", "false", "False": return .success(false)
        default: return .failure(Failure("strconv.ParseBool: parsing \(GoQuote.quote(s)): invalid syntax"))
        }
    }

    /// `strconv.ParseInt(s, 10, 32)`: an optional sign and decimal digits (no underscores in base 10); a
    /// value outside the 32-bit range is a range error, reported as soon as the digits overflow, as Go does.
    static func parseInt32(_ s: String) -> Result<Int32, Failure> {
        let syntax = Failure("strconv.ParseInt: parsing \(GoQuote.quote(s)): invalid syntax")
        let range = Failure("strconv.ParseInt: parsing \(GoQuote.quote(s)): value out of range")
        var digits = Substring(s)
        var negative = false
        if let first = digits.first, first == "+" || first == "-" {
            negative = first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return .failure(syntax) }
        var n: UInt64 = 0
        for b in digits.utf8 {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return .failure(syntax) }
            let (times10, o1) = n.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(b - UInt8(ascii: "0")))
            // Go's ParseUint with bitSize 32 stops at the first digit that takes it past 2^32-1.
            if o1 || o2 || sum > UInt64(UInt32.max) { return .failure(range) }
            n = sum
        }
        let cutoff: UInt64 = 1 << 31
        if !negative && n >= cutoff { return .failure(range) }
        if negative && n > cutoff { return .failure(range) }
        return .success(negative ? Int32(truncatingIfNeeded: 0 &- Int64(n)) : Int32(n))
    }

    struct Failure: Error, Equatable, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
