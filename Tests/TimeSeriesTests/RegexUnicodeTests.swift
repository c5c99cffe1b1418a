import Testing
@testable import TimeSeries

/// Unicode classes and case folding hold what Go's tables hold (Unicode 15.1).
@Suite struct RegexUnicodeTests {
    private func ranges(_ pattern: String) throws -> [ClosedRange<UInt32>] {
        var parser = RegexParser(pattern)
        switch try parser.parse() {
        case .charClass(let k): return k.ranges
        case .literal(let s) where s.count == 1: return [s[0]...s[0]]
        case .anyChar: return [0...0x10FFFF]
        case let other:
            Issue.record("not a class: \(other)")
            return []
        }
    }

    /// Contents as Go's own parser tests state them.
    static let classes: [(String, [ClosedRange<UInt32>])] = [
        ("\\p{Braille}", [0x2800...0x28FF]),
        ("\\P{Braille}", [0...0x27FF, 0x2900...0x10FFFF]),
        ("\\p{^Braille}", [0...0x27FF, 0x2900...0x10FFFF]),
        ("\\P{^Braille}", [0x2800...0x28FF]),
        ("\\pZ", [0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
                  0x205F...0x205F, 0x3000...0x3000]),
        ("[\\p{Braille}]", [0x2800...0x28FF]),
        ("(?i)[[:lower:]]", [0x41...0x5A, 0x61...0x7A, 0x17F...0x17F, 0x212A...0x212A]),
        ("(?i)[a-z]", [0x41...0x5A, 0x61...0x7A, 0x17F...0x17F, 0x212A...0x212A]),
        ("(?i)[^[:lower:]]", [0...0x40, 0x5B...0x60, 0x7B...0x17E, 0x180...0x2129, 0x212B...0x10FFFF]),
        ("(?i)[[:^lower:]]", [0...0x40, 0x5B...0x60, 0x7B...0x17E, 0x180...0x2129, 0x212B...0x10FFFF]),
        ("\\d", [0x30...0x39]),
        ("\\s", [0x9...0xA, 0xC...0xD, 0x20...0x20]),
        ("\\W", [0...0x2F, 0x3A...0x40, 0x5B...0x5E, 0x60...0x60, 0x7B...0x10FFFF]),
        ("(?i)\\w", [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A, 0x17F...0x17F, 0x212A...0x212A]),
        ("(?i)\\W", [0...0x2F, 0x3A...0x40, 0x5B...0x5E, 0x60...0x60, 0x7B...0x17E, 0x180...0x2129, 0x212B...0x10FFFF]),
        ("[^\\\\]", [0...0x5B, 0x5D...0x10FFFF]),
        ("(?i)\\p{ascii}", [0...0x7F, 0x17F...0x17F, 0x212A...0x212A]),
        ("\\p{Any}", [0...0x10FFFF]),
        ("[\\012-\\234]", [0xA...0x9C]),
        ("[\\x{41}-\\x7a]", [0x41...0x7A]),
        ("[α-ε☺]", [0x3B1...0x3B5, 0x263A...0x263A]),
        ("[Aa]", [0x41...0x41, 0x61...0x61]),
    ]

    @Test(arguments: classes)
    func classContents(_ pattern: String, _ expected: [ClosedRange<UInt32>]) throws {
        #expect(try ranges(pattern) == expected, "\(pattern)")
    }

    @Test func categoryAndScriptTables() throws {
        // 660 ranges in Unicode 15.1 (Go's source comment says 646, counted on an older version).
        #expect(UnicodeClasses.named("L", foldCase: false)?.rangeCount == 660)
        #expect(UnicodeClasses.named("Lu", foldCase: false)?.contains(0x212A) == true)  // Kelvin sign
        #expect(UnicodeClasses.named("Han", foldCase: false)?.contains(0x2EBF0) == true)  // new in 15.1
        #expect(UnicodeClasses.named("Nd", foldCase: false)?.contains(0x663) == true)
        #expect(UnicodeClasses.named("Cs", foldCase: false)?.ranges == [0xD800...0xDFFF])
        #expect(UnicodeClasses.named("Kawi", foldCase: false) != nil)
        #expect(UnicodeClasses.named("Nope", foldCase: false) == nil)
        // (?i) adds what folds into the class: \p{Lu} gains the lower-case letters.
        #expect(UnicodeClasses.named("Lu", foldCase: true)?.contains(0x61) == true)
        #expect(UnicodeClasses.named("Lu", foldCase: false)?.contains(0x61) == false)
    }

    @Test func simpleFoldingOrbits() {
        // Go's minFold and maxFold: the smallest and largest scalars with case equivalents.
        #expect(CaseFolding.foldingBounds == (0x41, 0x1E943))
        #expect(CaseFolding.simpleFold(0x41) == 0x61)
        #expect(CaseFolding.simpleFold(0x61) == 0x41)
        #expect(CaseFolding.simpleFold(0x4B) == 0x6B)       // K → k → K (Kelvin) → K
        #expect(CaseFolding.simpleFold(0x6B) == 0x212A)
        #expect(CaseFolding.simpleFold(0x212A) == 0x4B)
        #expect(CaseFolding.simpleFold(0x3A3) == 0x3C2)      // Σ → ς → σ → Σ
        #expect(CaseFolding.simpleFold(0x3C2) == 0x3C3)
        #expect(CaseFolding.simpleFold(0x3C3) == 0x3A3)
        #expect(CaseFolding.simpleFold(0x31) == 0x31)
        #expect(CaseFolding.simpleFold(0x1E943) == 0x1E921)
    }
}
