/// Named classes: Unicode categories and scripts (`\pL`, `\p{Greek}`), Perl classes (`\d \s \w`) and POSIX
/// classes (`[:alpha:]`), with Go's spellings and contents.
enum UnicodeClasses {
    /// The class `\p{name}` names, or nil. Following Go 1.25, names are looked up ignoring case, spaces,
    /// underscores and hyphens; `Any`, `ASCII`, `Assigned`, `LC`, `Cn` and long aliases (`Letter`) are known.
    /// `foldCase` applies `(?i)`: the class gains every scalar case-equivalent to one of its members.
    static func named(_ name: String, foldCase: Bool) -> CharClass? {
        let key = canonical(name)
        let base: CharClass
        switch key {
        case "any":
            return .any
        case "ascii":
            base = CharClass(ranges: [0...0x7F])
        case "assigned":
            guard let cn = table("Cn") else { return nil }
            return cn.negated()  // unassigned scalars fold to nothing, so (?i) changes nothing
        default:
            guard let found = lookup(key) else { return nil }
            base = found
        }
        return foldCase ? base.caseFolded() : base
    }

    /// Perl classes `\d \s \w` (ASCII only, as in Go); nil for other letters.
    static func perl(_ letter: Unicode.Scalar) -> (ranges: [ClosedRange<UInt32>], negated: Bool)? {
        switch letter {
        case "d": return ([0x30...0x39], false)
        case "D": return ([0x30...0x39], true)
        case "s": return ([0x09...0x0A, 0x0C...0x0D, 0x20...0x20], false)
        case "S": return ([0x09...0x0A, 0x0C...0x0D, 0x20...0x20], true)
        case "w": return (wordRanges, false)
        case "W": return (wordRanges, true)
        default: return nil
        }
    }

    static let wordRanges: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]

    /// POSIX classes inside brackets, `[:alpha:]` (ASCII only, as in Go).
    static let posix: [String: [ClosedRange<UInt32>]] = [
        "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A],
        "alpha": [0x41...0x5A, 0x61...0x7A],
        "ascii": [0x00...0x7F],
        "blank": [0x09...0x09, 0x20...0x20],
        "cntrl": [0x00...0x1F, 0x7F...0x7F],
        "digit": [0x30...0x39],
        "graph": [0x21...0x7E],
        "lower": [0x61...0x7A],
        "print": [0x20...0x7E],
        "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E],
        "space": [0x09...0x0D, 0x20...0x20],
        "upper": [0x41...0x5A],
        "word": [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A],
        "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
    ]

    /// Lower case without spaces, underscores and hyphens: Go's lookup key (it upper-cases the first letter
    /// instead, which compares the same).
    static func canonical(_ name: String) -> String {
        var out = ""
        for c in name.unicodeScalars where c != " " && c != "_" && c != "-" {
            if c.value >= 0x41 && c.value <= 0x5A {
                out.unicodeScalars.append(Unicode.Scalar(c.value + 32)!)
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    private static func lookup(_ key: String) -> CharClass? {
        if let k = tables.categories[key] { return k }
        if let k = tables.scripts[key] { return k }
        if let name = tables.aliases[key] { return table(name) }
        return nil
    }

    private static func table(_ category: String) -> CharClass? {
        tables.categories[canonical(category)]
    }

    /// Every table by canonical name, parsed once on first use (a few thousand ranges in all).
    private static let tables: (categories: [String: CharClass], scripts: [String: CharClass], aliases: [String: String]) = {
        var categories: [String: CharClass] = [:]
        for (name, text) in UnicodeTables.categories { categories[canonical(name)] = parse(text) }
        var scripts: [String: CharClass] = [:]
        for (name, text) in UnicodeTables.scripts { scripts[canonical(name)] = parse(text) }
        var aliases: [String: String] = [:]
        for (alias, name) in UnicodeTables.categoryAliases { aliases[canonical(alias)] = name }
        return (categories, scripts, aliases)
    }()

    /// Parses the generated `lo-hi lo hi` hexadecimal notation.
    static func parse(_ text: String) -> CharClass {
        var k = CharClass()
        for item in text.split(separator: " ") {
            if let dash = item.firstIndex(of: "-") {
                let lo = UInt32(item[..<dash], radix: 16) ?? 0
                let hi = UInt32(item[item.index(after: dash)...], radix: 16) ?? 0
                k.append(lo, hi)
            } else {
                let c = UInt32(item, radix: 16) ?? 0
                k.append(c, c)
            }
        }
        k.normalize()
        return k
    }
}

/// Unicode simple case folding orbits, as Go's `unicode.SimpleFold` walks them.
enum CaseFolding {
    /// (scalar, next scalar in its orbit), sorted by scalar.
    private static let table: [(UInt32, UInt32)] = {
        var out: [(UInt32, UInt32)] = []
        for line in UnicodeTables.foldOrbitNext.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = line.split(separator: ":")
            guard parts.count == 2, let c = UInt32(parts[0], radix: 16), let n = UInt32(parts[1], radix: 16) else { continue }
            out.append((c, n))
        }
        return out.sorted { $0.0 < $1.0 }
    }()

    /// The next scalar of `c`'s orbit, or `c` itself when it has no case equivalents (Go's `SimpleFold`).
    static func simpleFold(_ c: UInt32) -> UInt32 {
        guard let i = index(of: c) else { return c }
        return table[i].1
    }

    static func forEachInOrbit(of c: UInt32, _ body: (UInt32) -> Void) {
        var f = simpleFold(c)
        while f != c {
            body(f)
            f = simpleFold(f)
        }
    }

    /// Calls `body` for each scalar in `range` that has case equivalents.
    static func forEachFoldingScalar(in range: ClosedRange<UInt32>, _ body: (UInt32) -> Void) {
        var low = 0
        var high = table.count
        while low < high {
            let mid = (low + high) / 2
            if table[mid].0 < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        var i = low
        while i < table.count, table[i].0 <= range.upperBound {
            body(table[i].0)
            i += 1
        }
    }

    /// Smallest and largest scalars with case equivalents.
    static var foldingBounds: (UInt32, UInt32) { (table.first?.0 ?? 0, table.last?.0 ?? 0) }

    private static func index(of c: UInt32) -> Int? {
        var low = 0
        var high = table.count
        while low < high {
            let mid = (low + high) / 2
            if table[mid].0 < c { low = mid + 1 } else if table[mid].0 > c { high = mid } else { return mid }
        }
        return nil
    }
}
