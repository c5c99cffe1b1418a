import TimeSeries

/// The offsets of a `metric@st <items>` line: each item is `_`, `_xN` (N missing), `<dur>`, `<dur>xN`
/// (N+1 copies) or `<dur>±<dur>xN` (N+1 values stepping by the second duration). Durations may carry a
/// sign (`-30s`, `-59999ms`). Offsets are milliseconds relative to each sample's own timestamp.
enum StartTimestampNotation {
    struct Failure: Error { let message: String }

    static func parse(_ text: String) throws(Failure) -> [Int64?] {
        var out: [Int64?] = []
        for item in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            do {
                out.append(contentsOf: try parseItem(String(item)))
            } catch {
                throw Failure(message: "invalid ST item \"\(item)\": \(error.message)")
            }
        }
        return out
    }

    private static func parseItem(_ item: String) throws(Failure) -> [Int64?] {
        if item == "_" { return [nil] }
        if item.hasPrefix("_x") {
            guard let n = Int(item.dropFirst(2)), n > 0, item.dropFirst(2).allSatisfy(\.isASCII) else {
                throw Failure(message: "invalid repeat count")
            }
            return Array(repeating: nil, count: n)
        }
        let (base, rest) = try durationPrefix(Substring(item))
        if rest.isEmpty { return [base] }
        if rest.first == "x" {
            let n = try repeatCount(rest.dropFirst())
            return Array(repeating: base, count: n + 1)
        }
        guard let op = rest.first, op == "+" || op == "-" else {
            throw Failure(message: "unexpected character \"\(rest.first!)\" after duration")
        }
        var (delta, rest2) = try durationPrefix(rest.dropFirst())
        if op == "-" { delta = -delta }
        guard rest2.first == "x" else { throw Failure(message: "expected 'x<count>' after step duration") }
        let n = try repeatCount(rest2.dropFirst())
        var values: [Int64?] = []
        var offset = base
        for _ in 0...n {
            values.append(offset)
            offset += delta
        }
        return values
    }

    private static func repeatCount(_ s: Substring) throws(Failure) -> Int {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(s), n <= 10_000_000 else {
            throw Failure(message: "invalid repeat count")
        }
        return n
    }

    /// A signed duration at the start of `s`: digits then unit letters, stopping at `x` (the repeat marker).
    private static func durationPrefix(_ s: Substring) throws(Failure) -> (Int64, Substring) {
        guard !s.isEmpty else { throw Failure(message: "empty duration") }
        var i = s.startIndex
        var negative = false
        if s[i] == "-" || s[i] == "+" {
            negative = s[i] == "-"
            i = s.index(after: i)
        }
        let digitsStart = i
        while i < s.endIndex, s[i].isASCII, s[i].isNumber { i = s.index(after: i) }
        guard i > digitsStart else { throw Failure(message: "expected digits in duration \"\(s)\"") }
        while i < s.endIndex, s[i].isASCII, s[i].isLetter, s[i] != "x" { i = s.index(after: i) }
        let text = String(s[digitsStart..<i])
        let ms: Int64
        do {
            ms = try PromDuration(parsing: text).milliseconds
        } catch {
            throw Failure(message: "invalid duration \"\(text)\": \(error.message)")
        }
        return (negative ? -ms : ms, s[i...])
    }
}
