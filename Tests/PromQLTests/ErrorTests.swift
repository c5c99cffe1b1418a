import Testing
@testable import PromQL

/// Invalid inputs with the message and position Prometheus reports (inputs and messages taken from
/// upstream's parser tests), parsed with `Options.all`.
@Suite struct ErrorTests {
    /// (input, message, line, column)
    static let cases: [(input: String, message: String, line: Int, column: Int)] = [
        ("", "no expression found in input", 1, 1),
        ("# just a comment\n\n", "no expression found in input", 1, 1),
        ("1+", "unexpected end of input", 1, 3),
        (".", "unexpected character: '.'", 1, 1),
        ("2.5.", "bad number or duration syntax: \"2.5.\"", 1, 1),
        ("100..4", "bad number or duration syntax: \"100..\"", 1, 1),
        ("0deadbeef", "bad number or duration syntax: \"0de\"", 1, 1),
        ("1 /", "unexpected end of input", 1, 4),
        ("*1", "unexpected <op:*>", 1, 1),
        ("(1))", "unexpected right parenthesis ')'", 1, 5),
        ("((1)", "unclosed left parenthesis", 1, 5),
        ("(", "unclosed left parenthesis", 1, 2),
        ("1 and 1", "set operator \"and\" not allowed in binary scalar expression", 1, 1),
        ("1 == 1", "comparisons between scalars must use BOOL modifier", 1, 3),
        ("1 or 1", "set operator \"or\" not allowed in binary scalar expression", 1, 1),
        ("1 unless 1", "set operator \"unless\" not allowed in binary scalar expression", 1, 1),
        ("1 !~ 1", "unexpected character after '!': '~'", 1, 3),
        ("1 =~ 1", "unexpected character after '=': '~'", 1, 3),
        ("-\"string\"", "unary expression only allowed on expressions of type scalar or instant vector, got \"string\"", 1, 1),
        ("-test[5m]", "unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"", 1, 1),
        ("*test", "unexpected <op:*>", 1, 1),
        ("@@", "unexpected <op:@>", 1, 1),
        ("1 offset 1d", "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery", 1, 1),
        ("foo offset 1s offset 2s", "offset may not be set multiple times", 1, 1),
        ("a - on(b) ignoring(c) d", "unexpected <ignoring>", 1, 11),
        ("foo and 1", "set operator \"and\" not allowed in binary scalar expression", 1, 1),
        ("1 and foo", "set operator \"and\" not allowed in binary scalar expression", 1, 1),
        ("foo or 1", "set operator \"or\" not allowed in binary scalar expression", 1, 1),
        ("1 or foo", "set operator \"or\" not allowed in binary scalar expression", 1, 1),
        ("foo unless 1", "set operator \"unless\" not allowed in binary scalar expression", 1, 1),
        ("1 unless foo", "set operator \"unless\" not allowed in binary scalar expression", 1, 1),
        ("1 or on(bar) foo", "vector matching only allowed between instant vectors", 1, 1),
        ("foo == on(bar) 10", "vector matching only allowed between instant vectors", 1, 1),
        ("foo + group_left(baz) bar", "unexpected <group_left>", 1, 7),
        ("foo and on(bar) group_left(baz) bar", "no grouping allowed for \"and\" operation", 1, 1),
        ("foo and on(bar) group_right(baz) bar", "no grouping allowed for \"and\" operation", 1, 1),
        ("foo or on(bar) group_left(baz) bar", "no grouping allowed for \"or\" operation", 1, 1),
        ("foo or on(bar) group_right(baz) bar", "no grouping allowed for \"or\" operation", 1, 1),
        ("foo unless on(bar) group_left(baz) bar", "no grouping allowed for \"unless\" operation", 1, 1),
        ("foo unless on(bar) group_right(baz) bar", "no grouping allowed for \"unless\" operation", 1, 1),
        ("http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}", "label \"instance\" must not occur in ON and GROUP clause at once", 1, 35),
        ("foo + bool bar", "bool modifier can only be used on comparison operators", 1, 5),
        ("foo + bool 10", "bool modifier can only be used on comparison operators", 1, 5),
        ("foo and bool 10", "bool modifier can only be used on comparison operators", 1, 5),
        ("foo @ +Inf", "timestamp out of bounds for @ modifier: +Inf", 1, 1),
        ("foo @ -Inf", "timestamp out of bounds for @ modifier: -Inf", 1, 1),
        ("foo @ NaN", "timestamp out of bounds for @ modifier: NaN", 1, 1),
        ("{", "unexpected end of input inside braces", 1, 2),
        ("}", "unexpected character: '}'", 1, 1),
        ("some{", "unexpected end of input inside braces", 1, 6),
        ("some}", "unexpected character: '}'", 1, 5),
        ("some_metric{a=b}", "unexpected identifier \"b\" in label matching, expected string", 1, 15),
        ("some_metric{a:b=\"b\"}", "unexpected character inside braces: ':'", 1, 14),
        ("foo{a*\"b\"}", "unexpected character inside braces: '*'", 1, 6),
        ("foo{a>=\"b\"}", "unexpected character inside braces: '>'", 1, 6),
        ("foo{gibberish}", "unexpected \"}\" in label matching, expected label matching operator", 1, 14),
        ("foo{1}", "unexpected character inside braces: '1'", 1, 5),
        ("{}", "vector selector must contain at least one non-empty matcher", 1, 1),
        ("{x=\"\"}", "vector selector must contain at least one non-empty matcher", 1, 1),
        ("{x=~\".*\"}", "vector selector must contain at least one non-empty matcher", 1, 1),
        ("{x!~\".+\"}", "vector selector must contain at least one non-empty matcher", 1, 1),
        ("{x!=\"a\"}", "vector selector must contain at least one non-empty matcher", 1, 1),
        ("foo{__name__=\"bar\"}", "metric name must not be set twice: \"foo\" or \"bar\"", 1, 1),
        ("foo{__name__= =}", "unexpected \"=\" in label matching, expected string", 1, 15),
        ("foo{,}", "unexpected \",\" in label matching, expected identifier or \"}\"", 1, 5),
        ("foo{__name__ == \"bar\"}", "unexpected \"=\" in label matching, expected string", 1, 15),
        ("foo{__name__=\"bar\" lol}", "unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"", 1, 20),
        ("foo{\"a\"=}", "unexpected \"}\" in label matching, expected string", 1, 9),
        ("foo[5mm]", "bad number or duration syntax: \"5mm\"", 1, 5),
        ("foo[5m1]", "bad number or duration syntax: \"5m1\"", 1, 5),
        ("foo[5m:1m1]", "bad number or duration syntax: \"1m1\"", 1, 8),
        ("foo[5y1hs]", "unknown unit \"hs\" in duration \"5y1hs\"", 1, 5),
        ("foo[5m1h]", "not a valid duration string: \"5m1h\"", 1, 5),
        ("foo[5m1m]", "not a valid duration string: \"5m1m\"", 1, 5),
        ("foo[0m]", "duration must be greater than 0", 1, 5),
        ("foo[\"5m\"]", "unexpected character in duration expression: '\"'", 1, 5),
        ("foo[]", "unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()", 1, 5),
        ("foo[-1]", "duration must be greater than 0", 1, 5),
        ("some_metric[5m] OFFSET 1mm", "bad number or duration syntax: \"1mm\"", 1, 24),
        ("some_metric[5m] OFFSET", "unexpected end of input in offset, expected number, duration, step(), or range()", 1, 23),
        ("some_metric OFFSET 1m[5m]", "no offset modifiers allowed before range", 1, 22),
        ("some_metric[5m] @", "unexpected end of input in @, expected timestamp", 1, 18),
        ("some_metric @ 1234 [5m]", "no @ modifiers allowed before range", 1, 20),
        ("some_metric @ start() [5m]", "no @ modifiers allowed before range", 1, 23),
        ("some_metric @ end()[5m]", "no @ modifiers allowed before range", 1, 20),
        ("some_metric offset step()[5m]", "no offset modifiers allowed before range", 1, 26),
        ("(foo + bar)[5m]", "ranges only allowed for vector selectors", 1, 12),
        ("sum by (\"foo)(some_metric{})", "unterminated quoted string", 1, 9),
        ("sum without(==)(some_metric)", "unexpected <op:==> in grouping opts, expected label", 1, 13),
        ("sum without(,)(some_metric)", "unexpected \",\" in grouping opts, expected label", 1, 13),
        ("sum without(foo,,)(some_metric)", "unexpected \",\" in grouping opts, expected label", 1, 17),
        ("sum some_metric by (test)", "unexpected identifier \"some_metric\"", 1, 5),
        ("sum (some_metric) by test", "unexpected identifier \"test\" in grouping opts, expected \"(\"", 1, 22),
        ("sum () by (test)", "no arguments for aggregate expression provided", 1, 1),
        ("MIN keep_common (some_metric)", "unexpected identifier \"keep_common\"", 1, 5),
        ("MIN (some_metric) keep_common", "unexpected identifier \"keep_common\"", 1, 19),
        ("sum (some_metric) without (test) by (test)", "unexpected <by>", 1, 34),
        ("sum without (test) (some_metric) by (test)", "unexpected <by>", 1, 34),
        ("topk(some_metric)", "wrong number of arguments for aggregate expression provided, expected 2, got 1", 1, 1),
        ("topk(some_metric,)", "trailing commas not allowed in function call args", 1, 17),
        ("topk(some_metric, other_metric)", "expected type scalar in aggregation parameter, got instant vector", 1, 6),
        ("count_values(5, other_metric)", "expected type string in aggregation parameter, got scalar", 1, 14),
        ("rate(some_metric[5m]) @ 1234", "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery", 1, 1),
        ("floor()", "expected 1 argument(s) in call to \"floor\", got 0", 1, 1),
        ("floor(some_metric, other_metric)", "expected 1 argument(s) in call to \"floor\", got 2", 1, 1),
        ("floor(some_metric, 1)", "expected 1 argument(s) in call to \"floor\", got 2", 1, 1),
        ("floor(1)", "expected type instant vector in call to function \"floor\", got scalar", 1, 7),
        ("hour(some_metric, some_metric, some_metric)", "expected at most 1 argument(s) in call to \"hour\", got 3", 1, 1),
        ("time(some_metric)", "expected 0 argument(s) in call to \"time\", got 1", 1, 1),
        ("non_existent_function_far_bar()", "unknown function with name \"non_existent_function_far_bar\"", 1, 1),
        ("rate(some_metric)", "expected type range vector in call to function \"rate\", got instant vector", 1, 6),
        ("-=", "unexpected \"=\"", 1, 2),
        ("++-++-+-+-<", "unexpected <op:<>", 1, 11),
        ("e-+=/(0)", "unexpected \"=\"", 1, 4),
        ("a>b()", "unknown function with name \"b\"", 1, 3),
        ("rate(avg)", "expected type range vector in call to function \"rate\", got instant vector", 1, 6),
        ("`\\``", "unterminated raw string", 1, 4),
        ("\"\\", "escape sequence not terminated", 1, 1),
        ("\"\\c\"", "unknown escape sequence U+0063 'c'", 1, 1),
        ("\"\\x.\"", "illegal character U+002E '.' in escape sequence", 1, 1),
        ("foo{bar=\"baz\"}[", "unexpected end of input in duration expression", 1, 16),
        ("test[5d] OFFSET 10s [10m:5s]", "subquery is only allowed on instant vector, got matrix instead", 1, 1),
        ("(foo + bar{nm=\"val\"})[5m:][10m:5s]", "subquery is only allowed on instant vector, got matrix instead", 1, 1),
        ("rate(food[1m])[1h] offset 1h", "ranges only allowed for vector selectors", 1, 15),
        ("rate(food[1m])[1h] @ 100", "ranges only allowed for vector selectors", 1, 15),
        ("info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})", "expected label selectors only, got vector selector instead", 1, 46),
        ("info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)", "expected label selectors only", 1, 51),
        ("foo[step]", "unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()", 1, 9),
        ("foo[step()/0d]", "division by zero", 1, 11),
        ("foo[5s/0d]", "division by zero", 1, 7),
        ("foo offset (4d/0)", "division by zero", 1, 15),
        ("foo[5s%0d]", "modulo by zero", 1, 7),
        ("foo offset 9.5e10", "duration out of range", 1, 12),
        ("foo[9.5e10]", "duration out of range", 1, 5),
        ("sum(", "unclosed left parenthesis", 1, 5),
        ("sum(rate(", "unclosed left parenthesis", 1, 10),
        ("foo[5s x 5s]", "unexpected character: 'x', expected ':'", 1, 8),
        ("foo[5s s 5s]", "unexpected character: 's', expected ':'", 1, 8),
        ("1[5m] smoothed", "ranges only allowed for vector selectors", 1, 2),
        ("1[5m] anchored", "ranges only allowed for vector selectors", 1, 2),        // Feature flags and limits.
        ("foo[5m+1m]", "experimental duration expression is not enabled", 1, 5),
        ("sum(", "unclosed left parenthesis", 1, 5),
        ("foo{a=\"b\"", "unexpected end of input inside braces", 1, 10),
        ("rate(x[5m]", "unclosed left parenthesis", 1, 11),
        ("foo bar", "unexpected identifier \"bar\"", 1, 5),
    ]

    /// Cases whose message depends on a flag being off.
    static let flagOffCases: Set<String> = ["foo[5m+1m]"]

    @Test func enoughCases() {
        #expect(ErrorTests.cases.count >= 40)
    }

    @Test(arguments: ErrorTests.cases)
    func messageAndPosition(_ c: (input: String, message: String, line: Int, column: Int)) {
        let options: PromQLParser.Options = ErrorTests.flagOffCases.contains(c.input) ? .init() : .all
        do {
            let expr = try PromQLParser.parseExpr(c.input, options: options)
            Issue.record("parsed as \(expr), expected error: \(c.message)")
        } catch {
            #expect(error.message == c.message)
            #expect(error.position.line == c.line && error.position.column == c.column, "\(error)")
            if c.input.isEmpty {
                #expect(error.description == "unknown position: parse error: \(c.message)")
            } else {
                #expect(error.description == "\(c.line):\(c.column): parse error: \(c.message)")
            }
        }
    }

    @Test func featureFlagsOff() {
        let cases: [(String, String)] = [
            ("mad_over_time(x[5m])", #"1:1: parse error: function "mad_over_time" is not enabled"#),
            ("limitk(1, x)", "1:1: parse error: limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions"),
            ("x[5m] anchored", "1:1: parse error: anchored modifier is experimental and not enabled"),
            ("x smoothed", "1:1: parse error: smoothed modifier is experimental and not enabled"),
            ("a + fill(0) b", "1:1: parse error: binop fill modifiers are experimental and not enabled"),
            ("x offset step()", "1:10: parse error: experimental duration expression is not enabled"),
            ("x[(5m)]", "1:4: parse error: experimental duration expression is not enabled"),
        ]
        for (input, expected) in cases {
            #expect(throws: PromQLError.self) { try PromQLParser.parseExpr(input) }
            do {
                _ = try PromQLParser.parseExpr(input)
            } catch {
                #expect(error.description == expected, "input: \(input)")
            }
            #expect((try? PromQLParser.parseExpr(input, options: .all)) != nil, "\(input) with all features")
        }
    }
}
