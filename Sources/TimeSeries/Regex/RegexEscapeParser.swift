/// The parts of the syntax after `\`, `(?` and `[`: escapes, flag groups, named captures and classes.
extension RegexParser {
    /// `(?flags)`, `(?flags:`, `(?P<name>` or `(?<name>` at `i`; returns the index after it.
    mutating func parseGroupSyntax(at i: Int) throws(GoRegex.SyntaxError) -> Int {
        let p = pattern
        let startsWithP = p.count - i > 4 && p[i + 2] == "P" && p[i + 3] == "<"
        let startsWithName = p.count - i > 3 && p[i + 2] == "<"
        if startsWithP || startsWithName {
            let nameStart = i + (startsWithP ? 4 : 3)
            guard let end = p[i...].firstIndex(of: ">") else {
                throw GoRegex.SyntaxError(.invalidNamedCapture, text(i, p.count))
            }
            let name = text(nameStart, end)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0 == "_" || isAlphanumeric($0) }) else {
                throw GoRegex.SyntaxError(.invalidNamedCapture, text(i, end + 1))
            }
            captureCount += 1
            captureNames.append(name)
            try openGroup(capture: (captureCount, name))
            return end + 1
        }

        var j = i + 2
        var f = flags
        var negated = false
        var sawFlag = false
        while j < p.count {
            let c = p[j]
            j += 1
            switch c {
            case "i": f.foldCase = !negated; sawFlag = true
            case "m": f.oneLine = negated; sawFlag = true
            case "s": f.dotMatchesNewline = !negated; sawFlag = true
            case "U": f.nonGreedy = !negated; sawFlag = true
            case "-":
                if negated { throw GoRegex.SyntaxError(.invalidPerlOp, text(i, j)) }
                negated = true
                sawFlag = false
            case ":", ")":
                if negated && !sawFlag { throw GoRegex.SyntaxError(.invalidPerlOp, text(i, j)) }
                if c == ":" { try openGroup(capture: nil) }  // saves the flags before the change
                flags = f
                return j
            default:
                throw GoRegex.SyntaxError(.invalidPerlOp, text(i, j))
            }
        }
        throw GoRegex.SyntaxError(.invalidPerlOp, text(i, j))
    }

    /// Anything starting with `\` outside a class; returns the index after it.
    mutating func parseBackslash(at i: Int) throws(GoRegex.SyntaxError) -> Int {
        let p = pattern
        if i + 1 < p.count {
            switch p[i + 1] {
            case "A": push(.beginText); return i + 2
            case "b": push(.wordBoundary); return i + 2
            case "B": push(.noWordBoundary); return i + 2
            case "z": push(.endText); return i + 2
            case "C": throw GoRegex.SyntaxError(.invalidEscape, text(i, i + 2))  // any byte: not supported
            case "Q":
                // \Q...\E: everything up to \E (or the end) is literal.
                var j = i + 2
                while j < p.count, !(p[j] == "\\" && j + 1 < p.count && p[j + 1] == "E") {
                    literal(p[j].value)
                    j += 1
                }
                return j < p.count ? j + 2 : j
            case "p", "P":
                let (k, next) = try parseUnicodeClass(at: i)
                try countRunes(k)
                push(RegexParser.classNode(k))
                return next
            default:
                if let k = perlClass(p[i + 1]) {
                    try countRunes(k)
                    push(RegexParser.classNode(k))
                    return i + 2
                }
            }
        }
        let (c, next) = try parseEscape(at: i)
        literal(c)
        return next
    }

    /// A single-scalar escape at `i` (which holds `\`): `\n`, `\x41`, `\x{263a}`, `\101`, `\.` ...
    func parseEscape(at i: Int) throws(GoRegex.SyntaxError) -> (UInt32, Int) {
        let p = pattern
        var j = i + 1
        guard j < p.count else { throw GoRegex.SyntaxError(.trailingBackslash, "") }
        let c = p[j]
        j += 1
        func isOctal(_ k: Int) -> Bool { k < p.count && p[k].value >= 48 && p[k].value <= 55 }
        switch c {
        case "1", "2", "3", "4", "5", "6", "7", "0":
            // A lone \1-\7 would be a backreference, which RE2 does not have.
            if c != "0" && !isOctal(j) { break }
            var r = c.value - 48
            for _ in 1..<3 where isOctal(j) {
                r = r * 8 + p[j].value - 48
                j += 1
            }
            return (r, j)
        case "x":
            guard j < p.count else { break }
            let c1 = p[j]
            j += 1
            if c1 == "{" {
                var digits = 0
                var r: UInt32 = 0
                while true {
                    guard j < p.count else { throw GoRegex.SyntaxError(.invalidEscape, text(i, j)) }
                    let d = p[j]
                    j += 1
                    if d == "}" { break }
                    guard let v = hexValue(d) else { throw GoRegex.SyntaxError(.invalidEscape, text(i, j)) }
                    r = r * 16 + v
                    if r > CharClass.maxScalar { throw GoRegex.SyntaxError(.invalidEscape, text(i, j)) }
                    digits += 1
                }
                if digits == 0 { break }
                return (r, j)
            }
            guard j < p.count else { break }
            let c2 = p[j]
            j += 1
            guard let x = hexValue(c1), let y = hexValue(c2) else { break }
            return (x * 16 + y, j)
        case "a": return (0x07, j)
        case "f": return (0x0C, j)
        case "n": return (0x0A, j)
        case "r": return (0x0D, j)
        case "t": return (0x09, j)
        case "v": return (0x0B, j)
        default:
            // Escaped punctuation is itself; escaped letters and digits are reserved.
            if c.value < 0x80 && !isAlphanumeric(c) { return (c.value, j) }
        }
        throw GoRegex.SyntaxError(.invalidEscape, text(i, j))
    }

    /// `\pL`, `\p{Greek}`, `\PL`, `\p{^Greek}` at `i`; the class (case-folded under `(?i)`) and the next index.
    func parseUnicodeClass(at i: Int) throws(GoRegex.SyntaxError) -> (CharClass, Int) {
        let p = pattern
        var negate = p[i + 1] == "P"
        let j = i + 2
        var name: String
        let end: Int
        if j >= p.count {
            name = ""
            end = j
        } else if p[j] != "{" {
            name = text(j, j + 1)
            end = j + 1
        } else {
            guard let close = p[i...].firstIndex(of: "}") else {
                throw GoRegex.SyntaxError(.invalidCharRange, text(i, p.count))
            }
            name = text(j + 1, close)
            end = close + 1
        }
        if name.hasPrefix("^") {
            negate.toggle()
            name.removeFirst()
        }
        guard let k = UnicodeClasses.named(name, foldCase: flags.foldCase) else {
            throw GoRegex.SyntaxError(.invalidCharRange, text(i, end))
        }
        return (negate ? k.negated() : k, end)
    }

    /// `\d \D \s \S \w \W` (case-folded under `(?i)` before negation, as Go does); nil for other letters.
    func perlClass(_ letter: Unicode.Scalar) -> CharClass? {
        guard let (ranges, negated) = UnicodeClasses.perl(letter) else { return nil }
        return group(ranges, negated: negated)
    }

    private func group(_ ranges: [ClosedRange<UInt32>], negated: Bool) -> CharClass {
        var k = CharClass(ranges: ranges)
        if flags.foldCase { k = k.caseFolded() }
        return negated ? k.negated() : k
    }

    /// A bracketed class at `i` (which holds `[`); its node and the index after `]`.
    func parseClass(at i: Int) throws(GoRegex.SyntaxError) -> (RegexNode, Int) {
        let p = pattern
        var j = i + 1
        var negated = false
        if j < p.count, p[j] == "^" {
            negated = true
            j += 1
        }
        var k = CharClass()
        var first = true  // `]` is a literal as the first member
        while j >= p.count || p[j] != "]" || first {
            first = false
            // POSIX [:alnum:] and [:^alnum:].
            if p.count - j > 2, p[j] == "[", p[j + 1] == ":", let close = posixEnd(from: j + 2) {
                let name = text(j, close + 1)
                var bare = text(j + 2, close - 1)
                let negatedGroup = bare.hasPrefix("^")
                if negatedGroup { bare.removeFirst() }
                guard let ranges = UnicodeClasses.posix[bare] else {
                    throw GoRegex.SyntaxError(.invalidCharRange, name)
                }
                k.append(group(ranges, negated: negatedGroup))
                j = close + 1
                continue
            }
            if j + 1 < p.count, p[j] == "\\" {
                if p[j + 1] == "p" || p[j + 1] == "P" {
                    let (u, next) = try parseUnicodeClass(at: j)
                    k.append(u)
                    j = next
                    continue
                }
                if let perl = perlClass(p[j + 1]) {
                    k.append(perl)
                    j += 2
                    continue
                }
            }
            let rangeStart = j
            let (lo, afterLo) = try classChar(at: j, classStart: i)
            j = afterLo
            var hi = lo
            if p.count - j >= 2, p[j] == "-", p[j + 1] != "]" {
                (hi, j) = try classChar(at: j + 1, classStart: i)
                if hi < lo { throw GoRegex.SyntaxError(.invalidCharRange, text(rangeStart, j)) }
            }
            if flags.foldCase {
                k.append(CharClass(ranges: [lo...hi]).caseFolded())
            } else {
                k.append(lo, hi)
            }
        }
        k.normalize()
        if negated { k = k.negated() }
        return (RegexParser.classNode(k), j + 1)
    }

    private func classChar(at j: Int, classStart: Int) throws(GoRegex.SyntaxError) -> (UInt32, Int) {
        guard j < pattern.count else {
            throw GoRegex.SyntaxError(.missingBracket, text(classStart, pattern.count))
        }
        if pattern[j] == "\\" { return try parseEscape(at: j) }
        return (pattern[j].value, j + 1)
    }

    /// Index of the `]` of the first `:]` at or after `from`.
    private func posixEnd(from: Int) -> Int? {
        var m = from
        while m + 1 < pattern.count {
            if pattern[m] == ":" && pattern[m + 1] == "]" { return m + 1 }
            m += 1
        }
        return nil
    }

    private func hexValue(_ c: Unicode.Scalar) -> UInt32? {
        switch c.value {
        case 48...57: return c.value - 48
        case 65...70: return c.value - 55
        case 97...102: return c.value - 87
        default: return nil
        }
    }

    func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 48 && c.value <= 57) || (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
    }
}
