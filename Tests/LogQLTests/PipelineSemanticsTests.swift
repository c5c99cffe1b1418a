import Testing
import TimeSeries
@testable import LogQL

/// A log query over one stream `{app="a"}` of `lines` (one per second) and the entries it returns, each as
/// `{labels} line`; `section` is the documentation page and heading the case encodes.
struct PipelineCase: Sendable, CustomTestStringConvertible {
    var section: String
    var query: String
    var lines: [String]
    var expected: [String]

    init(_ section: String, _ query: String, _ lines: [String], _ expected: [String]) {
        self.section = section
        self.query = query
        self.lines = lines
        self.expected = expected
    }

    var testDescription: String { "\(section) — \(query)" }
}

private let L = LokiDocs.logQueries
private let filterLines = ["an error", "ok", "ERROR"]
private let ipLines = ["from 192.168.4.5 ok", "from 192.168.4.50", "peer 10.0.0.1:8080", "client 2001:db8::1 ok", "client ::1"]
private let httpLines = ["status=500 level=error", "status=404 level=warn", "status=503 level=info", "status=abc level=error"]

let lineFilterCases: [PipelineCase] = [
    .init(L + " Line filter expression: |= contains", #"{app="a"} |= "error""#, filterLines, [#"{app="a"} an error"#]),
    .init(L + " Line filter expression: != does not contain", #"{app="a"} != "error""#, filterLines, [#"{app="a"} ok"#, #"{app="a"} ERROR"#]),
    .init(L + " Line filter expression: |~ regex, (?i) flag", #"{app="a"} |~ "(?i)error""#, filterLines, [#"{app="a"} an error"#, #"{app="a"} ERROR"#]),
    .init(L + " Line filter expression: !~ does not match regex", #"{app="a"} !~ "err.r""#, filterLines, [#"{app="a"} ok"#, #"{app="a"} ERROR"#]),
    .init(L + " Line filter expression: |~ is not anchored", #"{app="a"} |~ "rro""#, filterLines, [#"{app="a"} an error"#]),
    .init(L + " Line filter expression: case sensitive |=", #"{app="a"} |= "ERROR""#, filterLines, [#"{app="a"} ERROR"#]),
    .init(L + " Line filter expression: or chain on |=", #"{app="a"} |= "an" or "ok""#, filterLines, [#"{app="a"} an error"#, #"{app="a"} ok"#]),
    .init(L + " Line filter expression: or chain on != drops lines with either", #"{app="a"} != "ok" or "an""#, filterLines, [#"{app="a"} ERROR"#]),
    .init(L + " Line filter expression: or chain on |~", #"{app="a"} |~ "^ok$" or "^ERR""#, filterLines, [#"{app="a"} ok"#, #"{app="a"} ERROR"#]),
    .init(L + " Line filter expression: chained filters all apply", #"{app="a"} |= "r" != "ERROR""#, filterLines, [#"{app="a"} an error"#]),
    .init(L + " Line filter expression: empty |= keeps every line", #"{app="a"} |= """#, filterLines, filterLines.map { #"{app="a"} "# + $0 }),
    .init(L + " Line filter expression: backtick regex", #"{app="a"} |~ `\d{3}`"#, ["code 500", "code 5"], [#"{app="a"} code 500"#]),
    .init(L + " Line filter expression: |> pattern match filter", #"{app="a"} |> "<_> error""#, filterLines, [#"{app="a"} an error"#]),
    .init(L + " Line filter expression: !> pattern mismatch filter", #"{app="a"} !> "<_> error""#, filterLines, [#"{app="a"} ok"#, #"{app="a"} ERROR"#]),
    .init(L + " Line filter expression: |> pattern with or", #"{app="a"} |> "<_> error" or "o<_>""#, filterLines, [#"{app="a"} an error"#, #"{app="a"} ok"#]),
    .init(L + " Line filter expression: |> leading literal anchors at the start", #"{app="a"} |> "error<_>""#, filterLines, []),
    .init(LokiDocs.ip + " Line filter: single address", #"{app="a"} |= ip("192.168.4.5")"#, ipLines, [#"{app="a"} from 192.168.4.5 ok"#]),
    .init(LokiDocs.ip + " Line filter: CIDR", #"{app="a"} |= ip("192.168.4.0/24")"#, ipLines, [#"{app="a"} from 192.168.4.5 ok"#, #"{app="a"} from 192.168.4.50"#]),
    .init(LokiDocs.ip + " Line filter: range", #"{app="a"} |= ip("10.0.0.0-10.0.0.5")"#, ipLines, [#"{app="a"} peer 10.0.0.1:8080"#]),
    .init(LokiDocs.ip + " Line filter: negated", #"{app="a"} != ip("192.168.4.0/24")"#, ipLines, [#"{app="a"} peer 10.0.0.1:8080"#, #"{app="a"} client 2001:db8::1 ok"#, #"{app="a"} client ::1"#]),
    .init(LokiDocs.ip + " Line filter: IPv6 CIDR", #"{app="a"} |= ip("2001:db8::/32")"#, ipLines, [#"{app="a"} client 2001:db8::1 ok"#]),
    .init(LokiDocs.ip + " Line filter: IPv6 loopback", #"{app="a"} |= ip("::1")"#, ipLines, [#"{app="a"} client ::1"#]),
    .init(LokiDocs.ip + " Line filter: or with ip()", #"{app="a"} |= ip("::1") or "peer""#, ipLines, [#"{app="a"} peer 10.0.0.1:8080"#, #"{app="a"} client ::1"#]),
]

let parserCases: [PipelineCase] = [
    .init(L + " JSON: scalars become labels, nested keys joined with _, arrays skipped, null empty",
          #"{app="a"} | json"#, [#"{"a":"x","b":{"c":1,"d":[1,2]},"e":true,"f":null}"#],
          [#"{a="x", app="a", b_c="1", e="true"} {"a":"x","b":{"c":1,"d":[1,2]},"e":true,"f":null}"#]),
    .init(L + " JSON: the documentation's nested request example",
          #"{app="a"} | json | line_format "{{.request_method}} {{.request_headers_User_Agent}} {{.response_status}}""#,
          [#"{"protocol":"HTTP/2.0","servers":["129.0.1.1","10.2.1.3"],"request":{"time":"6.032","method":"GET","host":"foo.grafana.net","size":"55","headers":{"Accept":"*/*","User-Agent":"curl/7.68.0"}},"response":{"status":401,"size":"228","latency_seconds":"6.031"}}"#],
          [#"{app="a", protocol="HTTP/2.0", request_headers_Accept="*/*", request_headers_User_Agent="curl/7.68.0", request_host="foo.grafana.net", request_method="GET", request_size="55", request_time="6.032", response_latency_seconds="6.031", response_size="228", response_status="401"} GET curl/7.68.0 401"#]),
    .init(L + " JSON: invalid label characters become _, a leading digit gets _",
          #"{app="a"} | json"#, [#"{"User-Agent":"curl","1st":"x","a.b":"y"}"#],
          [#"{User_Agent="curl", _1st="x", a_b="y", app="a"} {"User-Agent":"curl","1st":"x","a.b":"y"}"#]),
    .init(L + " JSON: a key that is a stream label gets the _extracted suffix",
          #"{app="a"} | json"#, [#"{"app":"b"}"#], [#"{app="a", app_extracted="b"} {"app":"b"}"#]),
    .init(L + " JSON: numbers keep their text",
          #"{app="a"} | json"#, [#"{"n":1.5e3,"neg":-2,"z":0}"#], [#"{app="a", n="1.5e3", neg="-2", z="0"} {"n":1.5e3,"neg":-2,"z":0}"#]),
    .init(L + " JSON: string escapes are decoded",
          #"{app="a"} | json | line_format "{{.msg}}""#, [#"{"msg":"caf\u00e9 \"q\" \ud83d\ude00"}"#], [#"{app="a", msg="café \"q\" 😀"} café "q" 😀"#]),
    .init(L + " JSON: a line that is not JSON sets JSONParserErr and keeps the line",
          #"{app="a"} | json | drop __error_details__"#, ["not json"], [#"{__error__="JSONParserErr", app="a"} not json"#]),
    .init(L + " JSON: a JSON array line is an error",
          #"{app="a"} | json | drop __error_details__"#, ["[1,2]"], [#"{__error__="JSONParserErr", app="a"} [1,2]"#]),
    .init(L + " JSON: trailing garbage is an error",
          #"{app="a"} | json | drop __error_details__"#, [#"{"a":1} x"#], [#"{__error__="JSONParserErr", app="a"} {"a":1} x"#]),
    .init(L + " JSON: parameters select paths, array indexes and quoted keys",
          #"{app="a"} | json first_server="servers[0]", ua="request.headers[\"User-Agent\"]""#,
          [#"{"servers":["129.0.1.1","10.2.1.3"],"request":{"headers":{"User-Agent":"curl/7.68.0"}}}"#],
          [#"{app="a", first_server="129.0.1.1", ua="curl/7.68.0"} {"servers":["129.0.1.1","10.2.1.3"],"request":{"headers":{"User-Agent":"curl/7.68.0"}}}"#]),
    .init(L + " JSON: a parameter selecting an object or array yields its JSON text",
          #"{app="a"} | json obj="b", arr="b.d" | line_format "{{.obj}} {{.arr}}""#, [#"{"b":{"c":1,"d":[1,2]}}"#],
          [#"{app="a", arr="[1,2]", obj="{\"c\":1,\"d\":[1,2]}"} {"c":1,"d":[1,2]} [1,2]"#]),
    .init(L + " JSON: a parameter without expression reads the key of its name",
          #"{app="a"} | json level"#, [#"{"level":"info","x":"y"}"#], [#"{app="a", level="info"} {"level":"info","x":"y"}"#]),
    .init(L + " JSON: a missing path extracts nothing",
          #"{app="a"} | json m="missing.key""#, [#"{"a":1}"#], [#"{app="a"} {"a":1}"#]),
    .init(L + " logfmt: keys and quoted values",
          #"{app="a"} | logfmt"#, [#"level=info msg="hello world" dur=1s"#],
          [#"{app="a", dur="1s", level="info", msg="hello world"} level=info msg="hello world" dur=1s"#]),
    .init(L + " logfmt: standalone keys are ignored by default",
          #"{app="a"} | logfmt | line_format "{{.a}}{{.flag}}""#, ["a=1 flag"], [#"{a="1", app="a"} 1<no value>"#]),
    .init(L + " logfmt: --keep-empty retains standalone keys with an empty value",
          #"{app="a"} | logfmt --keep-empty | line_format "{{.a}}[{{.flag}}]""#, ["a=1 flag"], [#"{a="1", app="a"} 1[]"#]),
    .init(L + " logfmt: parameters rename and select keys",
          #"{app="a"} | logfmt msg, code="status""#, ["status=500 msg=hi other=x"], [#"{app="a", code="500", msg="hi"} status=500 msg=hi other=x"#]),
    .init(L + " logfmt: invalid pairs are skipped without --strict",
          #"{app="a"} | logfmt"#, ["a=1 =bad b=2"], [#"{a="1", app="a", b="2"} a=1 =bad b=2"#]),
    .init(L + " logfmt: --strict stops at the first error with LogfmtParserErr",
          #"{app="a"} | logfmt --strict | drop __error_details__"#, ["a=1 =bad b=2"], [#"{__error__="LogfmtParserErr", a="1", app="a"} a=1 =bad b=2"#]),
    .init(L + " logfmt: escaped quotes in quoted values",
          #"{app="a"} | logfmt | line_format "{{.msg}}""#, [#"msg="a \"b\"""#], [#"{app="a", msg="a \"b\""} a "b""#]),
    .init(L + " logfmt: a key that is a stream label gets the _extracted suffix",
          #"{app="a"} | logfmt"#, ["app=x"], [#"{app="a", app_extracted="x"} app=x"#]),
    .init(L + " logfmt: an empty value", #"{app="a"} | logfmt | line_format "[{{.a}}]""#, ["a= b=2"], [#"{app="a", b="2"} []"#]),
    .init(L + " Regular expression: named groups become labels (the documentation's example)",
          #"{app="a"} | regexp "(?P<method>\\w+) (?P<path>[\\w|/]+) \\((?P<status>\\d+?)\\) (?P<duration>.*)""#,
          ["POST /api/prom/api/v1/query_range (200) 1.5s"],
          [#"{app="a", duration="1.5s", method="POST", path="/api/prom/api/v1/query_range", status="200"} POST /api/prom/api/v1/query_range (200) 1.5s"#]),
    .init(L + " Regular expression: a line that does not match extracts nothing",
          #"{app="a"} | regexp "(?P<code>\\d{3})""#, ["no code"], [#"{app="a"} no code"#]),
    .init(L + " Regular expression: unnamed groups are not labels",
          #"{app="a"} | regexp "(\\w+)=(?P<v>\\d+)""#, ["x=42"], [#"{app="a", v="42"} x=42"#]),
    .init(L + " Pattern: the documentation's NGINX example",
          #"{app="a"} | pattern "<ip> - - <_> \"<method> <uri> <_>\" <status> <size> <_> \"<agent>\" <_>""#,
          [#"0.191.12.2 - - [10/Jun/2021:09:14:29 +0000] "GET /api/plugins/versioncheck HTTP/1.1" 200 2 "-" "Go-http-client/2.0" "13.76.247.102, 34.120.177.193" "TLSv1.2" "US" """#],
          [#"{agent="Go-http-client/2.0", app="a", ip="0.191.12.2", method="GET", size="2", status="200", uri="/api/plugins/versioncheck"} 0.191.12.2 - - [10/Jun/2021:09:14:29 +0000] "GET /api/plugins/versioncheck HTTP/1.1" 200 2 "-" "Go-http-client/2.0" "13.76.247.102, 34.120.177.193" "TLSv1.2" "US" """#]),
    .init(L + " Pattern: a capture at the end takes the rest of the line",
          #"{app="a"} | pattern "<level> <msg>""#, ["info hello world"], [#"{app="a", level="info", msg="hello world"} info hello world"#]),
    .init(L + " Pattern: a line that does not match extracts nothing",
          #"{app="a"} | pattern "<a> - <b>""#, ["no dash"], [#"{app="a"} no dash"#]),
    .init(L + " Pattern: a captured stream label name gets _extracted",
          #"{app="a"} | pattern "<app>:<_>""#, ["web:1"], [#"{app="a", app_extracted="web"} web:1"#]),
    .init(L + " unpack: string members become labels and _entry the line",
          #"{app="a"} | unpack"#, [#"{"container":"myapp","pod":"pod-3223f","_entry":"original log message"}"#],
          [#"{app="a", container="myapp", pod="pod-3223f"} original log message"#]),
    .init(L + " unpack: an invalid line sets JSONParserErr",
          #"{app="a"} | unpack | drop __error_details__"#, ["plain"], [#"{__error__="JSONParserErr", app="a"} plain"#]),
    .init(L + " unpack: packed labels named like stream labels get _extracted",
          #"{app="a"} | unpack"#, [#"{"app":"z","_entry":"m"}"#], [#"{app="a", app_extracted="z"} m"#]),
]

let labelFilterCases: [PipelineCase] = [
    .init(L + " Label filter expression: number >=", #"{app="a"} | logfmt | status >= 500"#, httpLines,
          [#"{app="a", level="error", status="500"} status=500 level=error"#, #"{app="a", level="info", status="503"} status=503 level=info"#,
           #"{__error__="LabelFilterErr", __error_details__="strconv.ParseFloat: parsing \"abc\": invalid syntax", app="a", level="error", status="abc"} status=abc level=error"#]),
    .init(L + " Label filter expression: conversion errors keep the line, __error__=\"\" drops it",
          #"{app="a"} | logfmt | status >= 500 | __error__="""#, httpLines,
          [#"{app="a", level="error", status="500"} status=500 level=error"#, #"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: __error__!=\"\" keeps only errors",
          #"{app="a"} | logfmt | status > 0 | __error__!="" | drop __error_details__"#, httpLines,
          [#"{__error__="LabelFilterErr", app="a", level="error", status="abc"} status=abc level=error"#]),
    .init(L + " Label filter expression: number ==", #"{app="a"} | logfmt | status == 404"#, Array(httpLines.prefix(3)), [#"{app="a", level="warn", status="404"} status=404 level=warn"#]),
    .init(L + " Label filter expression: number = (same as ==)", #"{app="a"} | logfmt | status = 404"#, Array(httpLines.prefix(3)), [#"{app="a", level="warn", status="404"} status=404 level=warn"#]),
    .init(L + " Label filter expression: number !=", #"{app="a"} | logfmt | status != 404"#, Array(httpLines.prefix(3)),
          [#"{app="a", level="error", status="500"} status=500 level=error"#, #"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: number <", #"{app="a"} | logfmt | status < 500"#, Array(httpLines.prefix(3)), [#"{app="a", level="warn", status="404"} status=404 level=warn"#]),
    .init(L + " Label filter expression: number <=", #"{app="a"} | logfmt | status <= 500"#, Array(httpLines.prefix(3)),
          [#"{app="a", level="error", status="500"} status=500 level=error"#, #"{app="a", level="warn", status="404"} status=404 level=warn"#]),
    .init(L + " Label filter expression: number >", #"{app="a"} | logfmt | status > 500"#, Array(httpLines.prefix(3)), [#"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: floats", #"{app="a"} | logfmt | v > 0.5"#, ["v=0.25", "v=0.75", "v=1e3"], [#"{app="a", v="0.75"} v=0.75"#, #"{app="a", v="1e3"} v=1e3"#]),
    .init(L + " Label filter expression: a missing label fails a number comparison", #"{app="a"} | logfmt | status > 1"#, ["level=info"], []),
    .init(L + " Label filter expression: duration >", #"{app="a"} | logfmt | duration > 10s"#, ["duration=5s", "duration=1m", "duration=10s"], [#"{app="a", duration="1m"} duration=1m"#]),
    .init(L + " Label filter expression: duration >=", #"{app="a"} | logfmt | duration >= 10s"#, ["duration=5s", "duration=1m", "duration=10s"],
          [#"{app="a", duration="1m"} duration=1m"#, #"{app="a", duration="10s"} duration=10s"#]),
    .init(L + " Label filter expression: duration with ms and fractions", #"{app="a"} | logfmt | latency <= 250ms"#, ["latency=100ms", "latency=0.3s", "latency=250ms"],
          [#"{app="a", latency="100ms"} latency=100ms"#, #"{app="a", latency="250ms"} latency=250ms"#]),
    .init(L + " Label filter expression: duration ==", #"{app="a"} | logfmt | latency == 1s"#, ["latency=1000ms", "latency=2s"], [#"{app="a", latency="1000ms"} latency=1000ms"#]),
    .init(L + " Label filter expression: a value that is not a duration is LabelFilterErr",
          #"{app="a"} | logfmt | latency > 1s | drop __error_details__"#, ["latency=fast"], [#"{__error__="LabelFilterErr", app="a", latency="fast"} latency=fast"#]),
    .init(L + " Label filter expression: bytes > (SI units are powers of 1000, IEC of 1024)", #"{app="a"} | logfmt | size > 1KB"#, ["size=2KB", "size=500B", "size=1KiB", "size=1000"],
          [#"{app="a", size="2KB"} size=2KB"#, #"{app="a", size="1KiB"} size=1KiB"#]),
    .init(L + " Label filter expression: bytes <=", #"{app="a"} | logfmt | size <= 20MB"#, ["size=20MB", "size=21MB", "size=1.5MB"],
          [#"{app="a", size="20MB"} size=20MB"#, #"{app="a", size="1.5MB"} size=1.5MB"#]),
    .init(L + " Label filter expression: bytes ==", #"{app="a"} | logfmt | size == 1KiB"#, ["size=1024B", "size=1KB"], [#"{app="a", size="1024B"} size=1024B"#]),
    .init(L + " Label filter expression: string =", #"{app="a"} | logfmt | level="error""#, Array(httpLines.prefix(3)), [#"{app="a", level="error", status="500"} status=500 level=error"#]),
    .init(L + " Label filter expression: string !=", #"{app="a"} | logfmt | level!="error""#, Array(httpLines.prefix(3)),
          [#"{app="a", level="warn", status="404"} status=404 level=warn"#, #"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: string =~ is anchored", #"{app="a"} | logfmt | level=~"err|inf""#, Array(httpLines.prefix(3)), []),
    .init(L + " Label filter expression: string =~", #"{app="a"} | logfmt | level=~"err.*|info""#, Array(httpLines.prefix(3)),
          [#"{app="a", level="error", status="500"} status=500 level=error"#, #"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: string !~", #"{app="a"} | logfmt | level!~"err.*|info""#, Array(httpLines.prefix(3)), [#"{app="a", level="warn", status="404"} status=404 level=warn"#]),
    .init(L + " Label filter expression: a missing label reads as empty", #"{app="a"} | logfmt | level="""#, ["status=1", "level=x"], [#"{app="a", status="1"} status=1"#]),
    .init(L + " Label filter expression: stream labels can be filtered", #"{app="a"} | app="a""#, ["x"], [#"{app="a"} x"#]),
    .init(L + " Label filter expression: and", #"{app="a"} | logfmt | level="error" and status >= 500"#, Array(httpLines.prefix(3)), [#"{app="a", level="error", status="500"} status=500 level=error"#]),
    .init(L + " Label filter expression: comma is and", #"{app="a"} | logfmt | level="info", status >= 500"#, Array(httpLines.prefix(3)), [#"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: a space is and", #"{app="a"} | logfmt | level="info" status >= 500"#, Array(httpLines.prefix(3)), [#"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: another pipe is and", #"{app="a"} | logfmt | level="info" | status >= 500"#, Array(httpLines.prefix(3)), [#"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: or", #"{app="a"} | logfmt | level="warn" or status > 500"#, Array(httpLines.prefix(3)),
          [#"{app="a", level="warn", status="404"} status=404 level=warn"#, #"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(L + " Label filter expression: parentheses", #"{app="a"} | logfmt | (level="warn" or level="info") and status > 500"#, Array(httpLines.prefix(3)),
          [#"{app="a", level="info", status="503"} status=503 level=info"#]),
    .init(LokiDocs.ip + " Label filter: ip() on a label", #"{app="a"} | logfmt | addr = ip("10.0.0.0/8")"#, ["addr=10.1.2.3", "addr=11.0.0.1", "addr=junk"], [#"{addr="10.1.2.3", app="a"} addr=10.1.2.3"#]),
    .init(LokiDocs.ip + " Label filter: != ip()", #"{app="a"} | logfmt | addr != ip("10.0.0.0/8")"#, ["addr=10.1.2.3", "addr=11.0.0.1"], [#"{addr="11.0.0.1", app="a"} addr=11.0.0.1"#]),
    .init(LokiDocs.ip + " Label filter: ip() range on a label", #"{app="a"} | logfmt | addr = ip("192.168.0.1-192.168.0.20")"#, ["addr=192.168.0.20", "addr=192.168.0.21"], [#"{addr="192.168.0.20", app="a"} addr=192.168.0.20"#]),
]

let formatCases: [PipelineCase] = [
    .init(L + " Line format expression: labels in the template", #"{app="a"} | logfmt | line_format "{{.level}}: {{.msg}}""#, [#"level=info msg="up""#],
          [#"{app="a", level="info", msg="up"} info: up"#]),
    .init(L + " Line format expression: stream labels in the template", #"{app="a"} | line_format "app={{.app}}""#, ["x"], [#"{app="a"} app=a"#]),
    .init(L + " Line format expression: __line__ and functions", #"{app="a"} | line_format "{{ __line__ | upper }}""#, ["quiet"], [#"{app="a"} QUIET"#]),
    .init(L + " Line format expression: __timestamp__", #"{app="a"} | line_format "{{ __timestamp__ | unixEpoch }}""#, ["x"], [#"{app="a"} 1"#]),
    .init(LokiDocs.templates + " now: the engine's now is the query's end (1000s here)", #"{app="a"} | line_format "{{ now | unixEpoch }}""#, ["x"], [#"{app="a"} 1000"#]),
    .init(L + " Line format expression: a failing template keeps the line and sets TemplateFormatErr",
          #"{app="a"} | line_format "{{ unixToTime \"abc\" }}" | drop __error_details__"#, ["keep me"], [#"{__error__="TemplateFormatErr", app="a"} keep me"#]),
    .init(L + " Line format expression: later filters see the new line", #"{app="a"} | logfmt | line_format "{{.msg}}" |= "up""#, [#"msg=up"#, "msg=down"],
          [#"{app="a", msg="up"} up"#]),
    .init(LokiDocs.templates + " Template functions: ToUpper, replace, trunc",
          #"{app="a"} | line_format "{{ ToUpper .app }} {{ replace \"o\" \"0\" __line__ }} {{ trunc 3 __line__ }}""#, ["foo bar"], [#"{app="a"} A f00 bar foo"#]),
    .init(LokiDocs.templates + " Template functions: regexReplaceAll",
          #"{app="a"} | line_format `{{ regexReplaceAll "(\\d+)" __line__ "<$1>" }}`"#, ["a1b22"], [#"{app="a"} a<1>b<22>"#]),
    .init(L + " Labels format expression: rename drops the source label", #"{app="a"} | logfmt | label_format lvl=level"#, ["level=info"], [#"{app="a", lvl="info"} level=info"#]),
    .init(L + " Labels format expression: a template keeps the labels it reads", #"{app="a"} | logfmt | label_format desc="{{.level}}-{{.status}}""#, ["level=info status=200"],
          [#"{app="a", desc="info-200", level="info", status="200"} level=info status=200"#]),
    .init(L + " Labels format expression: rename a stream label", #"{app="a"} | label_format application=app"#, ["x"], [#"{application="a"} x"#]),
    .init(L + " Labels format expression: several items read the labels as they were",
          #"{app="a"} | logfmt | label_format a=b, b="{{.a}}""#, ["a=1 b=2"], [#"{a="2", app="a", b="1"} a=1 b=2"#]),
    .init(L + " Labels format expression: __line__ in a label template", #"{app="a"} | label_format line="{{ __line__ }}""#, ["text"], [#"{app="a", line="text"} text"#]),
    .init(L + " Labels format expression: a template error sets TemplateFormatErr",
          #"{app="a"} | label_format t="{{ unixToTime \"x\" }}" | drop __error_details__"#, ["l"], [#"{__error__="TemplateFormatErr", app="a"} l"#]),
    .init(L + " Drop Labels expression: by name", #"{app="a"} | logfmt | drop level"#, ["level=info status=1"], [#"{app="a", status="1"} level=info status=1"#]),
    .init(L + " Drop Labels expression: several names, stream labels too", #"{app="a"} | logfmt | drop level, app"#, ["level=info status=1"], [#"{status="1"} level=info status=1"#]),
    .init(L + " Drop Labels expression: with a matcher only when it matches", #"{app="a"} | logfmt | drop level="debug""#, ["level=debug", "level=info"],
          [#"{app="a"} level=debug"#, #"{app="a", level="info"} level=info"#]),
    .init(L + " Drop Labels expression: with a regex matcher", #"{app="a"} | logfmt | drop level=~"d.*""#, ["level=debug", "level=info"],
          [#"{app="a"} level=debug"#, #"{app="a", level="info"} level=info"#]),
    .init(L + " Drop Labels expression: dropping __error__ keeps errored lines", #"{app="a"} | json | drop __error__, __error_details__"#, ["bad"], [#"{app="a"} bad"#]),
    .init(L + " Keep Labels expression: only the named labels stay", #"{app="a"} | logfmt | keep level"#, ["level=info status=1"], [#"{level="info"} level=info status=1"#]),
    .init(L + " Keep Labels expression: with a matcher", #"{app="a"} | logfmt | keep app, level="error""#, ["level=error", "level=info"],
          [#"{app="a", level="error"} level=error"#, #"{app="a"} level=info"#]),
    .init(L + " Removing color codes: decolorize", #"{app="a"} | decolorize"#, ["\u{1B}[31merror\u{1B}[0m text \u{1B}[1;32mok\u{1B}[m"], [#"{app="a"} error text ok"#]),
    .init(L + " Removing color codes: lines without codes are unchanged", #"{app="a"} | decolorize"#, ["plain"], [#"{app="a"} plain"#]),
    .init(L + " Log pipeline: stages run left to right", #"{app="a"} | logfmt | line_format "{{.msg}}" | json | keep b"#, [#"msg="{\"b\":1}""#], [#"{b="1"} {"b":1}"#]),
]

@Test(arguments: lineFilterCases + parserCases + labelFilterCases + formatCases)
func pipelineSemantics(_ c: PipelineCase) throws {
    let got = try logLines(c.query, try store(c.lines))
    #expect(got == c.expected)
}

@Test func pipelineSemanticsCount() {
    // Kept visible so a report can quote it.
    #expect(lineFilterCases.count + parserCases.count + labelFilterCases.count + formatCases.count >= 100)
}

// MARK: Error details and structured metadata

/// https://grafana.com/docs/loki/latest/query/log_queries/ "Parser expression": `__error_details__` says why.
@Test func errorDetailsExplainTheFailure() throws {
    let got = try logLines(#"{app="a"} | logfmt --strict"#, try store(["a=1 =bad"]))
    #expect(got == [#"{__error__="LogfmtParserErr", __error_details__="logfmt syntax error at pos 5 : unexpected '='", a="1", app="a"} a=1 =bad"#])
    let json = try logLines(#"{app="a"} | json"#, try store(["{"]))
    #expect(json.count == 1 && json[0].contains(#"__error_details__=""#))
}

/// The first error an entry meets stays: a later stage cannot replace it.
@Test func firstErrorWins() throws {
    let got = try logLines(#"{app="a"} | json | logfmt --strict | drop __error_details__"#, try store(["=x"]))
    #expect(got == [#"{__error__="JSONParserErr", app="a"} =x"#])
}

/// https://grafana.com/docs/loki/latest/get-started/labels/structured-metadata/ "Querying structured
/// metadata": metadata is filtered like labels and shows in the result's labels.
@Test func structuredMetadataActsAsLabels() throws {
    var s = LogStore()
    try s.append([LogEntry(timestamp: second, line: "one", metadata: Labels(["trace_id": "abc"])),
                  LogEntry(timestamp: 2 * second, line: "two", metadata: Labels(["trace_id": "def"]))], to: Labels(["app": "a"]))
    #expect(try logLines(#"{app="a"} | trace_id="abc""#, s) == [#"{app="a", trace_id="abc"} one"#])
    // A parsed key named like metadata gets _extracted too.
    var j = LogStore()
    try j.append(LogEntry(timestamp: second, line: #"{"trace_id":"x"}"#, metadata: Labels(["trace_id": "m"])), to: Labels(["app": "a"]))
    #expect(try logLines(#"{app="a"} | json"#, j) == [#"{app="a", trace_id="m", trace_id_extracted="x"} {"trace_id":"x"}"#])
}
