import Testing
@testable import TimeSeries

/// `GoRegex` accepts what Go's `regexp` accepts and refuses the rest with Go's messages.
@Suite struct GoRegexSyntaxTests {
    private func error(_ pattern: String) -> String? {
        do {
            _ = try GoRegex(pattern)
            return nil
        } catch {
            return error.message
        }
    }

    static let errors: [(String, String)] = [
        ("(abc", "missing closing ): `(abc`"),
        ("(", "missing closing ): `(`"),
        ("(a|b", "missing closing ): `(a|b`"),
        ("a)", "unexpected ): `a)`"),
        ("(a))", "unexpected ): `(a))`"),
        (")", "unexpected ): `)`"),
        ("a**", "invalid nested repetition operator: `**`"),
        ("a++", "invalid nested repetition operator: `++`"),
        ("a*??", "invalid nested repetition operator: `*??`"),
        ("a{2}{3}", "invalid nested repetition operator: `{2}{3}`"),
        ("a{2}*", "invalid nested repetition operator: `{2}*`"),
        ("x{1001}", "invalid repeat count: `{1001}`"),
        ("x{2,1001}", "invalid repeat count: `{2,1001}`"),
        ("x{2,1}", "invalid repeat count: `{2,1}`"),
        ("x{9876543210}", "invalid repeat count: `{9876543210}`"),
        ("(?:[a-z]{4}){0,251}", "invalid repeat count: `{0,251}`"),
        ("((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})", "invalid repeat count: `{2}`"),
        ("*", "missing argument to repetition operator: `*`"),
        ("*a", "missing argument to repetition operator: `*`"),
        ("a|*", "missing argument to repetition operator: `*`"),
        ("(*)", "missing argument to repetition operator: `*`"),
        ("(?i)*", "missing argument to repetition operator: `*`"),
        ("??", "missing argument to repetition operator: `??`"),
        ("{1}", "missing argument to repetition operator: `{1}`"),
        ("\\Q\\E*", "missing argument to repetition operator: `*`"),
        ("\\8", "invalid escape sequence: `\\8`"),
        ("\\1", "invalid escape sequence: `\\1`"),
        ("(a)\\1", "invalid escape sequence: `\\1`"),
        ("\\Z", "invalid escape sequence: `\\Z`"),
        ("\\q", "invalid escape sequence: `\\q`"),
        ("\\C", "invalid escape sequence: `\\C`"),
        ("\\é", "invalid escape sequence: `\\é`"),
        ("\\xZ1", "invalid escape sequence: `\\xZ1`"),
        ("\\x{", "invalid escape sequence: `\\x{`"),
        ("\\x{}", "invalid escape sequence: `\\x{}`"),
        ("\\x{110000}", "invalid escape sequence: `\\x{110000`"),
        ("\\x{zz}", "invalid escape sequence: `\\x{z`"),
        ("[\\b]", "invalid escape sequence: `\\b`"),
        ("[a-\\d]", "invalid escape sequence: `\\d`"),
        ("z-a[z-a]", "invalid character class range: `z-a`"),
        ("[a-Z]", "invalid character class range: `a-Z`"),
        ("(?i)[a-Z]", "invalid character class range: `a-Z`"),
        ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
        ("[[:a]b:]]", "invalid character class range: `[:a]b:]`"),
        ("\\p{Foo}", "invalid character class range: `\\p{Foo}`"),
        ("\\pX", "invalid character class range: `\\pX`"),
        ("\\p", "invalid character class range: `\\p`"),
        ("\\p{Greek", "invalid character class range: `\\p{Greek`"),
        ("[a", "missing closing ]: `[a`"),
        ("x[a-z", "missing closing ]: `[a-z`"),
        ("[]a", "missing closing ]: `[]a`"),
        ("[a-", "missing closing ]: `[a-`"),
        ("(?P<name>a", "missing closing ): `(?P<name>a`"),
        ("(?P<name", "invalid named capture: `(?P<name`"),
        ("(?P<x y>a)", "invalid named capture: `(?P<x y>`"),
        ("(?P<>a)", "invalid named capture: `(?P<>`"),
        ("(?<>a)", "invalid named capture: `(?<>`"),
        ("(?<é>a)", "invalid named capture: `(?<é>`"),
        // Go 1.22+ reads `(?<` as a named group, so look-behind is refused as a bad name.
        ("(?<=x)y", "invalid named capture: `(?<=x)y`"),
        ("(?<!x)y", "invalid named capture: `(?<!x)y`"),
        ("(?=x)", "invalid or unsupported Perl syntax: `(?=`"),
        ("(?!x)", "invalid or unsupported Perl syntax: `(?!`"),
        ("(?P=n)", "invalid or unsupported Perl syntax: `(?P`"),
        ("(?x)a", "invalid or unsupported Perl syntax: `(?x`"),
        ("(?i", "invalid or unsupported Perl syntax: `(?i`"),
        ("(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"),
        ("(?-)", "invalid or unsupported Perl syntax: `(?-)`"),
        ("(?i--s)", "invalid or unsupported Perl syntax: `(?i--`"),
        ("(?'n'a)", "invalid or unsupported Perl syntax: `(?'`"),
        ("a\\", "trailing backslash at end of expression: ``"),
        ("[a\\", "trailing backslash at end of expression: ``"),
    ]

    @Test(arguments: errors)
    func refusesWithGoMessage(_ pattern: String, _ message: String) {
        #expect(error(pattern) == "error parsing regexp: " + message, "\(pattern)")
    }

    static let accepted: [String] = [
        "", "|", "()", "(?:)", "(?)", "(?i)(?-i)", "a{,2}", "x{1001", "x{2,1", "x{01}", "a*?", "a+?", "a??",
        "a{2}?", "a{2,}?", "x{1000}", "x{0,1000}", "(?:[a-z]{4}){0,250}", "\\0", "\\Q", "\\Qab", "[]a]", "[^]a]",
        "[a-]", "[-a]", "[a-b-c]", "[[]", "[&&]", "a*{", "^*", "$+", "\\b*", "(?P<n>a)(?P<n>b)", "(?P<1>a)",
        "(?<name>a)", "(?U)a*", "(?imsU-imsU:a)", "\\pL", "\\p{Greek}", "\\PL", "\\p{^Greek}", "\\P{^Greek}",
        "\\p{Any}", "\\p{ascii}", "\\p{Letter}", "\\p{upper case-let ter}", "\\pl", "\\p{greek}", "\\p{Assigned}",
        "\\p{Cn}", "\\p{LC}", "\\p{Canadian_Aboriginal}", "[\\p{Braille}\\d]", "\\x{10FFFF}", "\\x7F", "\\_",
        "\\-", "\\\u{7F}", String(repeating: "(", count: 999) + String(repeating: ")", count: 999),
        String(repeating: "(?:", count: 999) + String(repeating: ")*", count: 999),
        "(" + String(repeating: "|", count: 12345) + ")",
    ]

    @Test(arguments: accepted)
    func accepts(_ pattern: String) {
        #expect(error(pattern) == nil, "\(pattern)")
    }

    @Test func limits() {
        #expect(error(String(repeating: "(", count: 1000) + String(repeating: ")", count: 1000))
                    == "error parsing regexp: expression nests too deeply: `" + String(repeating: "(", count: 1000)
                    + String(repeating: ")", count: 1000) + "`")
        #expect(error(String(repeating: "(?:", count: 1000) + String(repeating: ")*", count: 1000))?
                    .hasPrefix("error parsing regexp: expression nests too deeply: ") == true)
        #expect(error("(" + String(repeating: "(xx?)", count: 1000) + "){1000}")?
                    .hasPrefix("error parsing regexp: expression too large: ") == true)
        #expect(error(String(repeating: "(xx?){1000}", count: 1000))?
                    .hasPrefix("error parsing regexp: expression too large: ") == true)
        #expect(error(String(repeating: "\\pL", count: 27000))?
                    .hasPrefix("error parsing regexp: expression too large: ") == true)
        #expect(error("a{1000}b{1000}") == nil)
    }

    @Test func errorParts() throws {
        do {
            _ = try GoRegex("a**")
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidRepeatOp)
            #expect(error.expression == "**")
            #expect(error.description == error.message)
        }
    }

    @Test func groupsAndNames() throws {
        let r = try GoRegex("(?P<host>[a-z]+):(\\d+)(?<port>x)?")
        #expect(r.numberOfCaptureGroups == 3)
        #expect(r.subexpNames == ["", "host", "", "port"])
        #expect(r.groupNames == ["host", "port"])
        #expect(r.subexpIndex("port") == 3)
        #expect(r.subexpIndex("nope") == nil)
        #expect(try GoRegex("(a){0}").numberOfCaptureGroups == 1)
        #expect(try GoRegex("(?i)x").pattern == "(?i)x")
        #expect(try GoRegex("a|b").description == "a|b")
    }
}
