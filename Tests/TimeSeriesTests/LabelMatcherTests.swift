import Testing
@testable import TimeSeries

@Suite struct LabelMatcherTests {
    private func m(_ type: LabelMatcher.MatchType, _ value: String) throws -> LabelMatcher {
        try LabelMatcher(type, "job", value)
    }

    @Test func equalAndNotEqual() throws {
        #expect(try m(.equal, "api").matches("api"))
        #expect(try !m(.equal, "api").matches("API"))
        #expect(try !m(.equal, "api").matches("api "))
        #expect(try m(.notEqual, "api").matches("web"))
        #expect(try !m(.notEqual, "api").matches("api"))
        // An absent label reads as the empty string.
        #expect(try m(.equal, "").matchesEmpty)
        #expect(try m(.notEqual, "api").matchesEmpty)
        #expect(try !m(.notEqual, "").matchesEmpty)
    }

    @Test func regexIsFullyAnchored() throws {
        let foo = try m(.regexMatch, "foo")
        #expect(foo.matches("foo"))
        #expect(!foo.matches("foobar"))
        #expect(!foo.matches("barfoo"))
        #expect(!foo.matches("xfoox"))
        let prefix = try m(.regexMatch, "foo.*")
        #expect(prefix.matches("foobar"))
        #expect(!prefix.matches("xfoobar"))
        // Alternation binds inside the anchors: ^(?:a|b)$, not ^a|b$.
        let alt = try m(.regexMatch, "ab|cd.*")
        #expect(alt.matches("ab"))
        #expect(!alt.matches("abx"))
        #expect(alt.matches("cdx"))
        #expect(!alt.matches("xcd"))
        // An explicit ^ or $ changes nothing.
        #expect(try m(.regexMatch, "^foo$").matches("foo"))
        #expect(try !m(.regexMatch, "^foo").matches("foobar"))
    }

    @Test func dotMatchesNewline() throws {
        #expect(try m(.regexMatch, "a.b").matches("a\nb"))
        #expect(try m(.regexMatch, ".*").matches("line one\nline two"))
        #expect(try m(.regexMatch, "line.*").matches("line one\nline two"))
        #expect(try m(.regexMatch, ".+").matches("\n"))
        #expect(try m(.regexMatch, "a.c").matches("a\rc"))
    }

    @Test func caseInsensitiveFlag() throws {
        let re = try m(.regexMatch, "(?i)error")
        #expect(re.matches("ERROR"))
        #expect(re.matches("Error"))
        #expect(!re.matches("errors"))
        #expect(try m(.regexMatch, "(?i:warn)ing").matches("WARNing"))
        #expect(try !m(.regexMatch, "(?i:warn)ing").matches("WARNING"))
    }

    @Test func groups() throws {
        #expect(try m(.regexMatch, "(?:api|web)-[0-9]+").matches("web-12"))
        #expect(try m(.regexMatch, "(?P<kind>api|web)-1").matches("api-1"))
        #expect(try m(.regexMatch, "(api|web)?").matches(""))
    }

    @Test func shortcuts() throws {
        let any = try m(.regexMatch, ".*")
        #expect(any.matches(""))
        #expect(any.matches("anything"))
        #expect(any.matchesEmpty)
        let nonEmpty = try m(.regexMatch, ".+")
        #expect(nonEmpty.matches("x"))
        #expect(!nonEmpty.matches(""))
        #expect(!nonEmpty.matchesEmpty)
        let literals = try m(.regexMatch, "api|web|db")
        #expect(literals.matches("web"))
        #expect(!literals.matches("we"))
        #expect(!literals.matches("api|web"))
        #expect(!literals.matches(""))
        let withEmpty = try m(.regexMatch, "api|")
        #expect(withEmpty.matches(""))
        #expect(withEmpty.matches("api"))
        let empty = try m(.regexMatch, "")
        #expect(empty.matches(""))
        #expect(!empty.matches("x"))
    }

    @Test func notRegex() throws {
        let re = try m(.regexNoMatch, "api|web")
        #expect(!re.matches("api"))
        #expect(re.matches("apix"))
        #expect(re.matches(""))
        #expect(try !m(.regexNoMatch, ".*").matches("x"))
        #expect(try !m(.regexNoMatch, ".*").matchesEmpty)
        #expect(try m(.regexNoMatch, ".+").matchesEmpty)
        #expect(try !m(.regexNoMatch, "a.b").matches("a\nb"))
        #expect(try m(.regexNoMatch, "foo").matches("foobar"))
    }

    @Test func digitClassIsASCII() throws {
        let re = try m(.regexMatch, "\\d+")
        #expect(re.matches("0123456789"))
        #expect(!re.matches("٣"))      // ARABIC-INDIC DIGIT THREE
        #expect(!re.matches("１"))      // FULLWIDTH DIGIT ONE
        #expect(try !m(.regexMatch, "\\w+").matches("é"))
        #expect(try m(.regexMatch, "\\w+").matches("a_Z9"))
    }

    @Test func dollarIsEndOfText() throws {
        #expect(try m(.regexMatch, "foo$").matches("foo"))
        #expect(try !m(.regexMatch, "foo$").matches("foo\n"))
        #expect(try !m(.regexMatch, "foo").matches("foo\n"))
    }

    @Test func literalBraces() throws {
        #expect(try m(.regexMatch, "a{").matches("a{"))
        #expect(try m(.regexMatch, "{}").matches("{}"))
        #expect(try m(.regexMatch, "x{a}").matches("x{a}"))
        #expect(try m(.regexMatch, "a{,2}").matches("a{,2}"))
        #expect(try m(.regexMatch, "a{2}").matches("aa"))
        #expect(try !m(.regexMatch, "a{2}").matches("a{2}"))
    }

    @Test func posixClasses() throws {
        let alpha = try m(.regexMatch, "[[:alpha:]]+")
        #expect(alpha.matches("abcXYZ"))
        #expect(!alpha.matches("abc1"))
        #expect(!alpha.matches("é"))    // RE2's POSIX classes are ASCII
        #expect(try m(.regexMatch, "[[:digit:][:upper:]]+").matches("A1B2"))
        #expect(try m(.regexMatch, "[^[:space:]]+").matches("a-b"))
        #expect(try !m(.regexMatch, "[^[:space:]]+").matches("a b"))
        #expect(try m(.regexMatch, "[[:^alpha:]]+").matches("123"))
        #expect(try !m(.regexMatch, "[[:^alpha:]]+").matches("1a"))
    }

    @Test func invalidRegexesThrow() {
        for pattern in ["(a)\\1", "(?=x)", "(?!x)", "(?<=x)", "a**", "a++", "x{1001}", "(", "[a", "*a", "\\"] {
            #expect(throws: GoRegex.SyntaxError.self, "\(pattern)") { try LabelMatcher(.regexMatch, "job", pattern) }
            #expect(throws: GoRegex.SyntaxError.self, "\(pattern)") { try LabelMatcher(.regexNoMatch, "job", pattern) }
        }
        // Equality matchers take any value literally.
        #expect((try? LabelMatcher(.equal, "job", "(?=x)")) != nil)
    }

    @Test func description() throws {
        #expect(try LabelMatcher(.equal, "job", "api").description == #"job="api""#)
        #expect(try LabelMatcher(.notEqual, "job", "a\"b").description == #"job!="a\"b""#)
        #expect(try LabelMatcher(.regexMatch, "path", "/api/.*").description == #"path=~"/api/.*""#)
        #expect(try LabelMatcher(.regexNoMatch, "job", "a\\d").description == #"job!~"a\\d""#)
        #expect(try LabelMatcher(.equal, "service.name", "x").description == #""service.name"="x""#)
    }

    @Test func equalityIgnoresCompiledState() throws {
        let a = try LabelMatcher(.regexMatch, "job", "a|b")
        let b = try LabelMatcher(.regexMatch, "job", "a|b")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != (try LabelMatcher(.regexNoMatch, "job", "a|b")))
        #expect(Set([a, b]).count == 1)
    }
}
