import TimeSeries
/// Go's `fmt` package: `Sprint`, `Sprintln`, `Sprintf` over `TemplateValue`s, including its
/// `%!verb(type=value)`, `%!v(MISSING)` and `%!(EXTRA …)` error notation.
public enum GoFormat {
    struct Flags {
        var plus = false, minus = false, sharp = false, space = false, zero = false
        /// `%+v` and `%#v`: Go moves the flags here for the `v` verb.
        var plusV = false, sharpV = false
        /// Inside a list, map or struct (pointers there are addresses in Go; we print the value).
        var nested = false
        /// The template engine already dereferenced a top-level pointer (`printableValue`).
        var indirected = false
        var width: Int? = nil
        var precision: Int? = nil
    }

    /// What an action `{{ … }}` prints: like `Sprint` of one value, after dereferencing a pointer.
    static func printAction(_ v: TemplateValue) -> String {
        var f = Flags()
        f.indirected = true
        return format(v, verb: "v", f)
    }

    public static func sprint(_ args: [TemplateValue]) -> String {
        var out = ""
        var prevString = false
        for (i, a) in args.enumerated() {
            let isString: Bool
            if case .string = a { isString = true } else { isString = false }
            if i > 0 && !isString && !prevString { out += " " }
            out += format(a, verb: "v", Flags())
            prevString = isString
        }
        return out
    }

    public static func sprintln(_ args: [TemplateValue]) -> String {
        args.map { format($0, verb: "v", Flags()) }.joined(separator: " ") + "\n"
    }

    public static func sprintf(_ fmt: String, _ args: [TemplateValue]) -> String {
        let chars = Array(fmt.unicodeScalars)
        var out = ""
        var argNum = 0
        var i = 0
        var reordered = false
        while i < chars.count {
            if chars[i] != "%" {
                out.unicodeScalars.append(chars[i])
                i += 1
                continue
            }
            i += 1
            var f = Flags()
            flagLoop: while i < chars.count {
                switch chars[i] {
                case "#": f.sharp = true
                case "0": f.zero = !f.minus
                case "+": f.plus = true
                case "-": f.minus = true; f.zero = false
                case " ": f.space = true
                default: break flagLoop
                }
                i += 1
            }
            // Explicit argument index [n].
            func argIndex() -> Bool {
                guard i < chars.count, chars[i] == "[" else { return true }
                reordered = true
                // Find the closing bracket.
                var close = i + 1
                while close < chars.count, chars[close] != "]" { close += 1 }
                if close >= chars.count || close - i < 2 {
                    i += 1
                    return false
                }
                let inner = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
                i = close + 1
                if let n = Int(inner), inner.allSatisfy(\.isASCII), n >= 1, n - 1 < args.count {
                    argNum = n - 1
                    return true
                }
                return false
            }
            var goodArgNum = argIndex()
            // Width.
            if i < chars.count, chars[i] == "*" {
                i += 1
                if argNum < args.count, case .int(let w) = args[argNum] {
                    f.width = abs(w)
                    if w < 0 { f.minus = true; f.zero = false }
                } else {
                    out += "%!(BADWIDTH)"
                }
                argNum += 1
                goodArgNum = argIndex() && goodArgNum
            } else {
                var w: Int? = nil
                while i < chars.count, chars[i].value >= 48, chars[i].value <= 57 {
                    w = (w ?? 0) * 10 + Int(chars[i].value - 48)
                    i += 1
                }
                f.width = w
            }
            // Precision.
            if i < chars.count, chars[i] == "." {
                i += 1
                goodArgNum = argIndex() && goodArgNum
                if i < chars.count, chars[i] == "*" {
                    i += 1
                    if argNum < args.count, case .int(let p) = args[argNum], p >= 0 {
                        f.precision = p
                    } else {
                        out += "%!(BADPREC)"
                    }
                    argNum += 1
                    goodArgNum = argIndex() && goodArgNum
                } else {
                    var p = 0
                    while i < chars.count, chars[i].value >= 48, chars[i].value <= 57 {
                        p = p * 10 + Int(chars[i].value - 48)
                        i += 1
                    }
                    f.precision = p
                }
            }
            if i >= chars.count {
                out += "%!(NOVERB)"
                break
            }
            let verb = chars[i]
            i += 1
            if verb == "%" {
                out += "%"
                continue
            }
            if !goodArgNum {
                out += "%!\(verb)(BADINDEX)"
                continue
            }
            if argNum >= args.count {
                out += "%!\(verb)(MISSING)"
                continue
            }
            if verb == "v" {
                f.sharpV = f.sharp; f.sharp = false
                f.plusV = f.plus; f.plus = false
            }
            out += format(args[argNum], verb: verb, f)
            argNum += 1
        }
        if !reordered && argNum < args.count {
            out += "%!(EXTRA "
            out += args[argNum...].map { a -> String in
                if case .null = a { return "<nil>" }
                return a.goTypeName + "=" + format(a, verb: "v", Flags())
            }.joined(separator: ", ")
            out += ")"
        }
        return out
    }

    // MARK: values

    static func pad(_ s: String, _ f: Flags, zeroAllowed: Bool = true) -> String {
        guard let w = f.width else { return s }
        let n = s.unicodeScalars.count
        if n >= w { return s }
        let fill = w - n
        if f.minus { return s + String(repeating: " ", count: fill) }
        return String(repeating: (f.zero && zeroAllowed) ? "0" : " ", count: fill) + s
    }

    static func badVerb(_ v: TemplateValue, _ verb: Unicode.Scalar, _ f: Flags) -> String {
        if case .null = v { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(v.goTypeName)=\(format(v, verb: "v", f)))"
    }

    static func format(_ v: TemplateValue, verb: Unicode.Scalar, _ f: Flags) -> String {
        if verb == "T" { return pad(v.goTypeName, f) }
        if verb == "v" && f.sharpV, let s = goSyntax(v) { return pad(s, f) }
        switch v {
        case .null:
            return verb == "v" ? pad("<nil>", f) : badVerb(v, verb, f)
        case .bool(let b):
            return verb == "v" || verb == "t" ? pad(b ? "true" : "false", f) : badVerb(v, verb, f)
        case .int(let i):
            return formatInt(Int64(i), v, verb, f)
        case .duration(let d):
            switch verb {
            case "v", "s", "q", "x", "X":
                return formatString(GoDuration.string(d), v, verb, f)
            default:
                return formatInt(d, v, verb, f)
            }
        case .float(let d):
            return formatFloat(d, v, verb, f)
        case .string(let s):
            return formatString(s, v, verb, f)
        case .time(let t):
            switch verb {
            case "v", "s", "q", "x", "X": return formatString(t.goString, v, verb, f)
            default: return badVerb(v, verb, f)
            }
        case .list(let l):
            var g = f; g.nested = true
            return "[" + l.map { format($0, verb: verb, g) }.joined(separator: " ") + "]"
        case .map, .stringMap:
            var g = f; g.nested = true
            let entries = v.sortedMapEntries ?? []
            return "map[" + entries.map { format(.string($0.0), verb: verb, g) + ":" + format($0.1, verb: verb, g) }
                .joined(separator: " ") + "]"
        case .object(let o):
            if let s = o.stringer, ["v", "s", "q", "x", "X"].contains(verb) {
                return formatString(s(), v, verb, f)
            }
            if o.isNilPointer { return verb == "v" ? pad("<nil>", f) : badVerb(v, verb, f) }
            if let u = o.underlying { return format(u, verb: verb, f) }
            var g = f; g.nested = true
            // fmt prints a top-level pointer to a struct as &{…}.
            let amp = o.typeName.hasPrefix("*") && !f.nested && !f.indirected ? "&" : ""
            return amp + "{" + o.fieldOrder.map { (f.plusV ? $0 + ":" : "") + format(o.fields[$0]!, verb: verb, g) }.joined(separator: " ") + "}"
        case .function:
            return verb == "v" || verb == "p" ? pad("0x1", f) : badVerb(v, verb, f)
        }
    }

    /// `%#v`: a Go-syntax representation for the basic kinds, maps, slices and structs.
    static func goSyntax(_ v: TemplateValue, top: Bool = true) -> String? {
        switch v {
        case .null: return top ? "<nil>" : "interface {}(nil)"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return GoFloatFormat.format(d, "g", prec: -1)
        case .string(let s): return GoQuote.quote(s)
        case .list(let l):
            return "[]interface {}{" + l.map { goSyntax($0, top: false) ?? format($0, verb: "v", Flags()) }.joined(separator: ", ") + "}"
        case .map, .stringMap:
            let entries = v.sortedMapEntries ?? []
            return v.goTypeName + "{" + entries.map { GoQuote.quote($0.0) + ":" + (goSyntax($0.1, top: false) ?? "") }
                .joined(separator: ", ") + "}"
        case .object(let o):
            if o.isNilPointer { return "(\(o.typeName))(nil)" }
            if let u = o.underlying {
                guard let inner = goSyntax(u, top: false) else { return nil }
                switch u {
                case .list, .map, .stringMap: return o.typeName + inner.dropFirst(u.goTypeName.count)
                default: return nil
                }
            }
            if o.stringer != nil { return nil }
            return o.typeName + "{" + o.fieldOrder.map { $0 + ":" + (goSyntax(o.fields[$0]!, top: false) ?? format(o.fields[$0]!, verb: "v", Flags())) }
                .joined(separator: ", ") + "}"
        default: return nil
        }
    }

    static func formatString(_ s: String, _ v: TemplateValue, _ verb: Unicode.Scalar, _ f: Flags) -> String {
        var s = s
        switch verb {
        case "v" where f.sharp:
            return pad(GoQuote.quote(s), f)
        case "v" where f.sharpV:
            return pad(GoQuote.quote(s), f)
        case "v", "s":
            if let p = f.precision { s = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))) }
            return pad(s, f)
        case "q":
            if let p = f.precision { s = String(String.UnicodeScalarView(s.unicodeScalars.prefix(p))) }
            if f.sharp && !s.contains("`") && s.unicodeScalars.allSatisfy({ $0 == "\t" || (GoQuote.isPrint($0) && $0 != "\u{FEFF}") }) {
                return pad("`" + s + "`", f)
            }
            return pad(GoQuote.quote(s, asciiOnly: f.plus), f)
        case "x", "X":
            var bytes = Array(s.utf8)
            if let p = f.precision { bytes = Array(bytes.prefix(p)) }
            var out = ""
            for (i, b) in bytes.enumerated() {
                if f.space && i > 0 { out += " " }
                if f.sharp && (f.space || i == 0) { out += verb == "x" ? "0x" : "0X" }
                let h = String(b, radix: 16, uppercase: verb == "X")
                out += (h.count < 2 ? "0" : "") + h
            }
            return pad(out, f)
        default:
            return badVerb(v, verb, f)
        }
    }

    static func formatInt(_ i: Int64, _ v: TemplateValue, _ verb: Unicode.Scalar, _ f: Flags) -> String {
        let base: Int
        switch verb {
        case "v", "d": base = 10
        case "b": base = 2
        case "o", "O": base = 8
        case "x", "X": base = 16
        case "c":
            let s = Unicode.Scalar(UInt32(truncatingIfNeeded: i)).map { String($0) } ?? "\u{FFFD}"
            return pad(s, f)
        case "q":
            let r = Unicode.Scalar(UInt32(truncatingIfNeeded: i)) ?? "\u{FFFD}"
            return pad(GoQuote.quoteRune(r), f)
        case "U":
            let h = String(UInt32(truncatingIfNeeded: i), radix: 16, uppercase: true)
            var s = "U+" + String(repeating: "0", count: max(0, 4 - h.count)) + h
            if f.sharp, let r = Unicode.Scalar(UInt32(truncatingIfNeeded: i)), GoQuote.isPrint(r) { s += " '\(r)'" }
            return pad(s, f)
        default:
            return badVerb(v, verb, f)
        }
        let negative = i < 0
        var digits = String(i.magnitude, radix: base, uppercase: verb == "X")
        var prec = 0
        if let p = f.precision {
            prec = p
            if p == 0 && i == 0 {
                var g = f; g.zero = false
                return pad("", g)
            }
        } else if f.zero && !f.minus, let w = f.width {
            prec = w
            if negative || f.plus || f.space { prec -= 1 }
        }
        if digits.count < prec { digits = String(repeating: "0", count: prec - digits.count) + digits }
        if f.sharp {
            switch base {
            case 2: digits = "0b" + digits
            case 8: if !digits.hasPrefix("0") { digits = "0" + digits }
            case 16: digits = (verb == "X" ? "0X" : "0x") + digits
            default: break
            }
        }
        if verb == "O" { digits = "0o" + digits }
        if negative { digits = "-" + digits } else if f.plus { digits = "+" + digits } else if f.space { digits = " " + digits }
        var g = f; g.zero = false
        return pad(digits, g)
    }

    /// Go's `#` flag on floats: keep a decimal point, and for %g pad to the precision with zeros.
    static func sharpFloat(_ s: String, verb: Unicode.Scalar, prec: Int) -> String {
        var digits = 0
        if verb == "g" || verb == "G" || verb == "x" || verb == "X" { digits = prec == -1 ? 6 : prec }
        var chars = Array(s)
        var tail: [Character] = []
        var hasDot = false, sawNonzero = false
        var i = (chars.first == "-" || chars.first == "+") ? 1 : 0
        let start = i
        while i < chars.count {
            let c = chars[i]
            if c == "." { hasDot = true } else if c == "p" || c == "P" || ((c == "e" || c == "E") && verb != "x" && verb != "X") {
                tail = Array(chars[i...]); chars = Array(chars[..<i]); break
            } else if c != "x" && c != "X" {
                if c != "0" { sawNonzero = true }
                if sawNonzero { digits -= 1 }
            }
            i += 1
        }
        if !hasDot {
            if chars.count - start == 1 && chars[start] == "0" { digits -= 1 }
            chars.append(".")
        }
        while digits > 0 { chars.append("0"); digits -= 1 }
        return String(chars + tail)
    }

    static func formatFloat(_ d: Double, _ v: TemplateValue, _ verb: Unicode.Scalar, _ f: Flags) -> String {
        let fmtChar: Character
        var prec = f.precision ?? -1
        switch verb {
        case "v": fmtChar = "g"; prec = f.precision ?? -1
        case "e", "E", "f", "F":
            fmtChar = Character(verb)
            if f.precision == nil { prec = 6 }
        case "g", "G": fmtChar = Character(verb)
        case "x", "X":
            let s = GoFloatFormat.hexFloat(d, prec: f.precision ?? -1, upper: verb == "X")
            if s.hasPrefix("-") || f.plus || f.space {
                let body = s.hasPrefix("-") ? String(s.dropFirst()) : s
                let sign = s.hasPrefix("-") ? "-" : (f.plus ? "+" : " ")
                return pad(sign + body, f)
            }
            return pad(s, f)
        default:
            return badVerb(v, verb, f)
        }
        var num = GoFloatFormat.format(d, fmtChar, prec: prec)
        if f.sharp && !num.contains("Inf") && !num.contains("NaN") {
            num = sharpFloat(num, verb: verb, prec: prec)
        }
        var sign = "+"
        if num.hasPrefix("-") || num.hasPrefix("+") { sign = String(num.removeFirst()) }
        if f.space && sign == "+" && !f.plus { sign = " " }
        if num == "Inf" || num == "NaN" {
            var g = f; g.zero = false
            if num == "NaN" && !f.space && !f.plus { return pad(num, g) }
            return pad(sign + num, g)
        }
        if f.plus || sign != "+" {
            if f.zero && !f.minus, let w = f.width, w > num.count + 1 {
                return sign + String(repeating: "0", count: w - num.count - 1) + num
            }
            return pad(sign + num, f)
        }
        return pad(num, f)
    }
}
