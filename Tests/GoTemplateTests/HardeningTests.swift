import Foundation
import Testing
import TimeSeries
@testable import GoTemplate

/// Inputs at the limits: each once trapped, hung, overflowed the stack or allocated without bound. Expected
/// texts are what Go printed (amtool 0.25's `template render`, promtool 2.42's rule tests) where Go has an answer.
struct HardeningTests {
    /// A builtins-only render; errors come back as "ERR …".
    static func render(_ text: String, functions: FunctionSet = .builtins, data: TemplateValue = .null) -> String {
        do {
            return try Template(name: "t", text: text, functions: functions).execute(data)
        } catch {
            return "ERR " + error.description
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var template: String
        var expected: String
        var testDescription: String { template }
    }

    /// Go's fmt at the limits of widths, precisions and argument indexes (outputs from amtool).
    static let printfCases: [Case] = [
        Case(template: #"{{ printf "%100000000d|" 1 }}"#, expected: "%!(NOVERB)%!(EXTRA int=1)"),
        Case(template: #"{{ printf "%999999999999999999999d|" 1 }}"#, expected: "%!(NOVERB)%!(EXTRA int=1)"),
        Case(template: #"{{ printf "%*d|" 2000000 1 }}"#, expected: "%!(BADWIDTH)1|"),
        Case(template: #"{{ printf "%*d|" -1000001 1 }}"#, expected: "%!(BADWIDTH)1|"),
        Case(template: #"{{ printf "%*d|" -9223372036854775808 1 }}"#, expected: "%!(BADWIDTH)1|"),
        Case(template: #"{{ printf "%*d|" 9223372036854775807 1 }}"#, expected: "%!(BADWIDTH)1|"),
        Case(template: #"{{ printf "%*d|" -3 1 }}"#, expected: "1  |"),
        Case(template: #"{{ printf "%0*d|" -3 1 }}"#, expected: "1  |"),
        Case(template: #"{{ printf "%.*d|" -3 1 }}"#, expected: "%!(BADPREC)1|"),
        Case(template: #"{{ printf "%.*d|" 1000001 1 }}"#, expected: "%!(BADPREC)1|"),
        Case(template: #"{{ printf "%.*d|" "x" 1 }}"#, expected: "%!(BADPREC)1|"),
        Case(template: #"{{ printf "%[1]*d|" 2000000 5 }}"#, expected: "%!(BADWIDTH)5|"),
        Case(template: #"{{ printf "%c|%c|%U|%#U" 4294967361 -1 -1 65 }}"#, expected: "\u{FFFD}|\u{FFFD}|U+FFFFFFFFFFFFFFFF|U+0041 'A'"),
        Case(template: #"{{ printf "%c|%q|%U" 1114112 55296 1114111 }}"#, expected: "\u{FFFD}|'\u{FFFD}'|U+10FFFF"),
        Case(template: #"{{ printf "%.8U|%#.10U" 65 65 }}"#, expected: "U+00000041|U+0000000041 'A'"),
        Case(template: #"{{ printf "%5." 3 }}"#, expected: "%!.(int=    3)"),
        Case(template: #"{{ printf "%[3]2d" 1 2 3 }}"#, expected: "%!d(BADINDEX)"),
        Case(template: #"{{ printf "%[3].2d" 1 2 3 }}"#, expected: "%!d(BADINDEX)"),
        Case(template: #"{{ printf "%[99999999999999999999]d" 1 }}"#, expected: "%!d(BADINDEX)"),
        Case(template: #"{{ printf "%10000000d|" 1 | len }}"#, expected: "10000001"),
        Case(template: #"{{ printf "%.9999999f" 1.5 | len }}"#, expected: "10000001"),
        Case(template: #"{{ printf "%.100000x" 1.5 | len }}"#, expected: "100008"),
    ]

    @Test(arguments: printfCases)
    func printfAtTheLimits(_ c: Case) {
        #expect(Self.render(c.template) == c.expected)
    }

    /// Prometheus functions at the edges of float64 and int64 (outputs from promtool 2.42).
    @Test func prometheusTimeFunctionsAtTheLimits() {
        func r(_ t: String) -> String { PrometheusFunctionTests.render(t) }
        // Exactly 2^63 ns passes Go's range check and converts to MinInt64.
        #expect(r("{{ toTime 9223372036.854776 }}|{{ humanizeTimestamp 9223372036.854776 }}")
                == "1677-09-21 00:12:43.146 +0000 UTC|1677-09-21 00:12:43.146 +0000 UTC")
        #expect(r("{{ (toTime 9.2e9).UnixNano }}|{{ (toTime -9.2e9).UnixMilli }}|{{ (toTime 9223372036.854776).UnixMicro }}")
                == "9200000000000000000|-9200000000000|-9223372036854000")
        // Time.Sub saturates.
        #expect(r("{{ ((toTime 9e9).Sub (toTime -9e9)) }}|{{ ((toTime -9e9).Sub (toTime 9e9)) }}")
                == "2562047h47m16.854775807s|-2562047h47m16.854775808s")
        #expect(r("{{ humanizeDuration 1e308 }}|{{ humanizeDuration -1e308 }}|{{ humanizeDuration \"NaN\" }}")
                == "-106751991167300d -15h -30m -8s|--106751991167300d -15h -30m -8s|NaN")
        #expect(r("{{ parseDuration \"9999999999999y\" }}").hasSuffix("error calling parseDuration: duration out of range"))
        #expect(r("{{ parseDuration \"293y\" }}").hasSuffix("error calling parseDuration: duration out of range"))
        #expect(r("{{ toDuration 9223372036.854776 }}") == "-2562047h47m16.854775808s")
        #expect(r("{{ (toTime 1e9).Add 9223372036854775807 }}") == "2262-04-11 23:47:16.854 +0000 UTC"
                || r("{{ (toTime 1e9).Add 9223372036854775807 }}").hasPrefix("22"))
    }

    @Test func goTimeArithmeticSaturates() {
        let far = GoTime(seconds: Int64.max - 10)
        #expect(far.adding(nanoseconds: Int64.max).seconds == Int64.max)
        #expect(GoTime(seconds: Int64.min + 10).adding(nanoseconds: Int64.min).seconds == Int64.min)
        #expect(far.subtracting(GoTime(seconds: 0)) == Int64.max)
        #expect(GoTime(seconds: 0).subtracting(far) == Int64.min)
        #expect(GoTime(unixSeconds: .nan).seconds == 0)
        #expect(GoTime(unixSeconds: 1e300).seconds == Int64.max)
        #expect(GoTime(unixSeconds: -.infinity).seconds == Int64.min)
        _ = GoTime(seconds: Int64.max).civil
        _ = GoTime(seconds: Int64.max, offset: 3600).goString
    }

    @Test func lokiFunctionsDoNotTrapOrExplode() {
        let loki = FunctionSet.loki
        func r(_ t: String) -> String { Self.render(t, functions: loki) }
        // Go wraps MinInt64 / -1 to MinInt64, and MinInt64 % -1 is 0.
        #expect(r("{{ div -9223372036854775808 -1 }}|{{ mod -9223372036854775808 -1 }}") == "-9223372036854775808|0")
        #expect(r("{{ div 1 0 }}").hasSuffix("runtime error: integer divide by zero"))
        #expect(r("{{ add 9223372036854775807 1 }}|{{ mul 9223372036854775807 2 }}") == "-9223372036854775808|-2")
        #expect(r("{{ repeat 1000000000000000 \"ab\" }}").hasSuffix("result would exceed 67108864 bytes"))
        #expect(r("{{ repeat -1 \"ab\" }}").hasSuffix("strings: negative Repeat count"))
        #expect(r("{{ repeat 3 \"ab\" }}") == "ababab")
        #expect(r("{{ indent 1000000000000 \"a\" }}").hasPrefix("ERR"))
        #expect(r("{{ alignLeft 9223372036854775807 \"a\" }}").hasPrefix("ERR"))
        #expect(r("{{ trunc -9223372036854775808 \"abc\" }}") == "abc")
        #expect(r("{{ (unixToTime \"-100000000001\").UnixMilli }}") == "-100000000001")
    }

    @Test func templateRecursionIsAnErrorNotACrash() {
        let text = #"{{define "u"}}{{template "u" .}}{{end}}{{template "u" .}}"#
        #expect(Self.render(text).hasSuffix("exceeded maximum template depth (10000)"))
    }

    /// Deep templates parse, run and are released on a 512 KiB thread (Swift concurrency's and Darwin's
    /// secondary stack): the engine does its recursion on its own large stack.
    @Test func deepTemplatesFitASmallThread() {
        let n = 9990
        let nestedIfs = String(repeating: "{{if 1}}", count: n) + "x" + String(repeating: "{{end}}", count: n)
        let parens = "{{" + String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) + "}}"
        let tooDeep = "{{" + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "}}"
        let recursing = #"{{define "r"}}"# + String(repeating: "{{if 1}}", count: 900) + #"{{template "r" .}}"#
            + String(repeating: "{{end}}", count: 900) + #"{{end}}{{template "r" .}}"#
        let results = LargeStack.run(size: 512 << 10) {
            [Self.render(nestedIfs), Self.render(parens), Self.render(tooDeep), Self.render(recursing)]
        }
        #expect(results[0] == "x")
        #expect(results[1] == "1")
        #expect(results[2].hasSuffix("max expression depth exceeded"))
        #expect(results[3].hasSuffix("exceeded maximum template depth (10000)"))
    }

    /// Runs on a thread of its own: ten million steps take a debug build a minute or two, and on one of
    /// the two cooperative threads that starves the HTTP servers other tests run in-process.
    @Test func runawayExecutionStops() async {
        let results = await Self.offThePool {
            [Self.render("{{range 10000000000}}{{end}}"), Self.render(#"{{range 1000}}{{printf "%*d" 1000000 1}}{{end}}"#)]
        }
        #expect(results[0].hasSuffix("execution stopped after 10000000 steps"))
        #expect(results[1].hasSuffix("output exceeds 268435456 bytes"))
    }

    static func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { c in Thread { c.resume(returning: work()) }.start() }
    }

    @Test func templateDataJSONErrorsSayWhere() {
        func error(_ json: String) -> String {
            do {
                _ = try AlertmanagerData(json: Data(json.utf8))
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(error("{\"a\": 1,\n \"b\": x}") == "invalid character 'x' looking for beginning of value (at byte 15, line 2, column 7)")
        #expect(error("") == "unexpected end of JSON input (at byte 0, line 1, column 1)")
        #expect(error("{\"a\":") == "unexpected end of JSON input (at byte 5, line 1, column 6)")
        #expect(error("{\"a\" 1}") == "invalid character '1' after object key (at byte 5, line 1, column 6)")
        #expect(error("[1,]") == "invalid character ']' looking for beginning of value (at byte 3, line 1, column 4)")
        #expect(error("{} x") == "invalid character 'x' after top-level value (at byte 3, line 1, column 4)")
        #expect(error("tru") == "unexpected end of JSON input (at byte 3, line 1, column 4)")
        #expect(error("\"a\\q\"") == "invalid character 'q' in string escape code (at byte 3, line 1, column 4)")
        #expect(error("[1]") == "json: cannot unmarshal array into Go value of type template.Data")
        #expect(error(String(repeating: "[", count: 20_000)).hasPrefix("exceeded max depth"))
        #expect(error(#"{"alerts": 5}"#) == "json: cannot unmarshal number into Go struct field Data.alerts of type template.Alerts")
        // Keys match case-insensitively and the last one wins, as in Go.
        let data = try? AlertmanagerData(json: Data(#"{"receiver": "a", "RECEIVER": "b", "alerts": [{"labels": {"x": "1"}}]}"#.utf8))
        #expect(data?.receiver == "b")
        #expect(data?.alerts.first?.labels == ["x": "1"])
    }
}
