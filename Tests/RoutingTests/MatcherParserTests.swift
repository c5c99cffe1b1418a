import Testing
import TimeSeries
@testable import Routing

/// Cases and messages from Alertmanager's `matcher/parse/parse_test.go`.
@Suite struct MatcherParserTests {
    @Test(arguments: [
        ("", "{}"), ("{}", "{}"), ("{foo=bar}", #"{foo="bar"}"#), ("{foo=bar,}", #"{foo="bar"}"#),
        ("{foo!=bar}", #"{foo!="bar"}"#), ("{foo=~[a-z]+}", #"{foo=~"[a-z]+"}"#), ("{foo!~[a-z]+}", #"{foo!~"[a-z]+"}"#),
        ("{foo=🙂}", #"{foo="🙂"}"#), ("foo=bar,", #"{foo="bar"}"#), (#"{"foo"="bar"}"#, #"{foo="bar"}"#),
        (#"{"foo"=~"\\d+"}"#, #"{foo=~"\\d+"}"#), (#"{"foo"="\U0001f642"}"#, #"{foo="🙂"}"#),
        (#"{"foo"="bar\n"}"#, #"{foo="bar\n"}"#), (#"{"foo"="\"bar\""}"#, #"{foo="\"bar\""}"#),
        ("foo=bar,bar!=baz", #"{foo="bar",bar!="baz"}"#), (#"{"service name"="db"}"#, #"{"service name"="db"}"#),
        ("  severity = critical ", #"{severity="critical"}"#),
    ])
    func utf8Syntax(_ input: String, _ expected: String) throws {
        #expect(AlertMatchers(try MatcherParser.utf8Matchers(input)).description == expected)
    }

    @Test(arguments: [
        (",", "0:1: unexpected ,: expected label name"),
        ("{,}", "1:2: unexpected ,: expected label name"),
        ("{", "0:1: end of input: expected close brace"),
        ("}", "0:1: }: expected opening brace"),
        ("foo=bar}", "0:8: }: expected opening brace"),
        ("{foo=bar", "0:8: end of input: expected close brace"),
        (#"{foo=:"bar"}"#, #"6:11: unexpected "bar": expected a comma or close brace"#),
        (#"{foo="bar\w"}"#, #"5:12: "bar\w": invalid input"#),
        (#"{"foo"=~"\d+"}"#, #"8:13: "\d+": invalid input"#),
        (#"{foo=bar\n}"#, #"8:9: \: invalid input: expected a comma or close brace"#),
        (#"{foo="bar}"#, #"5:10: "bar}: missing end ": expected label value"#),
        ("{foo!bar}", "4:5: !: expected one of '=~': expected an operator such as '=', '!=', '=~' or '!~'"),
        ("foo=", "end of input: expected label value"),
        ("foo=~(", "failed to create matcher: error parsing regexp: missing closing ): `^(?:()$`"),
    ])
    func utf8Errors(_ input: String, _ message: String) {
        #expect(throws: MatcherParseError(message)) { try MatcherParser.utf8Matchers(input) }
    }

    /// Inputs only the classic syntax reads are read by it, as in Alertmanager's default mode.
    @Test func classicFallback() throws {
        let m = try MatcherParser.matchers(#"foo=~a\d"#)
        #expect(m == [try AlertMatcher(.regexMatch, "foo", #"a\d"#)])
        let spaced = try MatcherParser.matchers("alertname = Watchdog job")
        #expect(spaced == [try AlertMatcher(.equal, "alertname", "Watchdog job")])
        #expect(throws: MatcherParseError("bad matcher format: a")) { try MatcherParser.matchers("a") }
        // The UTF-8 syntax reads names Prometheus would refuse; the classic one is then not consulted.
        #expect(try MatcherParser.matchers("1abc=x") == [try AlertMatcher(.equal, "1abc", "x")])
        #expect(throws: MatcherParseError("unexpected open or close brace: {a=b}")) { try MatcherParser.matcher("{a=b}") }
        #expect(throws: MatcherParseError("expected 1 matcher, found 2")) { try MatcherParser.single(MatcherParser.utf8Matchers("a=b,c=d")) }
    }

    @Test func regexIsAnchoredWithoutDotAll() throws {
        let m = try AlertMatcher(.regexMatch, "a", "b.*")
        #expect(m.matches("bcd"))
        #expect(!m.matches("xbcd"))
        #expect(!m.matches("b\nc"))
        let alt = try AlertMatcher(.regexMatch, "a", "x|y")
        #expect(alt.matches("x") && alt.matches("y") && !alt.matches("xy"))
        #expect(try AlertMatcher(.regexNoMatch, "a", "").matches("v"))
    }

    @Test func printing() throws {
        #expect(try AlertMatcher(.equal, "a", "x\"y\\z\nw").description == #"a="x\"y\\z\nw""#)
        #expect(try AlertMatcher(.equal, "a b", "x").description == #""a b"="x""#)
        let sorted = AlertMatchers([try AlertMatcher(.regexMatch, "b", "1"), try AlertMatcher(.equal, "b", "1"), try AlertMatcher(.equal, "a", "2")]).sorted()
        #expect(sorted.description == #"{a="2",b="1",b=~"1"}"#)
    }
}
