import TimeSeries

/// A compiled line filter: `|=`, `!=`, `|~`, `!~`, `|>`, `!>`, each with values joined by `or`, and `ip()`.
/// https://grafana.com/docs/loki/latest/query/log_queries/ "Line filter expression".
struct LineFilterStage: Sendable {
    enum Test: Sendable {
        case substring([UInt8])
        case regex(GoRegex)
        case pattern(LogPattern)
        case ip(IPMatcher)
    }

    let negated: Bool
    let tests: [Test]

    init(_ filter: LineFilter) throws(PipelineCompileError) {
        switch filter.operation {
        case .contains, .matchesRegex, .matchesPattern: negated = false
        case .notContains, .notMatchesRegex, .notMatchesPattern: negated = true
        }
        var tests: [Test] = []
        for value in filter.values {
            switch value {
            case .ip(let spec):
                guard let m = IPMatcher(spec) else { throw PipelineCompileError("invalid ip range \(quoteGo(spec))") }
                tests.append(.ip(m))
            case .string(let s):
                switch filter.operation {
                case .contains, .notContains:
                    tests.append(.substring(Array(s.utf8)))
                case .matchesRegex, .notMatchesRegex:
                    do { tests.append(.regex(try GoRegex(s))) } catch {
                        throw PipelineCompileError("invalid regex \(quoteGo(s)): \(error)")
                    }
                case .matchesPattern, .notMatchesPattern:
                    // A filter only asks whether the line matches: it has nothing to put a named capture in.
                    let p = try LogPattern(s)
                    if !p.captureNames.isEmpty { throw PipelineCompileError("invalid pattern \(quoteGo(s)): named captures are not allowed") }
                    tests.append(.pattern(p))
                }
            }
        }
        self.tests = tests
    }

    /// A positive filter keeps a line any value matches; a negative one keeps a line no value matches.
    func keeps(_ line: String) -> Bool {
        var any = false
        for t in tests where LineFilterStage.matches(t, line) { any = true; break }
        return any != negated
    }

    static func matches(_ test: Test, _ line: String) -> Bool {
        switch test {
        case .substring(let needle): return containsBytes(line, needle)
        case .regex(let r): return r.matches(line)
        case .pattern(let p): return p.match(line) != nil
        case .ip(let m): return m.matchesLine(line)
        }
    }

    /// Byte-wise substring search (Go's `strings.Contains`), cheaper than `String.contains` for logs.
    static func containsBytes(_ line: String, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        var s = line
        return s.withUTF8 { hay -> Bool in
            let n = needle.count
            guard hay.count >= n else { return false }
            var i = 0
            let last = hay.count - n
            while i <= last {
                if hay[i] == first {
                    var k = 1
                    while k < n, hay[i + k] == needle[k] { k += 1 }
                    if k == n { return true }
                }
                i += 1
            }
            return false
        }
    }
}
