import Foundation
import Testing
@testable import GoTemplate

/// The parser and executor must never crash, whatever the input.
struct ParserRobustnessTests {
    static let seeds = [
        "{{ if .a }}x{{ else if .b }}y{{ else }}z{{ end }}",
        "{{ range $i, $v := .list }}{{ $i }}={{ $v | printf \"%q\" }}{{ break }}{{ end }}",
        "{{ define \"t\" }}{{ block \"b\" . }}{{ .x.y }}{{ end }}{{ end }}{{ template \"t\" . }}",
        "{{- with $x := index . \"k\" -}} {{ $x }} {{- else with 1 }}{{ end }}",
        "{{/* c */}}{{ `raw` }}{{ 'c' }}{{ 0x1F }}{{ 1e3 }}{{ -2.5 }}{{ (print 1) }}{{ nil }}",
        "{{ humanize $value }}{{ reReplaceAll \"(a)\" \"$1\" \"aa\" }}{{ $labels.job }}",
    ]

    /// A small deterministic PRNG (SplitMix64).
    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let fragments = ["{{", "}}", "{{-", "-}}", " ", "(", ")", "|", "$", ".", "$x", ":=", "=", "\"", "`", "'", "if", "else",
                            "end", "range", "with", "define", "template", "block", "break", "continue", "nil", "1", "-", "/*",
                            "*/", ",", "\n", "é", "printf", "index", ".a.b", "$labels", "humanize", "0x", "1e", "\\"]

    @Test func mutatedTemplatesNeverCrash() {
        var rng = RNG(state: 42)
        let deadline = Date().addingTimeInterval(15)
        var count = 0
        var parsed = 0
        let data: TemplateValue = ["a": 1, "b": ["c": "d"], "list": [1, 2], "k": "v", "x": ["y": 2]]
        while count < 300_000 && Date() < deadline {
            var bytes = Array(Self.seeds[rng.below(Self.seeds.count)].unicodeScalars)
            for _ in 0..<(1 + rng.below(4)) {
                let pos = bytes.isEmpty ? 0 : rng.below(bytes.count + 1)
                switch rng.below(3) {
                case 0 where !bytes.isEmpty && pos < bytes.count:
                    bytes.remove(at: pos)
                case 1:
                    bytes.insert(contentsOf: Self.fragments[rng.below(Self.fragments.count)].unicodeScalars, at: pos)
                default:
                    if !bytes.isEmpty && pos < bytes.count {
                        let end = min(bytes.count, pos + rng.below(6))
                        bytes.removeSubrange(pos..<end)
                    }
                }
            }
            let text = String(String.UnicodeScalarView(bytes))
            if let t = try? Template(name: "fuzz", text: text, functions: .prometheus) {
                parsed += 1
                if count % 10 == 0 { _ = try? t.execute(data) }
            }
            count += 1
        }
        print("parser robustness: \(count) mutated templates, \(parsed) parsed")
        #expect(count > 1000)
    }
}

extension ParserRobustnessTests {
    @Test func deepNestingIsAnErrorNotACrash() {
        // Go's limit: 10000 nested parenthesized pipelines; control nesting shares the bound here.
        let parens = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        #expect(throws: TemplateError.self) { try Template.parse(name: "p", text: "{{ " + parens + " }}") }
        let ifs = String(repeating: "{{ if 1 }}", count: 10_000) + "x" + String(repeating: "{{ end }}", count: 10_000)
        #expect(throws: TemplateError.self) { try Template.parse(name: "p", text: ifs) }
        let ok = String(repeating: "{{ if 1 }}", count: 200) + "x" + String(repeating: "{{ end }}", count: 200)
        #expect((try? Template(name: "p", text: ok).execute(nil)) == "x")
        let okParens = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        #expect((try? Template(name: "p", text: "{{ " + okParens + " }}").execute(nil)) == "1")
    }

    /// Found by the template fuzz target (Fuzz/regressions/template/block-error-inside-range): a {{block}}
    /// that fails to parse inside {{range}} or {{if}} used to leave the parser's variable scope short, and the
    /// enclosing clause trapped trimming it back.
    @Test func failingBlockInsideAControlIsAnError() throws {
        for text in [#"{{range.}}{{block "".}}"#, #"{{if 1}}{{block "b" .}}{{end"#, #"{{with $x := 1}}{{block "b" .}}{{$x}}"#] {
            #expect(throws: TemplateError.self) { try Template(name: "t", text: text) }
        }
        // A block that parses restores the enclosing scope: `$x` is still defined after it.
        let t = try Template(name: "t", text: #"{{range $x := .}}{{block "b" .}}[{{.}}]{{end}}{{$x}}{{end}}"#)
        #expect(try t.execute([1, 2]) == "[1]1[2]2")
    }
}
