import Testing
@testable import TimeSeries

/// Matching with Go's semantics: leftmost-first choices, flags, classes, case folding, captures. The expected
/// groups were checked against RE2 (PyPI google-re2), which agrees with Go on all of these.
@Suite struct GoRegexMatchTests {
    static let firstMatches: [(String, String, [String?]?)] = [
        ("a|ab", "ab", ["a"]),
        ("ab|a", "ab", ["ab"]),
        ("(a|ab)(c|bcd)", "abcd", ["abcd", "a", "bcd"]),
        ("(a+)(b+)?", "aab", ["aab", "aa", "b"]),
        ("(a*)*", "b", ["", ""]),
        ("(a*)+", "b", ["", ""]),
        ("(a|b)*", "abba", ["abba", "a"]),
        ("(a*)(a*)", "aaa", ["aaa", "aaa", ""]),
        ("(a*?)(a*)", "aaa", ["aaa", "", "aaa"]),
        ("(a+?)(a*)", "aaa", ["aaa", "a", "aa"]),
        ("a*?", "aaa", [""]),
        ("a+?", "aaa", ["a"]),
        ("a??b", "ab", ["ab"]),
        ("(?U)a+", "aaa", ["a"]),
        ("(?U)a+?", "aaa", ["aaa"]),
        ("(|a)*", "aa", ["", ""]),
        ("(|a)+", "aa", ["", ""]),
        ("(a|)*", "aa", ["aa", "a"]),
        ("(a?)*?b", "aab", ["aab", "a"]),
        ("x*", "\u{263A}xx", [""]),
        ("(x)?y", "y", ["y", nil]),
        ("(a)|(b)", "b", ["b", nil, "b"]),
        ("(a){0}b", "ab", ["b", nil]),
        ("(a){2}", "aaa", ["aa", "a"]),
        ("(a){2,3}", "aaaa", ["aaa", "a"]),
        ("(a){2,3}?", "aaaa", ["aa", "a"]),
        ("(?:a{2}){2}", "aaaaa", ["aaaa"]),
        ("a{,2}", "a{,2}", ["a{,2}"]),
        ("x{", "x{", ["x{"]),
        ("a{2,}", "aaaa", ["aaaa"]),
        ("(ab|a)(bc|c)?", "abc", ["abc", "ab", "c"]),
        ("(a|ab)(bc|c)?", "abc", ["abc", "a", "bc"]),
        ("^abc$", "abc", ["abc"]),
        ("^b", "a\u{A}b", nil),
        ("(?m)^b", "a\u{A}b", ["b"]),
        ("a$", "a\u{A}b", nil),
        ("(?m)a$", "a\u{A}b", ["a"]),
        ("(?m)^$", "a\u{A}\u{A}b", [""]),
        ("(?m)$\u{A}^", "a\u{A}b", ["\u{A}"]),
        ("\\Aa", "ba", nil),
        ("a\\z", "a\u{A}", nil),
        ("a.b", "a\u{A}b", nil),
        ("(?s)a.b", "a\u{A}b", ["a\u{A}b"]),
        ("[^a]", "\u{A}", ["\u{A}"]),
        ("a.c", "a\u{263A}c", ["a\u{263A}c"]),
        ("\\bfoo\\b", "a foo.", ["foo"]),
        ("\\bfoo\\b", "afoo", nil),
        ("\\Bfoo", "afoo", ["foo"]),
        ("\\bfoo", "\u{E9}foo", ["foo"]),
        ("\\b", "", nil),
        ("\\B", "", [""]),
        ("^\\b$", "", nil),
        ("[a-c]+", "xabcx", ["abc"]),
        ("[^a-c]+", "abxyc", ["xy"]),
        ("[]a]+", "]a]", ["]a]"]),
        ("[a-]+", "a-a", ["a-a"]),
        ("[\\d\\s]+", "a1 2b", ["1 2"]),
        ("[[:alpha:]]+", "12ab3", ["ab"]),
        ("[[:^alpha:]]+", "ab12c", ["12"]),
        ("[[:word:]]+", "-a_1-", ["a_1"]),
        ("\\d+", "x\u{663} 42", ["42"]),
        ("\\w+", "\u{E9}t\u{E9}", ["t"]),
        ("\\s", "\u{B}", nil),
        ("[\\s]", "\u{B}", nil),
        ("[[:space:]]", "\u{B}", ["\u{B}"]),
        ("\\pL+", "1\u{E9}t\u{E9}!", ["\u{E9}t\u{E9}"]),
        ("\\p{Greek}+", "a\u{3B1}\u{3B2}b", ["\u{3B1}\u{3B2}"]),
        ("\\PL+", "ab12cd", ["12"]),
        ("\\p{^Greek}+", "\u{3B1}ab\u{3B2}", ["ab"]),
        ("[\\p{Lu}\\d]+", "aB1c", ["B1"]),
        ("\\p{Han}", "x\u{4E2D}y", ["\u{4E2D}"]),
        ("\\pN+", "a\u{663}\u{BD}9", ["\u{663}\u{BD}9"]),
        ("\\p{Any}+", "a\u{A}b", ["a\u{A}b"]),
        ("\\x41\\x{42}\\103", "ABC", ["ABC"]),
        ("\\a\\f\\t\\n\\r\\v", "\u{7}\u{C}\u{9}\u{A}\u{D}\u{B}", ["\u{7}\u{C}\u{9}\u{A}\u{D}\u{B}"]),
        ("\\Qa.b*c\\E", "xa.b*c", ["a.b*c"]),
        ("\\Qa.b", "a.b", ["a.b"]),
        ("\\x{10FFFF}", "\u{10FFFF}", ["\u{10FFFF}"]),
        ("\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\", ".*+?()[]{}|^$\\", [".*+?()[]{}|^$\\"]),
        ("\\0", "\u{0}", ["\u{0}"]),
        ("\\1010", "A0", ["A0"]),
        ("(?i)k", "\u{212A}", ["\u{212A}"]),
        ("(?i)s", "\u{17F}", ["\u{17F}"]),
        ("(?i)\u{3C3}", "\u{3A3}\u{3C2}", ["\u{3A3}"]),
        ("(?i)\u{3C2}", "\u{3C3}", ["\u{3C3}"]),
        ("(?i)[a-c]+", "xABcx", ["ABc"]),
        ("(?i)[^k]", "\u{212A}x", ["x"]),
        ("(?i)\\W", "k\u{212A}!", ["!"]),
        ("(?i)\\w", "\u{212A}", ["\u{212A}"]),
        ("(?i)[[:upper:]]", "\u{17F}", ["\u{17F}"]),
        ("(?i)\\p{Lu}", "a", ["a"]),
        ("(?i)ERROR", "an error", ["error"]),
        ("(?i:a)b", "AB", nil),
        ("(?i)a(?-i)b", "AB", nil),
        ("(?i)a(?-i:b)c", "AbC", ["AbC"]),
        ("(?i)\u{DF}", "\u{1E9E}", ["\u{1E9E}"]),
        ("(?i)\u{1C5}", "\u{1C4}\u{1C6}", ["\u{1C4}"]),
        ("(?P<year>\\d{4})-(?<m>\\d\\d)", "on 2024-05-01", ["2024-05", "2024", "05"]),
        ("\u{263A}+", "a\u{263A}\u{263A}b", ["\u{263A}\u{263A}"]),
        ("", "abc", [""]),
        ("$", "abc", [""]),
        ("(?:)", "", [""]),
    ]

    @Test(arguments: firstMatches)
    func firstMatch(_ pattern: String, _ input: String, _ expected: [String?]?) throws {
        let re = try GoRegex(pattern)
        #expect(re.firstMatchGroups(input) == expected, "\(pattern) on \(input.debugDescription)")
        #expect(re.matches(input) == (expected != nil), "\(pattern) matches \(input.debugDescription)")
    }

    /// Go 1.25 looks Unicode class names up ignoring case, spaces, `_` and `-`, and knows a few more names.
    static let goOnlyClasses: [(String, String, Bool)] = [
        ("\\p{Letter}", "é", true),
        ("\\p{Uppercase_Letter}", "a", false),
        ("\\p{upper case-let ter}", "A", true),
        ("\\pl", "é", true),
        ("\\p{greek}", "α", true),
        ("\\p{LC}", "ǅ", true),
        ("\\p{LC}", "ª", false),
        ("\\p{Cn}", "\u{378}", true),
        ("\\p{Assigned}", "\u{378}", false),
        ("\\p{Assigned}", "a", true),
        ("\\p{ASCII}", "\u{7F}", true),
        ("\\p{ascii}", "é", false),
        ("(?i)\\p{ascii}", "\u{212A}", true),
        ("\\p{^Any}", "a", false),
        ("\\p{digit}", "٣", true),
        ("\\p{Canadian_Aboriginal}", "ᐁ", true),
        ("\\p{old italic}", "\u{10300}", true),
    ]

    @Test(arguments: goOnlyClasses)
    func goClassNames(_ pattern: String, _ input: String, _ expected: Bool) throws {
        #expect(try GoRegex("^" + pattern + "$").matches(input) == expected, "\(pattern) on \(input)")
    }

    @Test func anchoredLikeLabelMatchers() throws {
        let r = try GoRegex("a|ab", anchored: true, dotMatchesNewline: true)
        #expect(r.matches("ab"))
        #expect(r.firstMatchGroups("ab") == ["ab"])
        #expect(!r.matches("abc"))
        #expect(try GoRegex("foo", anchored: true).matches("foo"))
        #expect(try !GoRegex("foo", anchored: true).matches("foobar"))
        #expect(try GoRegex(".*", anchored: true, dotMatchesNewline: true).matches("a\nb"))
        #expect(try !GoRegex(".*", anchored: true).matches("a\nb"))
        #expect(try GoRegex("(?-s:.*)", anchored: true, dotMatchesNewline: true).matches("ab"))
        #expect(try !GoRegex("(?-s:.*)", anchored: true, dotMatchesNewline: true).matches("a\nb"))
        #expect(try GoRegex("", anchored: true).matches(""))
        #expect(try !GoRegex("", anchored: true).matches("x"))
    }

    /// The shapes answered without a machine must agree with the machines.
    static let shortcutShapes: [(String, [String: Bool])] = [
        (".*foo.*", ["foo": true, "xfooy": true, "fo": false, "a\nfoo\n": true]),
        ("foo.*", ["foo": true, "foox": true, "xfoo": false]),
        (".*foo", ["foo": true, "xfoo": true, "foox": false]),
        ("api|web|db", ["api": true, "web": true, "dbx": false, "": false]),
        ("(foo)", ["foo": true, "fo": false]),
        ("a|b", ["a": true, "b": true, "ab": false]),
        ("(?:)", ["": true, "a": false]),
        ("\\x{D800}|a", ["a": true, "": false]),
    ]

    @Test(arguments: shortcutShapes)
    func literalShapes(_ pattern: String, _ inputs: [String: Bool]) throws {
        let r = try GoRegex(pattern, anchored: true, dotMatchesNewline: true)
        for (input, expected) in inputs {
            #expect(r.matches(input) == expected, "\(pattern) on \(input.debugDescription)")
            #expect((r.firstMatchGroups(input) != nil) == expected, "\(pattern) groups on \(input.debugDescription)")
        }
        let unanchored = try GoRegex("foo")
        #expect(unanchored.matches("a foo b"))
        #expect(!unanchored.matches("a fo b"))
    }

    @Test func pathologicalPatternsRunInLinearTime() throws {
        // Backtracking engines take exponential time here; Go's and this one do not.
        let x100k = String(repeating: "x", count: 100_000)
        let anchored = try GoRegex("(x+x+)+y", anchored: true, dotMatchesNewline: true)
        #expect(!anchored.matches(x100k))
        #expect(anchored.matches(x100k + "y"))
        let search = try GoRegex("(x+x+)+y")
        #expect(search.firstMatchGroups(x100k) == nil)
        #expect(try GoRegex("(a*)*b").firstMatchGroups(String(repeating: "a", count: 50_000)) == nil)
        #expect(try GoRegex("(?:a|aa)*c").matches(String(repeating: "a", count: 50_000)) == false)
        #expect(try GoRegex("(x+x+)+$").firstMatchIndices(x100k) == [0, 100_000, 0, 100_000])
    }

    @Test func longTextUsesThePikeVM() throws {
        // Past the backtracker's bitmap limit the Pike VM must give the same leftmost-first answer.
        let long = String(repeating: "ab", count: 40_000) + "abc"
        let r = try GoRegex("(a|ab)(c|b)")
        #expect(r.firstMatchGroups(long) == ["ab", "a", "b"])
        #expect(try GoRegex("(ab)+c").firstMatchIndices(long) == [0, 80_003, 80_000, 80_002])
        #expect(try GoRegex("(?m)^c").firstMatchGroups(long + "\nc") == ["c"])
        #expect(try GoRegex("\\bc\\b").firstMatchGroups(long + " c") == ["c"])
    }
}
