import Testing
@testable import GoTemplate

struct PrometheusFunctionTests {
    static let samples: @Sendable (String) throws -> [PrometheusSample] = { q in
        switch q {
        case "up": return [PrometheusSample(labels: ["instance": "b", "job": "x"], value: 1),
                           PrometheusSample(labels: ["instance": "a", "job": "x"], value: 0)]
        case "empty": return []
        default: throw FunctionError("bad query \(q)")
        }
    }

    static func render(_ text: String, value: Double = 1.5, labels: [String: String] = ["job": "node"]) -> String {
        let fns = FunctionSet.prometheus(PrometheusTemplateContext(query: samples, externalURL: "https://prom.example.com/sub",
                                                                  timestamp: 1_600_000_000))
        do {
            let t = try Template(name: "x", text: PrometheusFunctions.alertTemplatePrefix + text, functions: fns, missingKey: .zero)
            return try t.execute(PrometheusAlertData.make(labels: labels, externalURL: "https://prom.example.com/sub", value: value))
        } catch {
            return "ERR " + error.description
        }
    }

    @Test func queryAndSamples() {
        #expect(Self.render("{{ query \"up\" | len }}") == "2")
        #expect(Self.render("{{ with query \"up\" }}{{ . | first | label \"instance\" }}={{ . | first | value }}{{ end }}") == "b=1")
        #expect(Self.render("{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.instance }}{{ .Value }} {{ end }}") == "a0 b1 ")
        #expect(Self.render("{{ query \"empty\" | first }}").hasSuffix("error calling first: first() called on vector with no elements"))
        #expect(Self.render("{{ query \"nope\" }}").hasSuffix("error calling query: bad query nope"))
        #expect(Self.render("{{ range query \"up\" }}{{ .Labels.job }}{{ end }}") == "xx")
    }

    @Test func contextFunctions() {
        #expect(Self.render("{{ externalURL }} {{ pathPrefix }} {{ $externalURL }}") == "https://prom.example.com/sub /sub https://prom.example.com/sub")
        #expect(Self.render("{{ now }}") == "1.6e+09")
        #expect(Self.render("{{ toDuration 90.5 }}") == "1m30.5s")
        #expect(Self.render("{{ (toDuration 3600).Hours }}") == "1")
        #expect(Self.render("{{ urlQueryEscape \"a b/c\" }}") == "a+b%2Fc")
        #expect(Self.render("{{ (toTime 1600000000).Format \"2006-01-02\" }}") == "2020-09-13")
        #expect(Self.render("{{ $value | humanize }} {{ $labels.job }}", value: 1234567) == "1.235M node")
    }
}

struct LokiFunctionTests {
    static func render(_ text: String, labels: [String: String] = ["app": "api", "status": "500", "msg": "  Hello World  ", "path": "a b c d"]) -> String {
        let ctx = LokiTemplateContext(line: "raw line", timestamp: GoTime(seconds: 1_700_000_000, nanoseconds: 123_000_000),
                                      now: GoTime(seconds: 1_700_000_100))
        do {
            return try Template(name: "line_format", text: text, functions: .loki(ctx), missingKey: .zero).execute(.stringMap(labels))
        } catch {
            return "ERR " + error.description
        }
    }

    static let cases: [(String, String)] = [
        ("{{ .app | ToUpper }} {{ ToLower \"ABC\" }}", "API abc"),
        ("{{ __line__ }}|{{ __timestamp__ | unixEpoch }}", "raw line|1700000000"),
        ("{{ __timestamp__ | unixEpochMillis }}", "1700000000123"),
        ("{{ date \"2006-01-02 15:04\" __timestamp__ }}", "2023-11-14 22:13"),
        ("{{ TrimSpace .msg }}|{{ Trim .msg \" H\" }}|{{ TrimPrefix .app \"a\" }}|{{ TrimSuffix .app \"i\" }}", "Hello World|ello World|pi|ap"),
        ("{{ Replace .app \"a\" \"A\" -1 }}{{ replace \"p\" \"P\" .app }}", "ApiaPi"),
        ("{{ regexReplaceAll \"(a)(p)\" .app \"${2}${1}\" }}|{{ regexReplaceAllLiteral \"a\" .app \"$1\" }}", "pai|$1pi"),
        ("{{ trunc 2 .app }}|{{ trunc -2 .app }}|{{ substr 1 3 .app }}", "ap|pi|pi"),
        ("{{ contains \"p\" .app }}{{ hasPrefix \"a\" .app }}{{ hasSuffix \"x\" .app }}", "truetruefalse"),
        ("{{ indent 2 \"a\\nb\" }}|{{ repeat 3 \"ab\" }}", "  a\n  b|ababab"),
        ("{{ add 1 2 \"3\" }} {{ sub 5 2 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 2 }}", "6 3 24 3 1"),
        ("{{ addf 1.5 2 }} {{ subf 5 0.5 }} {{ mulf 1.5 2 }} {{ divf 1 4 }}", "3.5 4.5 3 0.25"),
        ("{{ max 1 5 3 }} {{ min 4 2 }} {{ maxf 1.5 2.5 }} {{ minf 1.5 0.5 }}", "5 2 2.5 0.5"),
        ("{{ ceil 1.2 }} {{ floor 1.8 }} {{ round 123.5555 3 }}", "2 1 123.556"),
        ("{{ if eq .status \"500\" }}error{{ else }}ok{{ end }}", "error"),
        ("{{ default \"-\" .missing }}|{{ default \"-\" .app }}", "-|api"),
        ("{{ (fromJson \"{\\\"a\\\": [1, \\\"x\\\"]}\").a }}", "[1 x]"),
        ("{{ alignLeft 5 .app }}|{{ alignRight 5 .app }}|{{ alignLeft 2 .app }}", "api  |  api|ap"),
        ("{{ b64enc \"hi\" }} {{ b64dec \"aGk=\" }} {{ urlencode \"a b\" }} {{ urldecode \"a%20b\" }}", "aGk= hi a+b a b"),
        ("{{ bytes \"2 KB\" }} {{ duration \"1h30m\" }} {{ duration_seconds \"500ms\" }}", "2000 5400 0.5"),
        ("{{ count \"a\" \"banana\" }}", "3"),
        ("{{ unixToTime \"1700000000\" | unixEpoch }}", "1700000000"),
        ("{{ now | unixEpoch }}", "1700000100"),
        ("{{ .app | printf \"%-5s|\" }}", "api  |"),
        ("{{ .msg | trim }}|{{ .app | trimAll \"a\" }}|{{ .app | trimPrefix \"a\" }}|{{ .app | trimSuffix \"i\" }}", "Hello World|pi|pi|ap"),
        ("{{ .path | replace \" \" \"_\" | trunc 5 | upper }}", "A_B_C"),
    ]

    @Test(arguments: 0..<LokiFunctionTests.cases.count)
    func lokiCase(_ i: Int) {
        let (text, want) = Self.cases[i]
        #expect(Self.render(text) == want, Comment(rawValue: text))
    }
}

struct GoFormatTests {
    static let cases: [(String, [TemplateValue], String)] = [
        ("%v", [0.1], "0.1"), ("%v", [1e6], "1e+06"), ("%v", [1.2345678e7], "1.2345678e+07"), ("%v", [123456.0], "123456"),
        ("%v", [1e-5], "1e-05"), ("%v", [0.0001], "0.0001"), ("%v", [-0.0], "-0"), ("%v", [.float(.nan)], "NaN"),
        ("%v", [.float(.infinity)], "+Inf"), ("%.2f", [.float(-.infinity)], "-Inf"), ("%5.1f", [.float(.nan)], "  NaN"),
        ("%.3g", [1234.5678], "1.23e+03"), ("%g", [100000.0], "100000"), ("%g", [1e21], "1e+21"), ("%e", [0.0], "0.000000e+00"),
        ("%08.2f", [-1.5], "-0001.50"), ("%+d", [5], "+5"), ("%x", [-255], "-ff"), ("%#x", [255], "0xff"), ("%o", [8], "10"),
        ("%b", [5], "101"), ("%c", [0x1F600], "😀"), ("%U", [0x1F600], "U+1F600"), ("%q", ["a\"b"], "\"a\\\"b\""),
        ("%#q", ["ab"], "`ab`"), ("%5s|%-5s|", ["ab", "cd"], "   ab|cd   |"), ("%.1s", ["héllo"], "h"), ("%x", ["hé"], "68c3a9"),
        ("%d", ["s"], "%!d(string=s)"), ("%s", [1], "%!s(int=1)"), ("%d", [], "%!d(MISSING)"), ("%d", [1, 2], "1%!(EXTRA int=2)"),
        ("%!", [], "%!!(MISSING)"), ("%", [], "%!(NOVERB)"), ("%%", [], "%"), ("%v", [nil], "<nil>"), ("%d", [nil], "%!d(<nil>)"),
        ("%v", [[1, "a", nil]], "[1 a <nil>]"), ("%v", [["b": 1, "a": 2]], "map[a:2 b:1]"), ("%t", [true], "true"),
        ("%T", [.stringMap([:])], "map[string]string"), ("%6.2f%%", [99.5], " 99.50%"), ("%*d", [4, 7], "   7"),
        ("%[2]s %[1]s", ["a", "b"], "b a"), ("%v", [.duration(90_000_000_000)], "1m30s"), ("%v", [.duration(1_500_000)], "1.5ms"),
        ("%v", [.time(GoTime(seconds: 0))], "1970-01-01 00:00:00 +0000 UTC"), ("%x", [3.5], "0x1.cp+01"), ("%.3x", [1.0], "0x1.000p+00"),
    ]

    @Test(arguments: 0..<GoFormatTests.cases.count)
    func sprintf(_ i: Int) {
        let (format, args, want) = Self.cases[i]
        #expect(GoFormat.sprintf(format, args) == want, Comment(rawValue: format))
    }

    @Test func sprintSpacing() {
        #expect(GoFormat.sprint([1, 2, "a", "b", 3]) == "1 2ab3")
        #expect(GoFormat.sprintln([1, "a"]) == "1 a\n")
    }
}

struct PrometheusAlertExpanderTests {
    @Test func expandsLikeAlertingRule() {
        let e = PrometheusAlertExpander(alertName: "HighLoad", labels: ["instance": "a:9100", "job": "node"],
                                        externalLabels: ["cluster": "eu"], externalURL: "http://prom:9090", value: 0.93)
        #expect(e.expand("{{ $labels.instance }} at {{ $value | humanizePercentage }} in {{ $externalLabels.cluster }}") == "a:9100 at 93% in eu")
        #expect(e.expand("{{ $labels.nope }}|{{ externalURL }}|{{ $externalURL }}") == "|http://prom:9090|http://prom:9090")
        #expect(e.expand("{{ .Nope }}") == "<error expanding template: error executing template __alert_HighLoad: template: __alert_HighLoad:1:115: executing \"__alert_HighLoad\" at <.Nope>: can't evaluate field Nope in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }>")
        #expect(e.expand("{{ nope }}") == "<error expanding template: error parsing template __alert_HighLoad: template: __alert_HighLoad:1: function \"nope\" not defined>")
        #expect(throws: TemplateError.self) { try PrometheusAlertExpander.validate("{{ if }}", alertName: "A") }
        #expect((try? PrometheusAlertExpander.validate("{{ $value | humanize }}", alertName: "A")) != nil)
    }
}

struct TitleTests {
    @Test func prometheus3AndAlertmanagerTitle() {
        #expect(UnicodeTitle.title("o'neil x-ray 3d foo_bar a.b hELLO", lowerRest: false) == "O'neil X-Ray 3D Foo_bar A.b HELLO")
        #expect(UnicodeTitle.title("o'neil x-ray 3d foo_bar a.b hELLO", lowerRest: true) == "O'neil X-Ray 3D Foo_bar A.b Hello")
        #expect(PrometheusFunctions.title("o'neil x-ray 3d foo_bar a.b") == "O'Neil X-Ray 3d Foo_bar A.B")
    }
}

extension PrometheusFunctionTests {
    @Test func pointersPrintLikeGo() {
        // An action dereferences *sample; fmt (print/printf) shows &{…}.
        #expect(Self.render("{{ query \"up\" | first }}") == "{map[instance:b job:x] 1}")
        #expect(Self.render("{{ print (query \"up\" | first) }}") == "&{map[instance:b job:x] 1}")
        #expect(Self.render("{{ printf \"%+v\" (query \"up\" | first) }}") == "&{Labels:map[instance:b job:x] Value:1}")
    }
}
