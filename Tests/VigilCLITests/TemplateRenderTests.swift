import Foundation
import Testing

/// `vigil template render` against Debian's `amtool template render` (0.25): the same user templates,
/// byte-for-byte the same standard output, with amtool's example data, with a `--template.glob` file
/// and with a `--template.data` file. Cases avoid what differs on purpose: Vigil's default templates
/// (Debian's amtool is built without Alertmanager's), functions newer than 0.25 (`toJson`, `date`, …),
/// printing a label set directly (0.26+ prints `a=b, c=d`, 0.25 a Go map) and the example data's
/// clock-based times.
@Suite struct TemplateRenderAmtoolTests {
    static let amtoolPath = "/usr/bin/amtool"

    /// Templates rendered against both the example data and the data file.
    static let cases: [String] = [
        "{{ .Receiver }}",
        "{{ .Status }}",
        "{{ .ExternalURL }}",
        "",
        "plain text, no actions\n",
        "{{ range .Alerts }}{{ .Fingerprint }} {{ .GeneratorURL }} {{ .Status }};{{ end }}",
        "{{ range .Alerts }}{{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}|{{ end }}",
        "{{ range .Alerts }}{{ range .Annotations.SortedPairs }}{{ .Name }}: {{ .Value }}\n{{ end }}{{ end }}",
        "{{ .GroupLabels.SortedPairs.Names }} {{ .GroupLabels.Values }}",
        "{{ .CommonLabels.SortedPairs.Values | join \",\" }}",
        "{{ .CommonAnnotations.commonannotationkey1 }}|{{ .CommonAnnotations.nope }}|",
        "{{ len .Alerts }} {{ len .Alerts.Firing }} {{ len .Alerts.Resolved }}",
        "{{ index .CommonLabels \"job\" | toUpper }}{{ index .GroupLabels \"grouplabelkey1\" | toUpper }}",
        "{{ (.CommonLabels.Remove (stringSlice \"commonlabelkey1\" \"alertname\")).Names }}",
        "{{ range $i, $a := .Alerts }}{{ $i }}:{{ $a.Labels.instance }} {{ end }}",
        "{{ if eq .Status \"firing\" }}F{{ else if eq .Status \"resolved\" }}R{{ else }}other: {{ .Status }}{{ end }}",
        "{{ title \"hello wORLD\" }} {{ toLower \"ABC\" }} {{ toUpper .Receiver }}",
        "{{ match \"^foo\" \"foobar\" }} {{ reReplaceAll \"(a)b\" \"${1}x\" \"abab\" }}",
        "{{ printf \"%q %5.2f %d %v %x\" .Receiver 3.14159 42 true 255 }}",
        "{{ with .CommonAnnotations }}{{ .commonannotationkey2 }}{{ else }}none{{ end }}",
        "{{ define \"local\" }}L{{ . }}{{ end }}{{ template \"local\" .Status }}",
        "a {{- /* a comment */ -}} b {{- \" c\" -}} \n d",
        "{{ $n := 0 }}{{ range .Alerts }}{{ $n = len .Labels }}{{ end }}{{ $n }}",
        "{{ .Alerts | len | printf \"%03d\" }}",
        "{{ (index .Alerts 1).Labels.SortedPairs.Names }} {{ (index .Alerts 0).Fingerprint }}",
        "{{ html \"<a&b>\" }} {{ urlquery \"a b&c\" }} {{ js \"it's\" }}",
        "{{ join \"+\" (stringSlice \"a\" \"b\" \"c\") }} {{ safeHtml \"<b>\" }}",
        "{{ slice \"abcdef\" 1 3 }} {{ len \"héllo\" }} {{ and 1 0 }} {{ or 0 \"x\" }} {{ not true }}",
        "{{ lt 1 2 }} {{ ge 2.5 2.5 }} {{ ne \"a\" \"b\" }} {{ eq .Receiver \"receiver\" \"ops-team\" }}",
        "{{ range .Alerts.Firing }}{{ .Labels.alertname }}{{ end }}-{{ range .Alerts.Resolved }}{{ .Fingerprint }}{{ end }}",
        "{{ range .Alerts }}{{ .StartsAt.IsZero }} {{ .EndsAt.IsZero }};{{ end }}",
        // Errors: nothing on standard output, exit status 1, the same message.
        "{{ .Nope }}",
        "{{ template \"missing\" . }}",
        "{{ range .Alerts }}",
        "{{ nope }}",
        "{{ index .Alerts 5 }}",
    ]

    /// Templates that call the `--template.glob` file's defines.
    static let globCases: [String] = [
        "{{ template \"t.header\" . }}",
        "{{ template \"t.nested\" . }}",
        "{{ template \"t.list\" .Alerts }}",
        "{{ template \"t.override\" . }}",
        "{{ template \"a.tmpl\" . }}|{{ template \"b.tmpl\" . }}",
        "{{ define \"t.header\" }}redefined {{ .Status }}{{ end }}{{ template \"t.nested\" . }}",
    ]

    /// Only deterministic with a data file: its times come from the file, not the clock.
    static let dataCases: [String] = [
        "{{ range .Alerts }}{{ .StartsAt }} | {{ .EndsAt }} | {{ .StartsAt.Unix }};{{ end }}",
        "{{ range .Alerts }}{{ .StartsAt.Format \"2006-01-02T15:04:05.000Z07:00 Mon Jan\" }};{{ end }}",
        "{{ range .Alerts.Firing }}{{ .Status }} {{ .Labels.severity }}{{ end }}",
        "{{ (index .Alerts 1).EndsAt.Sub (index .Alerts 1).StartsAt }}",
    ]

    static let globFiles: [String: String] = [
        "a.tmpl": """
            {{ define "t.header" }}[{{ .Receiver }}]{{ end }}
            {{ define "t.list" }}{{ range . }}{{ .Labels.instance }}{{ .Labels.foo }}/{{ end }}{{ end }}
            {{ define "t.nested" }}{{ template "t.header" . }} {{ template "t.list" .Alerts }}{{ end }}
            {{ define "t.override" }}from a{{ end }}
            body of a
            """,
        "b.tmpl": """
            {{ define "t.override" }}from b ({{ len .Alerts }}){{ end }}
            """,
    ]

    static let dataFile = """
        {"version":"4","groupKey":"{}:{alertname=\\"Down\\"}","truncatedAlerts":0,"receiver":"ops-team","status":"firing",
         "externalURL":"http://am.example:9093",
         "alerts":[
          {"status":"firing","labels":{"alertname":"Down","job":"api","instance":"a:80","severity":"critical"},
           "annotations":{"summary":"a is down"},"startsAt":"2024-03-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prom/graph","fingerprint":"0a1b"},
          {"status":"resolved","labels":{"alertname":"Down","job":"api","instance":"b:80"},"annotations":{"summary":"b is down"},
           "startsAt":"2024-03-01T09:00:00.123+02:00","endsAt":"2024-03-01T11:30:00Z","generatorURL":"","fingerprint":"2c3d"}],
         "groupLabels":{"alertname":"Down"},"commonLabels":{"alertname":"Down","job":"api"},"commonAnnotations":{}}
        """

    /// A folder with the glob files and the data file.
    static let workDir: URL = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-amtool-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in globFiles {
            try? text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try? dataFile.write(to: dir.appendingPathComponent("data.json"), atomically: true, encoding: .utf8)
        return dir
    }()

    static func amtool(_ arguments: [String]) throws -> VigilProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: amtoolPath)
        process.arguments = arguments
        process.currentDirectoryURL = workDir
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return VigilProcess.Result(exitCode: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                   stderr: String(decoding: errData, as: UTF8.self))
    }

    enum Mode: String, CaseIterable { case example, glob, data }

    /// Runs one template both ways; nil when they agree, else what differed.
    static func compare(_ text: String, mode: Mode) throws -> String? {
        var amtoolArgs = ["template", "render", "--template.text=" + text]
        // Vigil gets the text as a separate argument, so both spellings are exercised (and an empty
        // text is possible: ArgumentParser reads `--name=` with nothing after it as a missing value).
        var vigilArgs = ["template", "render", "--template.text", text]
        switch mode {
        case .example:
            // amtool 0.25 insists on --template.glob; a pattern matching nothing stands for "none".
            amtoolArgs.append("--template.glob=" + workDir.path + "/*.none")
        case .glob:
            amtoolArgs.append("--template.glob=" + workDir.path + "/*.tmpl")
            vigilArgs.append("--template.glob=" + workDir.path + "/*.tmpl")
        case .data:
            amtoolArgs += ["--template.glob=" + workDir.path + "/*.tmpl", "--template.data=" + workDir.path + "/data.json"]
            vigilArgs += ["--template.glob=" + workDir.path + "/*.tmpl", "--template.data=" + workDir.path + "/data.json"]
        }
        let a = try amtool(amtoolArgs)
        let v = try VigilProcess.run(vigilArgs, in: workDir)
        func message(_ stderr: String, _ prefix: String) -> String {
            let s = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return s.hasPrefix(prefix) ? String(s.dropFirst(prefix.count)) : s
        }
        let amtoolError = a.exitCode == 0 ? "" : message(a.stderr, "amtool: error: ")
        let vigilError = v.exitCode == 0 ? "" : message(v.stderr, "error: ")
        if a.stdout == v.stdout && (a.exitCode == 0) == (v.exitCode == 0) && amtoolError == vigilError
            && (v.exitCode == 0 || v.exitCode == 1) {
            return nil
        }
        return """
            [\(mode)] \(text.debugDescription)
                amtool (\(a.exitCode)): \(a.stdout.debugDescription) \(amtoolError)
                vigil  (\(v.exitCode)): \(v.stdout.debugDescription) \(vigilError)
            """
    }

    static var amtoolInstalled: Bool { FileManager.default.isExecutableFile(atPath: amtoolPath) }

    @Test(.enabled(if: amtoolInstalled, "needs Debian's amtool (package prometheus-alertmanager)"))
    func sameOutputAsAmtool() throws {
        var failures: [String] = []
        var runs = 0
        for mode in Mode.allCases {
            var texts = Self.cases
            if mode != .example { texts += Self.globCases }
            if mode == .data { texts += Self.dataCases }
            for text in texts {
                runs += 1
                if let f = try Self.compare(text, mode: mode) { failures.append(f) }
            }
        }
        print("template render vs amtool: \(runs - failures.count)/\(runs) renderings identical")
        #expect(failures.isEmpty, Comment(rawValue: failures.joined(separator: "\n")))
    }

    /// A broken template file fails both tools with Go's parse error, naming the file.
    @Test(.enabled(if: amtoolInstalled, "needs Debian's amtool (package prometheus-alertmanager)"))
    func brokenGlobFileSameErrorAsAmtool() throws {
        let dir = Self.workDir.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "{{ define \"x\" }}ok{{ end }}\n{{ define \"y\" }}{{ end".write(to: dir.appendingPathComponent("bad.tmpl"), atomically: true, encoding: .utf8)
        let a = try Self.amtool(["template", "render", "--template.glob=" + dir.path + "/*.tmpl", "--template.text=x"])
        let v = try VigilProcess.run(["template", "render", "--template.glob=" + dir.path + "/*.tmpl", "--template.text=x"])
        #expect(a.exitCode == 1 && v.exitCode == 1)
        #expect(a.stdout == v.stdout)
        #expect(a.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "amtool: error: template: bad.tmpl:2: unclosed action")
        #expect(v.stderr == "error: template: bad.tmpl:2: unclosed action\n")
    }

    /// Where Vigil follows Alertmanager 0.26+ rather than Debian's 0.25 amtool, on purpose.
    @Test func knownDifferencesFromAmtool025() throws {
        let v = try VigilProcess.run(["template", "render", "--template.text={{ .CommonLabels }}|{{ template \"__alertmanager\" . }}"])
        #expect(v.exitCode == 0)
        // 0.25 prints `map[commonlabelkey1:commonlabelvalue1 …]` and has no `__alertmanager` in Debian's build.
        #expect(v.stdout == "commonlabelkey1=commonlabelvalue1, commonlabelkey2=commonlabelvalue2|Vigil")
    }
}

/// `vigil template render` on its own: defaults, errors, rule mode.
@Suite struct TemplateRenderCommandTests {
    @Test func outputHasNoAddedNewline() throws {
        let r = try VigilProcess.run(["template", "render", "--template.text", "{{ .Receiver }}"])
        #expect(r.exitCode == 0)
        #expect(r.stdout == "receiver")
    }

    @Test func defaultTemplatesAreAvailable() throws {
        let r = try VigilProcess.run(["template", "render", "--template.text={{ template \"__subject\" . }}"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(r.stdout == "ALERTSTATUS: grouplabelvalue1, grouplabelvalue2 [commonlabelvalue1, commonlabelvalue2]")
    }

    @Test func templateErrorsGoToStandardErrorWithStatusOne() throws {
        let r = try VigilProcess.run(["template", "render", "--template.text={{ .Nope }}"])
        #expect(r.exitCode == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "error: template: :1:3: executing \"\" at <.Nope>: can't evaluate field Nope in type template.Data\n")
        let missing = try VigilProcess.run(["template", "render", "--template.text=x", "--template.data=/nonexistent.json"])
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.contains("/nonexistent.json"))
    }

    @Test func ruleModeExpandsAsTheRuler() throws {
        let r = try VigilProcess.run(["template", "render", "--rule",
                                      "--template.text", "{{ $labels.instance }} is {{ $value | humanizePercentage }}",
                                      "--label", "instance=a", "--label", "job=b", "--value", "0.93"])
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(r.stdout == "a is 93%")
        let ext = try VigilProcess.run(["template", "render", "--rule",
                                        "--template.text={{ $externalURL }}/{{ $externalLabels.cluster }} {{ .Value }} {{ $labels.job }}",
                                        "--label", "job=b", "--value", "2", "--external-url", "http://prom:9090",
                                        "--external-label", "cluster=eu1"])
        #expect(ext.stdout == "http://prom:9090/eu1 2 b")
    }

    @Test func ruleModeErrors() throws {
        let r = try VigilProcess.run(["template", "render", "--rule", "--template.text={{ $labels.x | nope }}",
                                      "--label", "alertname=Disk"])
        #expect(r.exitCode == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("error: error expanding template: error parsing template __alert_Disk: template: __alert_Disk:1: function \"nope\" not defined"),
                "\(r.stderr)")
        let exec = try VigilProcess.run(["template", "render", "--rule", "--template.text={{ $labels.job.nope }}",
                                         "--alert-name", "X"])
        #expect(exec.exitCode == 1)
        #expect(exec.stderr.contains("error executing template __alert_X"), "\(exec.stderr)")
        let emptyEquals = try VigilProcess.run(["template", "render", "--template.text=", "--template.glob=*.tmpl"])
        #expect(emptyEquals.exitCode != 0)
        #expect(emptyEquals.stderr.contains("--template.text ''"), "\(emptyEquals.stderr)")
        let misuse = try VigilProcess.run(["template", "render", "--template.text=x", "--label", "a=b"])
        #expect(misuse.exitCode != 0)
        #expect(misuse.stderr.contains("--rule"))
        let badLabel = try VigilProcess.run(["template", "render", "--rule", "--template.text=x", "--label", "novalue"])
        #expect(badLabel.exitCode == 1)
        #expect(badLabel.stderr.contains("name=value"))
    }
}
