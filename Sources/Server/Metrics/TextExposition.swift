import TimeSeries

/// One metric family of the Prometheus text format: name, help, type and samples.
public struct MetricFamily: Sendable, Equatable {
    public enum Kind: String, Sendable { case counter, gauge, histogram, untyped }

    public struct Sample: Sendable, Equatable {
        public var labels: [Label]
        public var value: Double
        /// Appended to the family's name: a histogram's `_bucket`, `_sum` and `_count`.
        public var suffix: String
        public init(_ labels: [Label] = [], _ value: Double, suffix: String = "") {
            self.labels = labels
            self.value = value
            self.suffix = suffix
        }
    }

    public var name: String
    public var help: String
    public var kind: Kind
    public var samples: [Sample]

    public init(name: String, help: String, kind: Kind, samples: [Sample]) {
        self.name = name
        self.help = help
        self.kind = kind
        self.samples = samples
    }
}

/// Writes the Prometheus text exposition format 0.0.4 as client_golang's `expfmt` does: families sorted by
/// name, each with `# HELP` and `# TYPE`, samples sorted by their label values, label names sorted, values
/// spelled as Go spells floats (`1.796528379152047e+09`, `+Inf`, `NaN`). Families without samples are left
/// out, as client_golang's registry leaves them out.
public enum TextExposition {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public static func render(_ families: [MetricFamily]) -> String {
        var out = ""
        for family in families.sorted(by: { bytesPrecede($0.name, $1.name) }) where !family.samples.isEmpty {
            out += "# HELP \(family.name) \(escapeHelp(family.help))\n"
            out += "# TYPE \(family.name) \(family.kind.rawValue)\n"
            let samples = family.samples.map { s in
                (labels: s.labels.sorted { bytesPrecede($0.name, $1.name) }, value: s.value, suffix: s.suffix)
            }
            // A histogram's samples come in the order the format needs (each series' buckets, sum, count).
            let ordered = family.kind == .histogram ? samples : samples.sorted(by: { a, b in
                a.labels.map(\.value).lexicographicallyPrecedes(b.labels.map(\.value)) { bytesPrecede($0, $1) }
            })
            for sample in ordered {
                out += family.name + sample.suffix
                if !sample.labels.isEmpty {
                    out += "{" + sample.labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",") + "}"
                }
                out += " " + formatValue(sample.value) + "\n"
            }
        }
        return out
    }

    /// `expfmt`'s `writeFloat`: 1, 0 and -1 as integers, specials as `+Inf`, `-Inf`, `NaN`, the rest as
    /// `strconv.FormatFloat(f, 'g', -1, 64)`.
    public static func formatValue(_ v: Double) -> String {
        if v == 0 { return "0" }  // negative zero too
        return GoFloat.formatG(v)
    }

    /// HELP text: backslash and newline escaped.
    static func escapeHelp(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Label values: backslash, double quote and newline escaped.
    static func escapeLabelValue(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func bytesPrecede(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
}
