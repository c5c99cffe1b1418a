import Yams

/// How a plain (unquoted) YAML scalar is read, as Go's yaml.v3 reads it: `null`/`~`/empty is null,
/// `true`/`false` in three spellings are booleans, decimal/hex/octal/binary integers (with `_`
/// separators) are integers, decimal and `.inf`/`.nan` forms are floats, anything else is a string.
/// A quoted scalar is always a string.
public enum YAMLScalarResolution {
    public enum Kind: String, Sendable {
        case null, bool, int, float, string
    }

    public static func kind(of scalar: Node.Scalar) -> Kind {
        let plain = scalar.style == .plain || scalar.style == .any
        let tag = scalar.tag.rawValue
        if tag.hasPrefix("tag:yaml.org,2002:"), tag != "tag:yaml.org,2002:str" || !plain {
            switch tag.dropFirst("tag:yaml.org,2002:".count) {
            case "null": return .null
            case "bool": return .bool
            case "int": return .int
            case "float": return .float
            case "str": return .string
            default: break
            }
        }
        return plain ? kind(ofPlain: scalar.string) : .string
    }

    public static func kind(ofPlain text: String) -> Kind {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return .float
        default: break
        }
        if int(text) != nil { return .int }
        let digits = text.replacingOccurrences(of: "_", with: "")
        if let first = digits.unicodeScalars.first, "+-.0123456789".unicodeScalars.contains(first), Double(digits) != nil {
            return .float
        }
        return .string
    }

    /// Integers as yaml.v3 reads them: decimal, `0x`, `0o`, `0b`, with an optional sign and `_`
    /// separators; nil when the text is not one or does not fit in 64 bits.
    public static func int(_ text: String) -> Int64? {
        var s = Substring(text.replacingOccurrences(of: "_", with: ""))
        var negative = false
        if s.first == "+" || s.first == "-" { negative = s.first == "-"; s = s.dropFirst() }
        guard !s.isEmpty else { return nil }
        var radix = 10
        if s.hasPrefix("0x") { radix = 16; s = s.dropFirst(2) }
        else if s.hasPrefix("0o") { radix = 8; s = s.dropFirst(2) }
        else if s.hasPrefix("0b") { radix = 2; s = s.dropFirst(2) }
        guard !s.isEmpty, s.allSatisfy(\.isHexDigit), let magnitude = UInt64(s, radix: radix) else { return nil }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// A float as yaml.v3 reads it, including `.inf` and `.nan`.
    public static func double(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        if let i = int(text) { return Double(i) }
        return Double(text.replacingOccurrences(of: "_", with: ""))
    }
}
