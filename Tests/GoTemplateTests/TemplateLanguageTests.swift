import Foundation
import Testing
@testable import GoTemplate

/// Go text/template semantics, including features newer than the Go 1.19 behind the golden files.
struct TemplateLanguageTests {
    static func run(_ text: String, _ data: TemplateValue = nil, functions: FunctionSet = .builtins,
                    missingKey: Template.MissingKey = .invalid) -> String {
        do {
            return try Template(name: "t", text: text, functions: functions, missingKey: missingKey).execute(data)
        } catch {
            return "ERR " + error.description
        }
    }

    static let cases: [(String, TemplateValue, String)] = [
        ("plain text", nil, "plain text"),
        ("{{ . }}", "x", "x"),
        ("{{ . }}", nil, "<no value>"),
        ("{{ .a.b }}", ["a": ["b": 1]], "1"),
        ("{{ .missing }}", ["a": 1], "<no value>"),
        ("{{ .a }}", ["a": nil], "<no value>"),
        ("{{ index . \"missing\" }}", ["a": 1], "<no value>"),
        ("{{ range $i := 3 }}{{ $i }}{{ end }}", nil, "012"),
        ("{{ range 0 }}x{{ else }}empty{{ end }}", nil, "empty"),
        ("{{ range 5 }}{{ if eq . 3 }}{{ break }}{{ end }}{{ . }}{{ end }}", nil, "012"),
        ("{{ range 4 }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ . }}{{ end }}", nil, "023"),
        ("{{ range $i, $e := 3 }}{{ end }}", nil, "ERR template: t:1:19: executing \"t\" at <3>: can't use 3 to iterate over more than one variable"),
        ("{{ with 0 }}a{{ else with 2 }}b{{ . }}{{ else }}c{{ end }}", nil, "b2"),
        ("{{ with 0 }}a{{ else with \"\" }}b{{ else }}c{{ end }}", nil, "c"),
        ("{{ if 0 }}a{{ else if 0 }}b{{ else if 1 }}c{{ end }}", nil, "c"),
        ("{{ range . }}{{ . }},{{ end }}", [3, 1, 2], "3,1,2,"),
        ("{{ range $k, $v := . }}{{ $k }}{{ $v }}{{ end }}", ["b": 2, "a": 1, "c": 3], "a1b2c3"),
        ("{{ range . }}x{{ else }}none{{ end }}", [], "none"),
        ("{{ $x := 1 }}{{ range . }}{{ $x = . }}{{ end }}{{ $x }}", [5, 6], "6"),
        ("{{ define \"a\" }}A{{ . }}{{ end }}{{ template \"a\" 1 }}{{ block \"b\" 2 }}B{{ . }}{{ end }}", nil, "A1B2"),
        ("{{ template \"x\" }}", nil, "ERR template: t:1:12: executing \"t\" at <{{template \"x\"}}>: template \"x\" not defined"),
        ("{{ .a | len }}", ["a": [1, 2, 3]], "3"),
        ("{{ \"x\" | printf \"%s%s\" \"y\" }}", nil, "yx"),
        ("{{ call .f 2 }}", ["f": .function(TemplateFunction("f", params: [.int]) { a throws(FunctionError) in a[0] })], "2"),
        ("{{ and 1 (index . 5) }}", [1], "ERR template: t:1:10: executing \"t\" at <index . 5>: error calling index: index out of range: 5"),
        ("{{ or 0 (index . 5) }}", [1], "ERR template: t:1:9: executing \"t\" at <index . 5>: error calling index: index out of range: 5"),
        ("{{ and 0 (index . 5) }}", [1], "0"),
        ("{{ or 1 (index . 5) }}", [1], "1"),
        ("{{ slice . 1 2 }}", [1, 2, 3], "[2]"),
        ("{{ slice \"hello\" 1 }}", nil, "ello"),
        ("{{ eq .a nil }}", ["a": nil], "true"),
        ("{{ printf \"%v %v\" . .x }}", ["x": [1, "a"]], "map[x:[1 a]] [1 a]"),
        ("{{ printf \"%d\" . }}", [1, 2], "[1 2]"),
        ("{{ printf \"%05.1f|%x|%X|%o\" 3.14159 \"hi\" 255 8 }}", nil, "003.1|6869|FF|10"),
        ("{{ .Missing.Deeper }}", ["a": 1], "<no value>"),
        ("{{ .a.b }}", ["a": nil], "ERR template: t:1:5: executing \"t\" at <.a.b>: nil pointer evaluating interface {}.b"),
        ("{{ .missing }}", ["a": 1], "ERR template: t:1:3: executing \"t\" at <.missing>: map has no entry for key \"missing\""),
        ("x\n  {{ .x.y }}", ["x": 1], "ERR template: t:2:7: executing \"t\" at <.x.y>: can't evaluate field y in type interface {}"),
        ("{{ 1 }} {{ 1.0 }} {{ 1e3 }} {{ 0x10 }} {{ 'a' }} {{ -5 }}", nil, "1 1 1000 16 97 -5"),
        ("{{/* a comment */}}x{{- /* trimmed */ -}}  y", nil, "xy"),
        ("a  {{- 1 -}}  b", nil, "a1b"),
        ("{{ (1) }}{{ (print 1 2) }}", nil, "11 2"),
        ("{{ $ }}", 5, "5"),
        ("{{ not (eq 1 2) }}", nil, "true"),
        ("{{ le 1 1 }}{{ ge 2 1 }}{{ gt 1.5 2.5 }}{{ lt \"a\" \"b\" }}", nil, "truetruefalsetrue"),
    ]

    @Test(arguments: 0..<TemplateLanguageTests.cases.count)
    func languageCase(_ i: Int) {
        let (text, data, want) = Self.cases[i]
        let mk: Template.MissingKey = text == "{{ .missing }}" && want.hasPrefix("ERR") ? .error : .invalid
        #expect(Self.run(text, data, missingKey: mk) == want, Comment(rawValue: text))
    }

    @Test func parseOnlyValidation() {
        #expect(throws: TemplateError.self) { try Template.parse(name: "v", text: "{{ nope }}") }
        do {
            try Template.parse(name: "v", text: "a\n{{ if }}")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.kind == .parse)
            #expect(error.line == 2)
            #expect(error.description == "template: v:2: missing value for if")
        }
        #expect((try? Template.parse(name: "v", text: "{{ humanize 1 }}", functions: .prometheus)) != nil)
        #expect((try? Template.parse(name: "v", text: "{{ humanize 1 }}", functions: .builtins)) == nil)
    }

    @Test func associatedTemplates() throws {
        var t = try Template(name: "main", text: "{{ template \"part\" . }}!")
        try t.define(name: "part", text: "<{{ . }}>")
        #expect(try t.execute("x") == "<x>!")
        #expect(try t.executeTemplate(named: "part", data: 1) == "<1>")
        #expect(t.templateNames == ["main", "part"])
        #expect(throws: TemplateError.self) { try t.executeTemplate(named: "nope", data: nil) }
    }

    @Test func executionErrorFields() {
        do {
            _ = try Template(name: "n", text: "ab\ncd {{ .x.y }}").execute(["x": "s"])
            Issue.record("expected error")
        } catch {
            #expect(error.kind == .execution)
            #expect(error.line == 2)
            #expect(error.column == 8)  // Go reports the last field of a chain
            #expect(error.templateName == "n")
            #expect(error.message == "can't evaluate field y in type interface {}")  // map[string]interface {} element
        }
    }

    @Test func recursionIsBounded() {
        let out = Self.run("{{ define \"r\" }}{{ template \"r\" }}{{ end }}{{ template \"r\" }}")
        #expect(out.contains("exceeded maximum template depth"))
    }
}

extension TemplateLanguageTests {
    @Test func customDelimitersAndJSONData() throws {
        let t = try Template(name: "d", text: "<<.a>> {{.a}} <<- if .b >> yes <<- end>>", leftDelimiter: "<<", rightDelimiter: ">>")
        #expect(try t.execute(["a": 1, "b": true]) == "1 {{.a}} yes")
        let json = try JSONSerialization.jsonObject(with: Data(#"{"n": 2, "s": "x", "l": [true, null]}"#.utf8))
        let out = try Template(name: "j", text: "{{ .n }} {{ .s }} {{ .l }} {{ printf \"%T\" .n }}").execute(TemplateValue(jsonObject: json))
        #expect(out == "2 x [true <nil>] float64")
    }
}
