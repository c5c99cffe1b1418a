import Testing
@testable import TimeSeries

/// `GoRegex` behaves as Go's `regexp` where the previous ICU-based translation needed care.
@Suite struct GoRegexTests {
    private func re(_ p: String) throws -> GoRegex { try GoRegex(p) }

    private func error(_ pattern: String) -> String? {
        do {
            _ = try GoRegex(pattern)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func unanchoredByDefault() throws {
        #expect(try re("foo").matches("a foo b"))
        #expect(try re("^foo").matches("foobar"))
        #expect(try !re("^foo").matches("xfoo"))
        #expect(try GoRegex("foo", anchored: true).matches("foo"))
        #expect(try !GoRegex("foo", anchored: true).matches("foobar"))
    }

    @Test func dotAndNewlines() throws {
        // RE2: `.` excludes only \n unless (?s) is set.
        #expect(try !re("a.b").matches("a\nb"))
        #expect(try re("(?s)a.b").matches("a\nb"))
        #expect(try GoRegex("a.b", dotMatchesNewline: true).matches("a\nb"))
        #expect(try re("a.b").matches("a\rb"))
        #expect(try re("a.b").matches("a\u{85}b"))
        #expect(try re("a.b").matches("a\u{2028}b"))
    }

    @Test func dollarIsEndOfText() throws {
        #expect(try re("a$").matches("xa"))
        #expect(try !re("a$").matches("a\n"))
        #expect(try !re("a$").matches("a\nb"))
        #expect(try re("(?m)a$").matches("a\nb"))
        #expect(try re("a\\z").matches("a"))
        #expect(try !re("a\\z").matches("a\n"))
    }

    @Test func flagGroups() throws {
        #expect(try re("(?i)abc").matches("xABCx"))
        #expect(try re("(?i:a)b").matches("Ab"))
        #expect(try !re("(?i:a)b").matches("AB"))
        #expect(try re("(?is)a.b").matches("A\nB"))
        #expect(try re("(?i)a(?-i)b").matches("Ab"))
        #expect(try !re("(?i)a(?-i)b").matches("AB"))
        #expect(try re("(?:ab)+").matches("abab"))
    }

    @Test func perlClassesAreASCII() throws {
        #expect(try re("^\\d+$").matches("2024"))
        #expect(try !re("\\d").matches("٣"))
        #expect(try re("\\D").matches("٣"))
        #expect(try !re("\\w").matches("é"))
        #expect(try re("^[\\w.-]+$").matches("node-1.local"))
        #expect(try re("\\s").matches("\t"))
        #expect(try !re("\\s").matches("\u{A0}"))
        #expect(try !re("\\s").matches("\u{0B}"))    // RE2's \s leaves out \v
        #expect(try re("\\bfoo\\b").matches("a foo."))
        #expect(try re("\\bfoo\\b").matches("éfooé"))  // é is not a word character in RE2, so \b sits beside it
    }

    @Test func controlEscapes() throws {
        #expect(try re("^\\v$").matches("\u{0B}"))
        #expect(try !re("\\v").matches("\n"))      // ICU's \v would also match \n, \r, U+0085...
        #expect(try !re("[\\v]").matches("\r"))
        #expect(try re("^\\a\\f\\t\\n\\r$").matches("\u{07}\u{0C}\t\n\r"))
        #expect(try re("^\\x41\\x{42}$").matches("AB"))
    }

    @Test func literalBraces() throws {
        #expect(try re("^a{$").matches("a{"))
        #expect(try re("^{$").matches("{"))
        #expect(try re("^}$").matches("}"))
        #expect(try re("^a{,3}$").matches("a{,3}"))
        #expect(try re("^a{x}$").matches("a{x}"))
        #expect(try re("^a{2,3}$").matches("aaa"))
        #expect(try re("^a{2,}$").matches("aaaaa"))
        #expect(try re("^\\{\"k\":1\\}$").matches("{\"k\":1}"))
    }

    @Test func characterClasses() throws {
        #expect(try re("^[]a]+$").matches("]a]"))
        #expect(try re("^[^]a]+$").matches("xyz"))
        #expect(try re("^[a[]+$").matches("a[a"))
        #expect(try re("^[&&]+$").matches("&&"))
        #expect(try re("^[[:alpha:]]+$").matches("Hello"))
        #expect(try !re("[[:alpha:]]").matches("é"))
        #expect(try !re("[[:alpha:]]").matches("1"))
        #expect(try re("^[[:alnum:]_]+$").matches("a_1"))
        #expect(try re("^[[:xdigit:]]+$").matches("00ffAA"))
        #expect(try !re("[[:xdigit:]]").matches("g"))
        #expect(try re("^[[:punct:]]+$").matches("!-/:@[`{~"))
        #expect(try !re("[[:upper:]]").matches("É"))
        #expect(try re("^[[:^digit:]]+$").matches("abc"))
    }

    @Test func octalEscapes() throws {
        // Go reads \0 and \1-\7 followed by an octal digit as a character code; only a lone \1-\7 is refused.
        #expect(try re("^\\101\\102$").matches("AB"))
        #expect(try re("^a\\0$").matches("a\u{0}"))
        #expect(try re("^\\12$").matches("\n"))
        #expect(try re("^[\\60-\\71]+$").matches("0123"))
        #expect(try re("^\\1010$").matches("A0"))  // at most three octal digits
    }

    @Test func namedGroupSpellings() throws {
        #expect(try re("(?P<a>x)(?<b>y)").groupNames == ["a", "b"])
        #expect(try re("^(?<b>y)+$").matches("yy"))
    }

    @Test func quotedLiterals() throws {
        #expect(try re("^\\Qa.b*c\\E$").matches("a.b*c"))
        #expect(try !re("^\\Qa.b\\E$").matches("axb"))
    }

    @Test func captureGroupsAndExpand() throws {
        let r = try re("(?P<host>[a-z]+):(\\d+)")
        #expect(r.groupNames == ["host"])
        #expect(r.numberOfCaptureGroups == 2)
        let groups = try #require(r.firstMatchGroups("at web:8080 now"))
        #expect(groups == ["web:8080", "web", "8080"])
        #expect(r.expand(template: "$host-${2}", groups: groups) == "web-8080")
        #expect(r.expand(template: "$1$$", groups: groups) == "web$")
        #expect(r.expand(template: "$9|$nope", groups: groups) == "|")
        let named = try re("(?<host>[a-z]+)")
        #expect(named.groupNames == ["host"])
        #expect(named.expand(template: "${host}!", groups: ["ab", "ab"]) == "ab!")
    }

    @Test func rejectsWhatRE2Rejects() {
        #expect(error("(a)\\1") == "error parsing regexp: invalid escape sequence: `\\1`")
        #expect(error("(?=x)") == "error parsing regexp: invalid or unsupported Perl syntax: `(?=`")
        #expect(error("(?!x)") == "error parsing regexp: invalid or unsupported Perl syntax: `(?!`")
        // Go 1.22+ reads `(?<` as the start of a named group.
        #expect(error("(?<=x)y") == "error parsing regexp: invalid named capture: `(?<=x)y`")
        #expect(error("(?<!x)y") == "error parsing regexp: invalid named capture: `(?<!x)y`")
        #expect(error("a**") == "error parsing regexp: invalid nested repetition operator: `**`")
        #expect(error("a++") == "error parsing regexp: invalid nested repetition operator: `++`")
        #expect(error("x{1001}") == "error parsing regexp: invalid repeat count: `{1001}`")
        #expect(error("x{2,1001}") == "error parsing regexp: invalid repeat count: `{2,1001}`")
        #expect(error("*a") == "error parsing regexp: missing argument to repetition operator: `*`")
        #expect(error("\\8") == "error parsing regexp: invalid escape sequence: `\\8`")
        #expect(error("\\Z") == "error parsing regexp: invalid escape sequence: `\\Z`")
        #expect(error("[a") == "error parsing regexp: missing closing ]: `[a`")
        #expect(error("a\\") == "error parsing regexp: trailing backslash at end of expression: ``")
        #expect(error("[[:foo:]]") == "error parsing regexp: invalid character class range: `[:foo:]`")
        #expect(error("(?i") != nil)
        #expect(error("(?)") == nil)  // an empty flag group, as Go and RE2 accept
        #expect(error("(?x)a") != nil)
        #expect(error("(") != nil)
        #expect(error("a)") != nil)
        #expect(error("x{1000}") == nil)
        #expect(error("a*?") == nil)
        #expect(error("\\0") == nil)
    }

    @Test func description() throws {
        #expect(try re("a|b").description == "a|b")
        #expect(try re("(?i)x").pattern == "(?i)x")
    }
}
