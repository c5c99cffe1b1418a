import Foundation
import Testing
@testable import GoTemplate

/// `TemplateRenderer`: data files, globs and rule mode, without a process.
struct TemplateRendererTests {
    static let now = GoTime(seconds: 1_700_000_000)

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func exampleDataIsAmtools() throws {
        func r(_ text: String) throws(TemplateRenderer.Failure) -> String { try TemplateRenderer.notification(text: text, now: Self.now) }
        #expect(try r("{{ .Receiver }} {{ .Status }} {{ .ExternalURL }}") == "receiver alertstatus https://example.com")
        #expect(try r("{{ range .Alerts }}{{ .Fingerprint }} {{ .StartsAt.Unix }} {{ .EndsAt.Unix }};{{ end }}")
                == "fingerprint1 1699999700 1700000000;fingerprint2 1699999400 1700000000;")
        #expect(try r("{{ .GroupLabels.Names }} {{ .CommonLabels.Values }} {{ len .CommonAnnotations }}")
                == "[grouplabelkey1 grouplabelkey2] [commonlabelvalue1 commonlabelvalue2] 2")
        #expect(throws: TemplateRenderer.Failure.self) { try r("{{ .Nope }}") }
        do { _ = try r("{{ .Nope }}") } catch {
            #expect(error.description == "template: :1:3: executing \"\" at <.Nope>: can't evaluate field Nope in type template.Data")
        }
    }

    @Test func dataFromJSONLikeGo() throws {
        let json = """
            {"version":"4","groupKey":"{}:{}","receiver":"web","status":"firing","externalURL":"http://am",
             "alerts":[{"status":"firing","labels":{"alertname":"A","x":"1"},"annotations":{},
                        "startsAt":"2023-11-14T22:13:20.5+02:00","endsAt":"0001-01-01T00:00:00Z","FINGERPRINT":"f"}],
             "groupLabels":{"alertname":"A"}}
            """
        func r(_ text: String) throws -> String {
            try TemplateRenderer.notification(text: text, dataJSON: Data(json.utf8), now: Self.now)
        }
        #expect(try r("{{ .Receiver }} {{ .Status }} {{ .ExternalURL }} {{ len .Alerts }}") == "web firing http://am 1")
        #expect(try r("{{ range .Alerts }}{{ .StartsAt }}|{{ .EndsAt }}|{{ .Fingerprint }}{{ end }}")
                == "2023-11-14 22:13:20.5 +0200 +0200|0001-01-01 00:00:00 +0000 UTC|f")
        // Common labels are taken from the file, not derived from the alerts.
        #expect(try r("{{ len .CommonLabels }} {{ len .CommonAnnotations }}") == "0 0")
        #expect(throws: TemplateRenderer.Failure.self) {
            try TemplateRenderer.notification(text: "x", dataJSON: Data(#"{"receiver": 1}"#.utf8))
        }
        do { _ = try TemplateRenderer.notification(text: "x", dataJSON: Data(#"{"receiver": 1}"#.utf8)) } catch {
            #expect(error.description == "json: cannot unmarshal number into Go struct field Data.receiver of type string")
        }
        #expect(throws: TemplateRenderer.Failure.self) { try TemplateRenderer.notification(text: "x", dataJSON: Data("[".utf8)) }
    }

    @Test func globsNameTemplatesAfterTheirFiles() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{{ define \"a\" }}A{{ end }}file-a".write(to: dir.appendingPathComponent("a.tmpl"), atomically: true, encoding: .utf8)
        try "{{ define \"b\" }}B{{ template \"a\" }}{{ end }}".write(to: dir.appendingPathComponent("b.tmpl"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appendingPathComponent("c.txt"), atomically: true, encoding: .utf8)
        let glob = dir.path + "/*.tmpl"
        #expect(try GoGlob.glob(glob) == [dir.path + "/a.tmpl", dir.path + "/b.tmpl"])
        #expect(try TemplateRenderer.notification(text: "{{ template \"b\" }} {{ template \"a.tmpl\" }}", globs: [glob]) == "BA file-a")
        // A pattern matching nothing is not an error (amtool allows it); a bad pattern is.
        #expect(try TemplateRenderer.notification(text: "ok", globs: [dir.path + "/*.none"]) == "ok")
        #expect(throws: TemplateRenderer.Failure.self) { try TemplateRenderer.notification(text: "x", globs: [dir.path + "/[a"]) }
        #expect(try GoGlob.glob(dir.path + "/?.t*") == [dir.path + "/a.tmpl", dir.path + "/b.tmpl", dir.path + "/c.txt"])
        #expect(try GoGlob.glob(dir.path + "/[ab].tmpl").count == 2)
    }

    @Test func ruleMode() throws {
        func r(_ text: String, _ labels: [String: String] = ["instance": "a", "job": "b"], value: Double = 0.93) throws(TemplateRenderer.Failure) -> String {
            try TemplateRenderer.rule(text: text, labels: labels, value: value, alertName: "Test",
                                      externalURL: "http://prom", externalLabels: ["dc": "eu"])
        }
        #expect(try r("{{ $labels.instance }} is {{ $value | humanizePercentage }}") == "a is 93%")
        #expect(try r("{{ $externalLabels.dc }} {{ $externalURL }} {{ .Labels.job }} {{ $labels.missing }}.") == "eu http://prom b .")
        #expect(try r("{{ humanize $value }}", value: 1234567) == "1.235M")
        do { _ = try r("{{ $labels.instance | nope }}") } catch {
            #expect(error.description.hasPrefix("error expanding template: error parsing template __alert_Test: template: __alert_Test:1: function \"nope\" not defined"))
        }
        #expect(throws: TemplateRenderer.Failure.self) { try r("{{ query \"up\" }}") }
    }
}
