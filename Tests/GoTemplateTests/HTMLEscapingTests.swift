import Foundation
import Testing
@testable import GoTemplate

/// `html/template`'s contextual escaping, checked against Debian's `amtool template render
/// --template.type=html` (0.25): each expected text is what amtool printed for the template and
/// Fixtures/html-escaping-data.json (hostile label values: `<script>`, `"onmouseover=`, `javascript:` URLs).
@Suite struct HTMLEscapingTests {
    static let cases: [(String, String)] = [
        ("<p>{{ .CommonLabels.alertname }}</p><p>{{ .Receiver | html }}</p>",
         "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>ops&lt;script&gt;x&lt;/script&gt;</p>"),
        ("{{ range .Alerts }}<a href=\"{{ .GeneratorURL }}\">{{ .Labels.instance }}</a>{{ end }}",
         "<a href=\"#ZgotmplZ\">&#34;onmouseover=alert(1)</a><a href=\"http://prom/graph?g0.expr=up%3D%3D0&amp;x=%3cy%3e\">ok</a>"),
        ("<a title='{{ (index .Alerts 0).Labels.instance }}' href=\"/x?q={{ (index .Alerts 0).Labels.q }}&r={{ .Receiver | urlquery }}\">y</a>",
         "<a title='&#34;onmouseover=alert(1)' href=\"/x?q=a%26b%3dc%20d&r=ops%3Cscript%3Ex%3C%2Fscript%3E\">y</a>"),
        ("<input value={{ (index .Alerts 0).Labels.instance }}><input value=\"{{ .Status }}\">",
         "<input value=&#34;onmouseover&#61;alert(1)><input value=\"firing\">"),
        ("<title>{{ .CommonLabels.alertname }} {{ (index .Alerts 0).Annotations.summary }}</title>",
         "<title>&lt;script&gt;alert(1)&lt;/script&gt; it&#39;s &lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34; &#43;1</title>"),
        ("<!-- hidden {{ .Status }} -->x < y {{ .Status }}",
         "x &lt; y firing"),
        ("<a href=\"{{ .ExternalURL }}/#/alerts?receiver={{ .Receiver }}\">z</a><a href=\"http://h/{{ (index .Alerts 0).Labels.q }}\">w</a>",
         "<a href=\"#ZgotmplZ/#/alerts?receiver=ops%3cscript%3ex%3c%2fscript%3e\">z</a><a href=\"http://h/a&amp;b=c%20d\">w</a>"),
        ("<p {{ .Status }}=\"1\">{{ if eq .Status \"firing\" }}<b>{{ .Status }}</b>{{ else }}<i>{{ .Status }}</i>{{ end }}</p>",
         "<p firing=\"1\"><b>firing</b></p>"),
        ("{{ define \"inner\" }}{{ .Status }}{{ end }}<a title=\"{{ template \"inner\" . }}\">{{ template \"inner\" . }}</a>",
         "<a title=\"firing\">firing</a>"),
    ]

    static func data() throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/html-escaping-data.json")
        return try Data(contentsOf: url)
    }

    @Test(arguments: 0..<cases.count)
    func matchesAmtool(_ index: Int) throws {
        let (text, expected) = Self.cases[index]
        #expect(try TemplateRenderer.notification(text: text, dataJSON: try Self.data(), html: true) == expected)
    }

    @Test func javascriptContextsAreRefused() throws {
        #expect(throws: TemplateRenderer.Failure.self) {
            try TemplateRenderer.notification(text: #"<a onclick="{{ .Status }}">x</a>"#, dataJSON: try Self.data(), html: true)
        }
        #expect(throws: TemplateRenderer.Failure.self) {
            try TemplateRenderer.notification(text: "<script>var s = {{ .Status }}</script>", dataJSON: try Self.data(), html: true)
        }
    }

    @Test func branchesEndingInDifferentContextsAreRefused() throws {
        let e = #expect(throws: TemplateRenderer.Failure.self) {
            try TemplateRenderer.notification(text: #"{{ if .Status }}<a href="{{ else }}<b>{{ end }}x"#, dataJSON: try Self.data(), html: true)
        }
        #expect(e?.description.contains("branches end in different contexts") == true)
    }

    @Test func textModeIsUnchanged() throws {
        #expect(try TemplateRenderer.notification(text: "<p>{{ .Receiver }}</p>", dataJSON: try Self.data()) == "<p>ops<script>x</script></p>")
    }
}
