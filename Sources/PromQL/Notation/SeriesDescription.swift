import TimeSeries

/// A series as test files name it: `metric{label="value", ...}`, `{__name__="metric"}`, `{}`, or with
/// quoted UTF-8 names (`{"my.metric", "a.b"="c"}`). Only `=` is allowed: it names one series, it does not
/// select.
public enum SeriesDescription {
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        /// Offset in Unicode scalars where the problem is.
        public let offset: Int
        public var description: String { message }
        public init(message: String, offset: Int) {
            self.message = message
            self.offset = offset
        }
    }

    /// Parses a series description at the start of `text`; returns its labels and the offset after it.
    public static func parse(prefixOf text: String) throws(Failure) -> (Labels, Int) {
        let s = Array(text.unicodeScalars)
        var i = 0
        var labels: [Label] = []
        var seen: Set<String> = []
        func skipSpace() { while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 } }
        func identifier(metric: Bool) -> String? {
            let start = i
            while i < s.count, isNameScalar(s[i], first: i == start, metric: metric) { i += 1 }
            guard i > start else { return nil }
            var w = ""
            w.unicodeScalars.append(contentsOf: s[start..<i])
            return w
        }
        func string() throws(Failure) -> String {
            guard i < s.count, s[i] == "\"" || s[i] == "'" || s[i] == "`" else {
                throw Failure(message: "expected a quoted string", offset: i)
            }
            let quote = s[i]
            let start = i
            i += 1
            while i < s.count, s[i] != quote {
                if s[i] == "\\", quote != "`" { i += 1 }
                i += 1
            }
            guard i < s.count else { throw Failure(message: "unterminated quoted string", offset: start) }
            i += 1
            var literal = ""
            literal.unicodeScalars.append(contentsOf: s[start..<i])
            do { return try GoUnquote.unquote(literal) } catch {
                throw Failure(message: error.message, offset: start + error.offset)
            }
        }
        func add(_ name: String, _ value: String, at offset: Int) throws(Failure) {
            guard seen.insert(name).inserted else { throw Failure(message: "label \(name) is set twice", offset: offset) }
            labels.append(Label(name, value))
        }

        skipSpace()
        let metricStart = i
        if let name = identifier(metric: true) { try add(Label.metricName, name, at: metricStart) }
        if i < s.count, s[i] == "{" {
            i += 1
            while true {
                skipSpace()
                guard i < s.count else { throw Failure(message: "unterminated label set", offset: i) }
                if s[i] == "}" { i += 1; break }
                let nameStart = i
                let name: String
                if s[i] == "\"" || s[i] == "'" || s[i] == "`" {
                    let quoted = try string()
                    skipSpace()
                    if i < s.count, s[i] == "," || s[i] == "}" {
                        // A lone quoted string inside the braces is the metric name.
                        try add(Label.metricName, quoted, at: nameStart)
                        if s[i] == "," { i += 1 }
                        continue
                    }
                    name = quoted
                } else if let id = identifier(metric: false) {
                    name = id
                } else {
                    throw Failure(message: "unexpected character in label set", offset: i)
                }
                skipSpace()
                guard i < s.count, s[i] == "=" else { throw Failure(message: "expected = after label name", offset: i) }
                i += 1
                skipSpace()
                let value = try string()
                try add(name, value, at: nameStart)
                skipSpace()
                if i < s.count, s[i] == "," { i += 1; continue }
                guard i < s.count, s[i] == "}" else { throw Failure(message: "expected , or } in label set", offset: i) }
            }
        } else if labels.isEmpty {
            throw Failure(message: "expected a series description", offset: metricStart)
        }
        return (Labels(labels), i)
    }

    private static func isNameScalar(_ c: Unicode.Scalar, first: Bool, metric: Bool) -> Bool {
        if c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) { return true }
        if metric && c == ":" { return true }
        return !first && ("0"..."9").contains(c)
    }
}
