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

    /// Go refuses widths, precisions and argument indexes past a million (`tooLarge` in fmt/print.go):
    /// a number that grows past it while being parsed ends the directive, and a `*` argument past it is
    /// reported as `%!(BADWIDTH)` / `%!(BADPREC)`. This also bounds the padding any directive can ask for.
    static let maxWidth = 1_000_000

    static func tooLarge(_ x: Int) -> Bool { x > maxWidth || x < -maxWidth }

    /// Go's `parsenum`: the decimal number at `chars[i...]` before `end`. A number that grows too large
    /// consumes the rest of the span (`newI == end`) and is not a number, as in Go.
    static func parseNumber(_ chars: [Unicode.Scalar], _ start: Int, _ end: Int) -> (num: Int, isNum: Bool, newI: Int) {
        var num = 0, isNum = false, i = start
        while i < end, chars[i].value >= 48, chars[i].value <= 57 {
            if tooLarge(num) { return (0, false, end) }
            num = num * 10 + Int(chars[i].value - 48)
            isNum = true
            i += 1
        }
        return (num, isNum, i)
    }

    /// Go's `intFromArg`: a `*` width or precision taken from an integer argument (any Go integer kind,
    /// `time.Duration` included); anything else, or a magnitude over a million, is not a number.
    static func intFromArg(_ args: [TemplateValue], _ argNum: Int) -> (num: Int, isInt: Bool, newArgNum: Int) {
        guard argNum < args.count else { return (0, false, argNum) }
        var num = 0, isInt = false
        switch args[argNum] {
        case .int(let n): num = n; isInt = true
        case .duration(let n): num = Int(n); isInt = true
        case .object(let o):
            switch o.underlying {
            case .int(let n)?: num = n; isInt = true
            case .duration(let n)?: num = Int(n); isInt = true
            default: break
            }
        default: break
        }
        if tooLarge(num) { return (0, false, argNum + 1) }
        return (num, isInt, argNum + 1)
    }

    /// Go's `argNumber`: an explicit `[n]` index at `chars[i]`, one-based.
    /// Returns the new argument number, the new position, whether an index was found, and whether it was valid.
    static func argNumber(_ chars: [Unicode.Scalar], _ argNum: Int, _ i: Int, _ numArgs: Int)
        -> (argNum: Int, i: Int, found: Bool, good: Bool)
    {
        guard i < chars.count, chars[i] == "[" else { return (argNum, i, false, true) }
        // parseArgNumber: at least "[n]", then the closing bracket.
        guard chars.count - i >= 3 else { return (argNum, i + 1, false, false) }
        var close = i + 1
        while close < chars.count, chars[close] != "]" { close += 1 }
        guard close < chars.count else { return (argNum, i + 1, false, false) }
        let (width, ok, newI) = parseNumber(chars, i + 1, close)
        let wid = close - i + 1
        guard ok, newI == close else { return (argNum, i + wid, false, false) }
        let index = width - 1
        if index >= 0 && index < numArgs { return (index, i + wid, true, true) }
        return (argNum, i + wid, true, false)
    }

    public static func sprintf(_ fmt: String, _ args: [TemplateValue]) -> String {
        let chars = Array(fmt.unicodeScalars)
        let end = chars.count
        var out = ""
        var argNum = 0
        var afterIndex = false
        var reordered = false
        var i = 0
        formatLoop: while i < end {
            var goodArgNum = true
            while i < end, chars[i] != "%" {
                out.unicodeScalars.append(chars[i])
                i += 1
            }
            if i >= end { break }
            i += 1
            var f = Flags()
            flagLoop: while i < end {
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
            func takeIndex() {
                if i < end, chars[i] == "[" { reordered = true }
                let r = argNumber(chars, argNum, i, args.count)
                argNum = r.argNum; i = r.i; afterIndex = r.found
                if !r.good { goodArgNum = false }
            }
            takeIndex()
            // Width: `*` takes it from an argument; a negative one left-justifies.
            if i < end, chars[i] == "*" {
                i += 1
                let r = intFromArg(args, argNum)
                argNum = r.newArgNum
                if !r.isInt { out += "%!(BADWIDTH)" }
                if r.isInt {
                    f.width = abs(r.num)
                    if r.num < 0 { f.minus = true; f.zero = false }
                }
                afterIndex = false
            } else {
                let r = parseNumber(chars, i, end)
                i = r.newI
                f.width = r.isNum ? r.num : nil
                if afterIndex && r.isNum { goodArgNum = false }  // "%[3]2d"
            }
            // Precision: Go looks for it only when something follows the dot.
            if i + 1 < end, chars[i] == "." {
                i += 1
                if afterIndex { goodArgNum = false }  // "%[3].2d"
                takeIndex()
                if i < end, chars[i] == "*" {
                    i += 1
                    let r = intFromArg(args, argNum)
                    argNum = r.newArgNum
                    if r.isInt && r.num >= 0 { f.precision = r.num } else { out += "%!(BADPREC)" }
                    afterIndex = false
                } else {
                    let r = parseNumber(chars, i, end)
                    i = r.newI
                    f.precision = r.isNum ? r.num : 0
                }
            }
            if !afterIndex { takeIndex() }
            if i >= end {
                out += "%!(NOVERB)"
                break formatLoop
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
            return amp + "{" + zip(o.fieldOrder, o.fieldValues).map { (f.plusV ? $0 + ":" : "") + format($1, verb: verb, g) }.joined(separator: " ") + "}"
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
            return o.typeName + "{" + zip(o.fieldOrder, o.fieldValues).map { $0 + ":" + (goSyntax($1, top: false) ?? format($1, verb: "v", Flags())) }
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
            return pad(String(runeScalar(i)), f)
        case "q":
            return pad(GoQuote.quoteRune(runeScalar(i)), f)
        case "U":
            // fmtUnicode: the value as uint64 in hex, at least four digits (or the precision).
            let u = UInt64(bitPattern: i)
            let h = String(u, radix: 16, uppercase: true)
            let minDigits = max(4, f.precision ?? 0)
            var s = "U+" + String(repeating: "0", count: max(0, minDigits - h.count)) + h
            if f.sharp, u <= 0x10FFFF, let r = Unicode.Scalar(UInt32(u)), GoQuote.isPrint(r) { s += " '\(r)'" }
            var g = f; g.zero = false
            return pad(s, g)
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

    /// Go's `rune(c)` for `%c` and `%q`: values past U+10FFFF (negative ones included, as uint64) and
    /// surrogates become U+FFFD; nothing is truncated to 32 bits.
    static func runeScalar(_ i: Int64) -> Unicode.Scalar {
        guard i >= 0, i <= 0x10FFFF, let r = Unicode.Scalar(UInt32(i)) else { return "\u{FFFD}" }
        return r
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
