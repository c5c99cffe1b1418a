/// A duration in a LogQL query (`[5m]`, `offset -1h`, `| latency > 250ms`), in nanoseconds as Go holds it.
public struct LogQLDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Go's duration syntax (`1h15m30.5s`, `250ms`, `-5m`) extended with `d`, `w` and `y`; nil if invalid.
    public init?(parsing text: String) {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" { negative = body.first == "-"; body = body.dropFirst() }
        guard let n = parseGoDuration(String(body)) else { return nil }
        nanoseconds = negative ? -n : n
    }

    public var seconds: Double { Double(nanoseconds) / 1e9 }

    /// The shortest form in whole units (`5m`, `1h30m`, `2d`, `1s500ms`), which the lexer reads back exactly.
    public var description: String {
        if nanoseconds == 0 { return "0s" }
        var out = nanoseconds < 0 ? "-" : ""
        var rest = nanoseconds.magnitude
        let units: [(String, UInt64)] = [
            ("d", 86_400_000_000_000), ("h", 3_600_000_000_000), ("m", 60_000_000_000), ("s", 1_000_000_000),
            ("ms", 1_000_000), ("us", 1_000), ("ns", 1),
        ]
        for (unit, size) in units where rest >= size {
            out += "\(rest / size)\(unit)"
            rest %= size
        }
        return out
    }

    public static func < (lhs: LogQLDuration, rhs: LogQLDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
}
