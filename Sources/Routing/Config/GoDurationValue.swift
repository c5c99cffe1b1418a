import ConfigYAML
import TimeSeries

/// A Go `time.Duration` in a configuration file (`timeout: 10s`, `retry: 1m30s`, `1.5h`), read with
/// `time.ParseDuration`: units ns, us/µs, ms, s, m, h, an optional sign, fractions. Nanoseconds.
public struct GoDurationValue: Sendable, Hashable, Comparable, Decodable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let n = Self.parse(text) else { throw ConfigValueError("time: invalid duration \(quoteGo(text))") }
        nanoseconds = n
    }

    public static let zero = GoDurationValue(nanoseconds: 0)
    public var seconds: Double { Double(nanoseconds) / 1e9 }
    public var description: String { "\(nanoseconds)ns" }
    public static func < (a: GoDurationValue, b: GoDurationValue) -> Bool { a.nanoseconds < b.nanoseconds }

    static func parse(_ s: String) -> Int64? {
        var b = Array(s.utf8)[...]
        var negative = false
        if let f = b.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") { negative = f == UInt8(ascii: "-"); b = b.dropFirst() }
        if b.elementsEqual("0".utf8) { return 0 }
        guard !b.isEmpty else { return nil }
        let units: [String: Int64] = ["ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
                                      "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000]
        let isDigit = { (c: UInt8) in c >= 48 && c <= 57 }
        var total: Int64 = 0
        while !b.isEmpty {
            var whole: Int64 = 0
            var digits = 0
            while let c = b.first, isDigit(c) {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c - 48))
                if o1 || o2 { return nil }
                whole = a; b = b.dropFirst(); digits += 1
            }
            var fraction: [Int64] = []
            if b.first == UInt8(ascii: ".") {
                b = b.dropFirst()
                while let c = b.first, isDigit(c) { fraction.append(Int64(c - 48)); b = b.dropFirst(); digits += 1 }
            }
            guard digits > 0 else { return nil }
            var unit: [UInt8] = []
            while let c = b.first, !isDigit(c), c != UInt8(ascii: ".") { unit.append(c); b = b.dropFirst() }
            guard let size = units[String(decoding: unit, as: UTF8.self)] else { return nil }
            let (w, o1) = whole.multipliedReportingOverflow(by: size)
            if o1 { return nil }
            var frac: Int64 = 0
            var scale = size
            for d in fraction {
                scale /= 10
                if scale == 0 { break }
                frac += d * scale
            }
            let (s1, o2) = total.addingReportingOverflow(w)
            let (s2, o3) = s1.addingReportingOverflow(frac)
            if o2 || o3 { return nil }
            total = s2
        }
        return negative ? -total : total
    }
}
