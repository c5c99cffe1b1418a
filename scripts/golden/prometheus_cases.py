"""Golden cases for Prometheus rule templates (see generate.py)."""

CONTEXTS = {
    "basic": {"labels": {"instance": "host-1.example.com:9100", "job": "node", "severity": "critical",
                         "path": "/var/log", "mixed": "Hello wORLD foo_bar-baz"}, "value": "1234.5678"},
    "zero": {"labels": {"job": "x"}, "value": "0"},
    "small": {"labels": {"a": "1", "b": ""}, "value": "0.000123"},
    "nan": {"labels": {"job": "nan"}, "value": "NaN"},
    "big": {"labels": {"instance": "10.0.0.1:80"}, "value": "1.5e21"},
    "neg": {"labels": {"instance": "[::1]:9090", "job": "neg"}, "value": "-42.25"},
    "int": {"labels": {"instance": "db.local", "job": "int"}, "value": "100000"},
    "inf": {"labels": {"job": "inf"}, "value": "+Inf"},
    "frac": {"labels": {"job": "frac"}, "value": "0.1"},
    "huge": {"labels": {"job": "huge"}, "value": "123456789"},
}

ALL_VALUES = ["basic", "zero", "small", "nan", "big", "neg", "int", "inf", "frac", "huge"]

CASES = []


def add(template, contexts=("basic",)):
    for c in contexts:
        CASES.append((c, template))


# Values printed directly and through every humanize function, in every context.
for t in [
    "{{ $value }}", "{{ .Value }}", "{{ $value | humanize }}", "{{ humanize $value }}",
    "{{ $value | humanize1024 }}", "{{ $value | humanizeDuration }}", "{{ $value | humanizePercentage }}",
    "{{ $value | humanizeTimestamp }}", "{{ printf \"%.2f\" $value }}", "{{ printf \"%v\" $value }}",
    "{{ printf \"%e\" $value }}", "{{ printf \"%g\" $value }}", "{{ printf \"%08.3f\" $value }}",
    "{{ printf \"%+.1e\" $value }}", "{{ printf \"%d\" $value }}", "{{ print $value }}", "{{ $value | toTime }}",
    "{{ if gt $value 100.0 }}high{{ else }}low{{ end }}", "{{ printf \"%6.2f|%-8.1f|\" $value $value }}",
]:
    add(t, ALL_VALUES)

# Labels and data model.
for t in [
    "{{ $labels.job }}", "{{ .Labels.instance }}", "{{ $labels.missing }}", "[{{ $labels.missing }}]",
    "{{ index $labels \"job\" }}", "{{ index $labels \"nope\" }}", "{{ $labels }}", "{{ .Labels }}",
    "{{ $externalLabels }}", "{{ $externalURL }}", "{{ .ExternalURL }}", "{{ len $labels }}",
    "{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", "{{ range $labels }}{{ . }},{{ end }}",
    "{{ range $i, $v := $labels }}{{ $i }}{{ end }}", "{{ with $labels.job }}job={{ . }}{{ end }}",
    "{{ with $labels.missing }}yes{{ else }}no{{ end }}", "{{ .Foo }}", "{{ $labels.job.x }}",
    "{{ .Labels.job | toUpper }}", "{{ $labels.instance | stripPort }}", "{{ $labels.instance | stripDomain }}",
    "{{ $ }}", "{{ . }}", "{{ $.Value }}", "{{ .Value.x }}",
]:
    add(t, ["basic", "neg", "int", "small"])

# String functions.
for t in [
    "{{ toUpper \"hello\" }}", "{{ toLower \"HeLLo\" }}", "{{ title \"hello world\" }}", "{{ title \"foo_bar-baz qux.quux\" }}",
    "{{ title $labels.mixed }}", "{{ title \"o'neil is here\" }}", "{{ title \"ünïcode wörds\" }}",
    "{{ match \"^node\" $labels.job }}", "{{ match \"a+\" \"bbb\" }}", "{{ if match \"crit.*\" $labels.severity }}page{{ end }}",
    "{{ reReplaceAll \"(.*):(.*)\" \"$2/$1\" $labels.instance }}", "{{ reReplaceAll \"o\" \"0\" \"foo boo\" }}",
    "{{ reReplaceAll \"(?P<host>[^:]+):.*\" \"${host}!\" $labels.instance }}", "{{ reReplaceAll \"x*\" \"-\" \"abc\" }}",
    "{{ reReplaceAll \"a(x*)b\" \"$1W\" \"-ab-axxb-\" }}", "{{ reReplaceAll \"a(x*)b\" \"${1}W\" \"-ab-axxb-\" }}",
    "{{ reReplaceAll \"\\\\.\" \"_\" \"a.b.c\" }}", "{{ safeHtml \"<b>x</b>\" }}", "{{ graphLink \"up{job=\\\"a b\\\"}\" }}",
    "{{ tableLink \"rate(x[5m]) > 0\" }}", "{{ urlquery \"a b&c=d/é\" }}", "{{ html \"<a href='x'>&\\\"</a>\" }}",
    "{{ js \"it's <b>\\\"q\\\"</b> & =\\n\" }}", "{{ \"abc\" | len }}", "{{ len \"héllo\" }}", "{{ slice \"abcdef\" 1 3 }}",
    "{{ slice \"abcdef\" 2 }}", "{{ index \"abc\" 1 }}", "{{ stripPort \"host:80\" }}", "{{ stripPort \"host\" }}",
    "{{ stripPort \"[::1]:80\" }}", "{{ stripDomain \"a.b.c:9100\" }}", "{{ stripDomain \"a.b.c\" }}",
    "{{ stripDomain \"192.168.1.1:80\" }}", "{{ parseDuration \"1h30m\" }}", "{{ parseDuration \"90s\" }}",
    "{{ parseDuration \"1d\" }}", "{{ parseDuration \"500ms\" }}", "{{ parseDuration \"1w2d\" }}", "{{ parseDuration \"bad\" }}",
    "{{ externalURL }}", "{{ pathPrefix }}", "{{ args 1 \"a\" 2.5 }}", "{{ (args 1 \"a\").arg1 }}", "{{ with args 7 }}{{ .arg0 }}{{ end }}",
]:
    add(t)

# humanize* on literal and string arguments.
for v in ["0", "1", "999", "1000", "1001", "123456", "1e6", "1.5e9", "2e12", "1e30", "0.5", "0.001", "0.000001234",
          "-1500", "-0.002", "1024", "1048576", "3.14159", "59", "60", "61", "3599", "3600", "3661", "86399", "86400",
          "90061", "1e9", "0.0001", "\"123.4\"", "\"1e3\"", "\"abc\"", "\"NaN\"", "\"-Inf\"", "1.23456789e-7"]:
    for fn in ["humanize", "humanize1024", "humanizeDuration", "humanizePercentage"]:
        add("{{ %s %s }}" % (fn, v))
for v in ["0", "1", "1435065584", "1435065584.128", "\"1435065584\"", "-1", "1e10", "1234567890.9999"]:
    add("{{ humanizeTimestamp %s }}" % v)
    add("{{ toTime %s }}" % v)
add("{{ (toTime 1435065584).Unix }}")
add("{{ humanize true }}")

# fmt verbs and flags.
for t in [
    "{{ printf \"%s|%q|%v\" \"a\" \"b\" \"c\" }}", "{{ printf \"%d|%5d|%-5d|%05d|%+d|% d\" 42 42 42 42 42 42 }}",
    "{{ printf \"%x|%X|%o|%b|%#x|%#o\" 255 255 8 5 255 8 }}", "{{ printf \"%c|%q|%U\" 65 65 9731 }}",
    "{{ printf \"%t|%v\" true false }}", "{{ printf \"%5.2f|%-8.3f|%+.0f|%.0f\" 3.14159 2.5 2.5 3.5 }}",
    "{{ printf \"%e|%E|%.3e|%10.2e\" 123456.789 0.000123 1.0 -5.5 }}", "{{ printf \"%g|%G|%.3g|%.10g\" 1e20 1e-7 3.14159 1.0 }}",
    "{{ printf \"%v|%v|%v|%v|%v\" 0.1 1e6 1.2345678e7 100000.0 1e21 }}", "{{ printf \"%v %v %v\" 1e-4 1e-5 123456.7 }}",
    "{{ printf \"%s\" 42 }}", "{{ printf \"%d\" \"x\" }}", "{{ printf \"%d %d\" 1 }}", "{{ printf \"%d\" 1 2 }}",
    "{{ printf \"%t\" 1 }}", "{{ printf \"%z\" 1 }}", "{{ printf \"100%%\" }}", "{{ printf \"%\" }}", "{{ printf \"%!\" 1 }}",
    "{{ printf \"%s %s\" \"a\" }}", "{{ printf \"%q\" \"tab\\there\\n\" }}", "{{ printf \"%x|% x|%X\" \"hi\" \"hi\" \"hi\" }}",
    "{{ printf \"%10s|%-10s|%.2s\" \"abc\" \"abc\" \"abcdef\" }}", "{{ printf \"%v\" nil }}", "{{ printf \"%d\" nil }}",
    "{{ printf \"%T %T %T %T\" 1 1.5 \"s\" true }}", "{{ printf \"%T\" $labels }}", "{{ printf \"%v\" $labels }}",
    "{{ printf \"%q\" $labels }}", "{{ printf \"%*d|%-*d\" 5 1 4 2 }}", "{{ printf \"%.*f\" 2 3.14159 }}",
    "{{ printf \"%[2]d %[1]d\" 1 2 }}", "{{ printf \"%6.2f%%\" 99.5 }}", "{{ printf \"%05s\" \"ab\" }}",
    "{{ printf \"%x\" 3.5 }}", "{{ printf \"%.3v\" 3.14159 }}", "{{ printf \"%#v\" \"s\" }}", "{{ printf \"%+q\" \"é\" }}",
    "{{ printf \"%v %v\" 'a' 0x1F }}", "{{ printf \"%v\" 1_000_000 }}", "{{ printf \"%v\" 0o17 }}", "{{ printf \"%v\" 0b101 }}",
    "{{ printf \"%.2f\" 1 }}", "{{ printf \"%.2f\" \"x\" }}", "{{ printf \"%5t|%-6v|\" true false }}",
    "{{ printf \"%08.3f|%-08.3f|%+08.3f\" -3.14159 3.14159 3.14159 }}", "{{ printf \"%v\" -0.0 }}",
    "{{ print 1 2 \"a\" \"b\" 3 4.5 true nil }}", "{{ println 1 \"a\" 2 }}", "{{ print }}", "{{ print \"x\" 1 }}",
    "{{ 1e6 }}|{{ 1.5 }}|{{ 100 }}|{{ -7 }}|{{ 0x10 }}|{{ 'x' }}|{{ 1e-7 }}|{{ 2.0 }}",
]:
    add(t)

# Control flow and template language.
for t in [
    "{{ if true }}a{{ end }}", "{{ if false }}a{{ else }}b{{ end }}", "{{ if 0 }}a{{ else if 1 }}b{{ end }}",
    "{{ if \"\" }}a{{ else if \"\" }}b{{ else }}c{{ end }}", "{{ if and 1 0 }}y{{ else }}n{{ end }}", "{{ or 0 \"\" \"x\" 5 }}",
    "{{ and 1 2 3 }}", "{{ and 1 0 3 }}", "{{ or 0 0 }}", "{{ not 0 }}|{{ not 1 }}|{{ not \"\" }}", "{{ and }}",
    "{{ eq 1 1 }}|{{ eq 1 2 }}|{{ eq \"a\" \"b\" \"a\" }}|{{ ne 1 2 }}", "{{ eq 1 1.0 }}", "{{ eq 1.5 1.5 }}",
    "{{ lt 1 2 }}|{{ le 2 2 }}|{{ gt \"b\" \"a\" }}|{{ ge 1.5 2.5 }}", "{{ lt 1 \"a\" }}", "{{ lt true false }}",
    "{{ eq $value 1234.5678 }}", "{{ gt $value 1 }}", "{{ eq .Labels.job \"node\" }}", "{{ eq $labels $labels }}",
    "{{ $x := 1 }}{{ $x }}{{ $x = 2 }}{{ $x }}", "{{ $x := \"a\" }}{{ if true }}{{ $x = \"b\" }}{{ end }}{{ $x }}",
    "{{ with $x := 5 }}{{ $x }}{{ end }}",     "{{ range $i, $e := args 5 6 }}{{ $i }}{{ $e }}{{ end }}", "{{ range $labels.nope }}x{{ else }}empty{{ end }}",
    "{{ range $k, $v := $labels }}{{ if eq $k \"mixed\" }}{{ break }}{{ end }}{{ $k }}{{ end }}", "{{ range $k, $v := $labels }}{{ if eq $k \"job\" }}{{ continue }}{{ end }}{{ $k }},{{ end }}",
    "{{ range $labels }}{{ . }}{{ break }}{{ end }}", "{{ range 1.5 }}{{ end }}", "{{ range \"abc\" }}{{ . }}{{ end }}",
    "{{ range $k, $v := args 1 2 }}{{ $k }}:{{ $v }} {{ end }}", "{{ range $x := $labels }}{{ $x }}{{ end }}{{ $x := 9 }}{{ $x }}",
    "{{- \"a\" -}}  \n  {{- \"b\" }}  {{ \"c\" -}}  d", "x  {{- /* comment */ -}}  y", "a{{/* c */}}b",
    "{{ define \"t\" }}T({{ . }}){{ end }}{{ template \"t\" 5 }}{{ template \"t\" }}",
    "{{ block \"b\" $labels.job }}[{{ . }}]{{ end }}", "{{ template \"nope\" }}",
    "{{ define \"r\" }}{{ if gt . 0 }}{{ . }}{{ template \"r\" (len (slice \"xxxxxxxxxx\" 1 .)) }}{{ end }}{{ end }}{{ template \"r\" 4 }}",
    "{{ \"a\" | printf \"%s-%s\" \"b\" }}", "{{ 3 | printf \"%d-%d\" 4 }}", "{{ $labels.job | printf \"%q\" | len }}",
    "{{ (printf \"%d\" 5) }}", "{{ (len \"abc\") | printf \"%03d\" }}", "{{ \"x\" | and 1 }}", "{{ 1 | or 0 }}",
    "{{ index (args \"a\" \"b\") \"arg1\" }}", "{{ index (args \"a\") \"zz\" }}", "{{ index $labels 1 }}", "{{ index 5 1 }}",
    "{{ index \"abc\" 5 }}", "{{ slice \"abc\" 2 1 }}", "{{ slice \"abc\" 1 9 }}", "{{ len 5 }}", "{{ len nil }}",
    "{{ nil }}", "{{ 1 2 }}", "{{ \"a\" \"b\" }}", "{{ $value 1 }}", "{{ .Labels 1 }}", "{{ humanize }}", "{{ humanize 1 2 }}",
    "{{ toUpper 1 }}", "{{ toUpper $value }}", "{{ title nil }}", "{{ printf 1 }}", "{{ match \"(\" \"x\" }}",
    "{{ reReplaceAll \"(\" \"x\" \"y\" }}", "{{ first 1 }}", "{{ label \"a\" 1 }}", "{{ call 1 }}", "{{ call nil }}",
    "{{ with $labels }}{{ .job }}{{ end }}", "{{ range $i, $c := \"ab\" }}{{ end }}", "{{ $labels.job.foo }}",
    "{{ if $labels.job }}{{ $labels.job }}{{ end }}", "{{ if $labels.nope }}y{{ else }}n{{ end }}",
    "line1\n{{ .Nope }}", "a\n\nb{{ 1 }}\nc", "{{ \"multi\nline\" }}", "{{ `raw\\n` }}", "{{ \"\\u00e9\\t\\x41\" }}",
    "{{ 'a' }} {{ '\\n' }}", "{{ true }} {{ false }}", "{{ print nil }}", "{{ printf \"%v\" (index (args nil) \"arg0\") }}",
    "{{ (args nil).arg0 }}", "{{ (args).x }}", "{{ $m := args }}{{ $m.x }}", "{{ .Labels.nope.deeper }}",
    "{{ html 1 2 }}", "{{ js 1 }}", "{{ urlquery 1 \"a b\" }}", "{{ print 1 | len }}", "{{ len (args 1 2 3) }}",
]:
    add(t)

PARSE_ERROR_CASES = [
    "{{ foo }}", "{{ .a | nope 1 }}", "{{ if }}", "{{ if true }}", "{{ end }}", "{{ else }}", "{{ range }}{{ end }}",
    "{{ $x }}", "{{ $x = 1 }}", "{{ 1 | 2 }}", "{{ \"a\" | \"b\" }}", "{{ ( }}", "{{ ) }}", "{{ (1 }}", "{{ 1) }}",
    "{{ \"unterminated }}", "{{ `raw }}", "{{ 'ab' }}", "{{ 3x }}", "{{ 1.2.3 }}", "{{ .a.b.c. }}", "{{ . 1 }}.",
    "{{ break }}", "{{ continue }}", "{{ if true }}{{ break }}{{ end }}", "{{ define \"a\" }}x", "{{ template }}",
    "{{ template x }}", "{{ block \"b\" }}{{ end }}", "{{ with }}{{ end }}", "{{ if true }}{{ else }}{{ else }}{{ end }}",
    "{{ /* unclosed }}", "{{ /* a */ 1 }}", "{{ $x := 1 2 := 3 }}", "{{ range $a, $b, $c := . }}{{ end }}",
    "{{ $a, $b := 1 }}", "{{ 99999999999999999999 }}", "{{ -}}", "{{ .foo= }}", "{{ # }}", "{{ a.b }}",
    "{{ nil.x }}", "{{ \"x\".y }}", "{{ 1.x }}", "{{ true.x }}", "{{ }}", "{{ | }}", "{{ print | }}",
    "x {{ \ny }}", "{{ define \"a\" }}1{{ end }}{{ define \"a\" }}2{{ end }}", "{{ else if true }}",
    "{{ if true }}{{ else with 1 }}{{ end }}", "{{ range . }}{{ else if 1 }}{{ end }}", "{{ 0x }}", "{{ 1e }}",
    "{{ \"\\q\" }}", "{{ 'x }}", "{{ $ := 1 }}", "{{ with $x := 1 }}{{ end }}{{ $x }}",
]

# Round 2: positions across lines, associated templates, scoping, trimming, more fmt and type errors.
for t in [
    "a\n{{ if true }}\n{{ .Nope }}\n{{ end }}", "{{ define \"x\" }}\n{{ .Nope }}{{ end }}{{ template \"x\" . }}",
    "{{ template \"x\" 1 }}{{ define \"x\" }}{{ .y }}{{ end }}", "{{ define \"x\" }}{{ $ }}{{ end }}{{ template \"x\" }}",
    "{{ block \"b\" . }}{{ .Value }}{{ end }}", "{{ define \"a\" }}A{{ template \"b\" . }}{{ end }}{{ define \"b\" }}B{{ .Labels.job }}{{ end }}{{ template \"a\" . }}",
    "{{ $x := 1 }}{{ with $x }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}", "{{ $x := 1 }}{{ range $labels }}{{ $x = 5 }}{{ end }}{{ $x }}",
    "{{ range $labels }}{{ $ }}{{ break }}{{ end }}", "{{ range $k, $_ := $labels }}{{ $k }}{{ end }}",
    "{{ 1 }}\n\n  {{- 2 }}", "{{ 1 -}}\n\t x", "{{- 1 }}", "a {{- /* x */}} b", "a {{/* x */ -}} b", "{{ 1 -}} {{- 2 }}",
    "{{ printf \"%s\" $labels }}", "{{ printf \"%d\" $labels }}", "{{ printf \"%v\" . }}", "{{ printf \"%+v\" . }}",
    "{{ . | printf \"%T\" }}", "{{ $value | printf \"%.1f\" }}", "{{ $value | printf \"%5.1f%%\" }}", "{{ printf \"%v\" $value }}",
    "{{ eq nil nil }}", "{{ index $labels }}", "{{ slice $labels.job }}", "{{ len $labels.job }}", "{{ index . \"Labels\" }}",
    "{{ .Labels.job | len | printf \"%03d\" }}", "{{ printf \"%s %s\" (humanize 1234) (humanize1024 2048) }}",
    "{{ \"abc\" | printf \"%q\" | printf \"%q\" }}", "{{ html \"<\" | len }}", "{{ js \"\\u2028 \\u00e9 \\x01\" }}", "{{ urlquery \"ü\" }}",
    "{{ print 1.0 2.5 1e21 }}", "{{ println }}", "{{ 1.0 }} {{ 0.1 }} {{ 1e21 }} {{ 123456789.0 }}", "{{ 1_000.5 }}", "{{ 0x1p-2 }}",
    "{{ 077 }}", "{{ -0x10 }}", "{{ 'é' }} {{ '\\x41' }} {{ '\\u00e9' }}", "{{ \"\\a\\b\" | printf \"%q\" }}",
    "{{ printf \"%q\" \"\\u2028\" }}", "{{ printf \"%+q\" \"日本\" }}", "{{ printf \"%x\" \"日本\" }}", "{{ printf \"% X\" \"ab\" }}",
    "{{ printf \"%v|%s\" true true }}", "{{ printf \"%08b\" 5 }}", "{{ printf \"%-08d|\" 5 }}", "{{ printf \"%+.2e\" 0.0 }}",
    "{{ printf \"%.0e\" 15.0 }}", "{{ printf \"%#g\" 1.0 }}", "{{ printf \"%#.3g\" 1.0 }}", "{{ printf \"%#e\" 1.0 }}",
    "{{ printf \"%#.0f\" 1.0 }}", "{{ printf \"%#.0e\" 1.0 }}", "{{ printf \"%c\" \"a\" }}", "{{ printf \"%q\" 1.5 }}",
    "{{ printf \"%x\" -1 }}", "{{ printf \"%X\" \"hi\" }}", "{{ printf \"%o\" -8 }}", "{{ printf \"%O\" 8 }}", "{{ printf \"%#b\" 5 }}",
    "{{ printf \"%.3d\" 7 }}", "{{ printf \"%8.3d\" -7 }}", "{{ printf \"%.0d\" 0 }}", "{{ printf \"% 5d\" 42 }}", "{{ printf \"%+5s\" \"a\" }}",
    "{{ printf \"%6.3v\" 3.14159 }}", "{{ printf \"%-6v|\" 1.5 }}", "{{ printf \"%06v\" -1.5 }}", "{{ printf \"%e\" 1e-320 }}",
    "{{ printf \"%v\" 5e-324 }}", "{{ printf \"%v\" 1.7976931348623157e308 }}", "{{ printf \"%.20f\" 0.1 }}", "{{ printf \"%.15g\" 0.1 }}",
    "{{ printf \"%g\" 0.000012345 }}", "{{ printf \"%G\" 1e-10 }}", "{{ printf \"%.2g\" 99.5 }}", "{{ printf \"%5.0f|%.0f|%.0f\" 0.5 1.5 2.5 }}",
    "{{ toUpper (args 1) }}", "{{ printf (toUpper \"%s\") 1 }}", "{{ match 1 \"a\" }}", "{{ first (args 1) }}", "{{ humanize (args 1) }}",
    "{{ eq $labels.job \"node\" \"x\" }}", "{{ lt 1 2.0 }}", "{{ eq \"a\" 1 }}", "{{ ne nil 1 }}", "{{ eq (args 1) (args 1) }}",
    "{{ lt $labels $labels }}", "{{ if $labels }}y{{ end }}", "{{ if (args) }}y{{ else }}n{{ end }}", "{{ if 0.0 }}y{{ else }}n{{ end }}",
    "{{ if . }}y{{ end }}", "{{ and $labels.job (index $labels \"nope\") }}", "{{ or (index $labels \"nope\") \"fallback\" }}",
    "{{ not }}", "{{ len }}", "{{ index }}", "{{ printf }}", "{{ eq 1 }}", "{{ .Value | printf \"%.2f\" | printf \"%s!\" }}",
    "{{ $labels.job | toUpper | toLower | title }}", "{{ \"x\" | not }}", "{{ 0 | not }}", "{{ . | len }}", "{{ $labels | len }}",
    "{{ range $i, $v := (args 1 2 3) }}{{ $i }}{{ $v }}{{ end }}", "{{ with $v := index $labels \"job\" }}{{ $v }}{{ end }}",
    "{{ (index (args (args 5)) \"arg0\").arg0 }}", "{{ $a := args 1 }}{{ $a.arg0 }}{{ $a.arg1 }}", "{{ $.Labels.job }}",
    "{{ range $labels }}{{ $.Value }}{{ break }}{{ end }}", "{{ print \"a\" \"b\" }}{{ print 1 \"b\" 2 }}", "{{ println \"a\" 1 }}",
    "{{ printf \"%v %v\" \"a\" }}", "{{ printf \"%[3]d\" 1 2 }}", "{{ printf \"%[0]d\" 1 }}", "{{ printf \"%[x]d\" 1 }}", "{{ printf \"%.*d\" -1 5 }}",
    "{{ printf \"%*d\" \"x\" 5 }}", "{{ printf \"%-*d|\" -3 5 }}", "{{ printf \"%!d\" }}", "{{ printf \"%s\" nil }}",
    "{{ printf \"%d %s\" 1.5 2.5 }}", "{{ printf \"%t\" \"true\" }}", "{{ printf \"%v\" (args) }}", "{{ printf \"%d\" (args 1 2) }}",
    "{{ printf \"%s\" (args \"a\") }}", "{{ printf \"%q\" (args \"a\" 1) }}", "{{ printf \"%x\" (args 255) }}",
    "{{ printf \"%v\" (toTime 0) }}", "{{ printf \"%s\" (toTime 0) }}", "{{ printf \"%d\" (toTime 0) }}", "{{ (toTime 1e9).Year }}",
    "{{ humanizeTimestamp \"x\" }}", "{{ toTime \"1e9\" }}", "{{ toTime (args) }}", "{{ humanizePercentage 0.1234 }}",
    "{{ humanizePercentage \"0.5\" }}", "{{ humanize1024 1023.9 }}", "{{ humanize 999.95 }}", "{{ humanize 0.00000000001 }}",
    "{{ humanize -0.0 }}", "{{ humanizeDuration 0.000001 }}", "{{ humanizeDuration -3661.5 }}", "{{ humanizeDuration 59.99999 }}",
    "{{ title \"HELLO wOrLd\" }}", "{{ title \"a1b2 c_d e.f g-h i'j\" }}", "{{ toUpper \"straße ǆ\" }}", "{{ toLower \"İSTANBUL Σ\" }}",
    "{{ reReplaceAll \"(\\\\w+)@(\\\\w+)\" \"$2 at $1\" \"me@host you@there\" }}", "{{ reReplaceAll \"\" \"-\" \"ab\" }}",
    "{{ reReplaceAll \"a|b\" \"$0\" \"cab\" }}", "{{ reReplaceAll \"(a)\" \"$1x\" \"aa\" }}", "{{ reReplaceAll \"(a)\" \"$$1\" \"aa\" }}",
    "{{ reReplaceAll \"(?i)NODE\" \"X\" $labels.job }}", "{{ match \"^$\" \"\" }}", "{{ match \"\\\\d+\" \"abc123\" }}",
    "{{ match \"a**\" \"a\" }}", "{{ match \"*a\" \"a\" }}", "{{ match \"a)\" \"a\" }}", "{{ match \"[a\" \"a\" }}", "{{ match \"a\\\\\" \"a\" }}",
    "{{ graphLink \"\" }}", "{{ tableLink \"a+b\" }}", "{{ stripPort \"[::1]\" }}", "{{ stripPort \":80\" }}", "{{ stripDomain \"[::1]:80\" }}",
    "{{ stripDomain \"host.example.com:\" }}", "{{ parseDuration \"1y\" }}", "{{ parseDuration \"0\" }}", "{{ parseDuration \"1m1h\" }}",
    "{{ parseDuration \"-1s\" }}", "{{ parseDuration \"1.5h\" }}", "{{ parseDuration \"10ms\" }}", "{{ args }}",
]:
    add(t)

PARSE_ERROR_CASES += [
    "a\nb\n{{ nope }}", "{{ if true }}\n\n", "x\n{{ 1\n+ }}", "{{ \"a\n\" }}", "\n\n{{ .a | }}", "{{ range $i, $v := $labels }}{{ end }}{{ $i }}",
    "{{ define \"x\" }}\n{{ nope }}{{ end }}", "{{ if 1 }}\n{{ else }}\n{{ end }}\n{{ end }}", "{{ template \"x\" | }}", "{{ .a.b c }}",
    "{{ 1 | printf }}{{ }}", "{{ with 1 }}{{ break }}{{ end }}", "{{ range . }}{{ define \"x\" }}{{ end }}{{ end }}", "{{ $x := }}",
    "{{ $x $y := 1 }}", "{{ (1 2 }}", "{{ printf \"%d\" (1 }}", "{{ print `a` `b` \"c }}", "{{ 1e1e1 }}", "{{ 1..2 }}",
]

# Round 3: Unicode in actions.
for t in ["{{ $é := 1 }}{{ $é }}", "{{ .Labels.ñ }}", "{{ $labels.日本 }}", "{{ printf \"%5s|%-4s|\" \"日本\" \"é\" }}",
          "{{ printf \"%.2s\" \"日本語\" }}", "{{ len \"日本\" }}", "{{ slice \"日本\" 0 3 }}", "{{ printf \"%q\" \"\\u00ff\\U0001F600\" }}",
          "{{ printf \"%x\" \"\\xff\" }}", "{{ printf \"%U\" '世' }}", "{{ printf \"%#U\" '世' }}", "{{ printf \"%c|%c\" 19990 -1 }}"]:
    add(t)
PARSE_ERROR_CASES += ["{{ … }}", "{{ é }}", "{{ .a… }}", "{{ $x… }}", "{{ 1… }}", "{{ \"a\"… }}"]

# Round 4: nil interface values (missing keys of map[string]interface {} under missingkey=zero).
for t in ["{{ eq (args).x \"a\" }}", "{{ eq (args nil).arg0 nil }}", "{{ and (args).x 1 }}", "{{ or (args).x \"d\" }}",
          "{{ len (args).x }}", "{{ index (args).x 1 }}", "{{ not (args).x }}", "{{ print (args).x }}", "{{ printf \"%v\" (args).x }}",
          "{{ if (args).x }}y{{ else }}n{{ end }}", "{{ with (args).x }}y{{ else }}n{{ end }}", "{{ range (args).x }}y{{ else }}n{{ end }}",
          "{{ (args).x.y }}", "{{ humanize (args).x }}", "{{ toUpper (args).x }}", "{{ $v := (args).x }}{{ $v }}", "{{ (args).x | len }}",
          "{{ eq (args).x (args).y }}", "{{ lt (args).x 1 }}", "{{ (args nil).arg0 }}", "{{ index (args nil) \"arg0\" }}",
          "{{ slice (args).x }}", "{{ html (args).x }}", "{{ printf \"%d\" (args).x }}", "{{ eq 1 (args).x }}", "{{ ne (args).x 1 }}",
          "{{ call (args).x }}", "{{ (args 1 2).arg1 | printf \"%03d\" }}", "{{ template \"t\" (args).x }}{{ define \"t\" }}[{{ . }}]{{ end }}"]:
    add(t)

# Round 5: annotations as written in real alerting rules.
for t in [
    "{{ $labels.instance }} of job {{ $labels.job }} has been down for more than 5 minutes.",
    "VALUE = {{ $value }}\n  LABELS = {{ $labels }}", "Disk is almost full (< 10% left)\n  VALUE = {{ $value | humanize }}%",
    "{{ printf \"%.2f\" $value }}% CPU on {{ $labels.instance }}", "Latency is {{ $value | humanizeDuration }} on {{ $labels.path }}",
    "{{ with $labels.severity }}[{{ . | toUpper }}] {{ end }}{{ $labels.instance | reReplaceAll \":[0-9]+$\" \"\" }}",
    "Memory: {{ $value | humanize1024 }}B", "Error rate {{ $value | humanizePercentage }}",
    "{{ if gt $value 1000.0 }}critical{{ else if gt $value 100.0 }}warning{{ else }}info{{ end }}",
    "{{ range $k, $v := $labels }}{{ if ne $k \"job\" }}{{ $k }}={{ $v }} {{ end }}{{ end }}",
    "Started at {{ humanizeTimestamp 1700000000 }}", "{{ $labels.job | title }} / {{ $labels.instance | stripPort | stripDomain }}",
    "{{- /* summary */ -}}\n{{ $labels.job }}:\n{{- range $labels }}\n - {{ . }}{{ end }}",
    "{{ define \"desc\" }}{{ .job }} on {{ .instance }}{{ end }}{{ template \"desc\" $labels }}",
    "{{ $v := printf \"%.0f\" $value }}{{ if eq $v \"1235\" }}rounded{{ end }} {{ $v }}",
    "https://grafana.example.com/d/abc?var-instance={{ $labels.instance | urlquery }}&from={{ (toTime 1700000000).Unix }}",
    "{{ $labels.instance }} {{ if match \"^host-\" $labels.instance }}(host){{ end }}",
    "{{ graphLink \"rate(http_requests_total[5m])\" }}", "{{ $labels | len }} labels, value {{ $value | printf \"%08.2f\" }}",
]:
    add(t, ["basic", "neg", "small", "nan"])

# Round 6: lexer and parser corners.
for t in [
    "a \r\n\t {{- 1 -}} \r\n b", "{{- 1}}", "{{1 -}}", "{{-1}}", "{{ -1 }}", "{{ - 1 }}".replace(" - 1", " -1"), "{{1}}{{2}}",
    "{{ `multi\nline raw` }}", "{{ \"tab\\tquote\\\"\" }}", "{{/* multi\nline\ncomment */}}after", "{{- /* c */ -}}", "x{{- /**/ -}}y",
    "{{ print (print 1) (print 2) }}", "{{ (print 1 | printf \"%s!\") }}", "{{ print (1) (\"a\") }}", "{{ ( 1 ) }}",
    "{{ $x := (len \"ab\") }}{{ $x }}", "{{ $x, $y := 1 }}", "{{ range $x, $y := args 1 }}{{ $x }}{{ $y }}{{ end }}",
    "{{ if true }}{{ $x := 1 }}{{ end }}{{ $x := 2 }}{{ $x }}", "{{ range $i, $v := args }}{{ else }}{{ $i := 3 }}{{ $i }}{{ end }}",
    "{{ with $x := 0 }}{{ else }}{{ $x }}{{ end }}", "{{ $ = 5 }}{{ $ }}", "{{ $.Labels.job | printf \"%q\" }}",
    "{{ .Labels.job|len }}", "{{ .Labels.job| len }}", "{{ .Labels.job |len }}", "{{.Labels.job}}", "{{ . | printf \"%T\" | len }}",
    "{{ 1.5e3 }} {{ 1E3 }} {{ .5 }} {{ 5. }} {{ 0x_1F }} {{ 1_0 }} {{ 0b1_0 }} {{ 0o1_7 }} {{ 0.1e-2 }}", "{{ 0x1.8p1 }}",
    "{{ +5 }} {{ +1.5 }} {{ -0 }} {{ -0.0 }}", "{{ '\\'' }} {{ '\"' }} {{ '\\\\' }} {{ '\\t' }} {{ '\\101' }}", "{{ 9223372036854775807 }}",
    "{{ -9223372036854775808 }}", "{{ 18446744073709551615 }}", "{{ 1e400 }}", "{{ 0x7fffffffffffffff }}",
    "{{ printf \"%d\" 9223372036854775807 }}", "{{ printf \"%v\" 1e100 }}", "{{ printf \"%f\" 1e20 }}", "{{ printf \"%.3f\" 2.0005 }}",
    "{{ printf \"%.2f\" 0.125 }}", "{{ printf \"%.2f\" 0.375 }}", "{{ printf \"%.1f\" 0.05 }}", "{{ printf \"%.0f\" -0.5 }}",
    "{{ printf \"%5.3s|\" \"abcdef\" }}", "{{ printf \"%-5.3q|\" \"abcdef\" }}", "{{ printf \"%x\" 1.0 }}", "{{ printf \"%X\" -0.1 }}",
    "{{ printf \"%e\" 123456789.0 }}", "{{ printf \"%.3E\" 0.00001234 }}", "{{ printf \"%g\" 123456789.0 }}", "{{ printf \"%g\" 0.0001 }}",
    "{{ printf \"%G\" 1e-5 }}", "{{ printf \"%.1g\" 0.05 }}", "{{ printf \"%v\" 100000000.0 }}", "{{ printf \"%v\" 0.000001 }}",
    "{{ print 1e20 1e21 }}", "{{ print 123456.0 1234567.0 }}", "{{ print -0.000012345 }}", "{{ print 3.0 }}", "{{ 2.5e-5 }}",
    "{{ if and }}{{ end }}", "{{ if or 1 }}x{{ end }}", "{{ else }}", "{{ if 1 }}{{ else }}{{ else if 2 }}{{ end }}",
    "{{ define \"a\" }}{{ end }}{{ define \"a\" }}x{{ end }}{{ template \"a\" }}", "{{ define \"a\" }} {{ end }}{{ template \"a\" }}|",
    "{{ define \"\" }}x{{ end }}", "{{ template \"\" }}", "{{ block \"z\" 1 }}{{ . }}{{ end }}{{ block \"z\" 2 }}{{ . }}{{ end }}",
    "{{ template `raw` }}{{ define `raw` }}R{{ end }}", "{{ define \"x\" }}{{ break }}{{ end }}",
]:
    add(t)
for t in ["{{ humanize \"1e400\" }}", "{{ humanize \"0x10\" }}", "{{ humanize \"1_000\" }}", "{{ humanize \"inf\" }}", "{{ humanize \" 1\" }}",
          "{{ humanize \"+Infinity\" }}", "{{ humanize \".5\" }}", "{{ humanize \"1e\" }}", "{{ humanize \"\" }}", "{{ humanize \"0x1p-2\" }}"]:
    add(t)

# Round 7: error contexts for every node kind, and pipeline finals.
for t in [
    "{{ (args 1).arg0.x }}", "{{ print (index $labels 1) }}", "{{ $x := 1 }}{{ $x.y }}", "{{ if .Nope }}{{ end }}",
    "{{ range .Nope }}{{ end }}", "{{ with .Nope }}{{ end }}", "{{ template \"t\" .Nope }}{{ define \"t\" }}{{ end }}",
    "{{ printf \"%d\" (.Nope) }}", "{{ .Labels.job | printf \"%s\" | .Nope }}", "{{ humanize \"x\" | printf \"%s\" }}",
    "{{ 1 | humanize 2 }}", "{{ \"a\" | printf }}", "{{ index $labels \"job\" | len | humanize | toUpper }}", "{{ $value.x }}",
    "{{ $value | .Labels }}", "{{ 1 | $value }}", "{{ 1 | .Value }}", "{{ $labels.job | $labels.instance }}", "{{ \"x\" | (print) }}",
    "{{ (print \"a\").x }}", "{{ (args).x.y.z }}", "{{ .Labels.job.x.y }}", "{{ $.Nope }}", "{{ $.Labels.nope.x }}",
    "{{ printf \"%s\" .Labels.job.x }}", "{{ eq .Value \"x\" }}", "{{ lt .Value nil }}", "{{ index .Labels (index .Labels \"job\") }}",
    "{{ slice $labels.job 1 2 3 }}", "{{ slice $labels.job -1 }}", "{{ slice (args) }}", "{{ index (args 1 2) 0 }}",
    "{{ range $i, $e := .Labels.job }}{{ end }}", "{{ with $x := .Nope }}{{ $x }}{{ end }}", "{{ $x := .Nope }}",
    "{{ and .Nope 1 }}", "{{ or 0 .Nope }}", "{{ not .Nope }}", "{{ len .Nope }}", "{{ call .Nope }}", "{{ html .Nope }}",
    "{{ template \"t\" }}{{ define \"t\" }}{{ .Nope }}{{ end }}", "{{ define \"t\" }}{{ template \"u\" . }}{{ end }}{{ define \"u\" }}{{ .X }}{{ end }}{{ template \"t\" 1 }}",
    "{{ printf \"%v %v\" (humanize 1) (humanize \"x\") }}", "{{ humanizeDuration (args) }}", "{{ toTime \"abc\" }}",
    "{{ first (query \"up\") }}", "{{ strvalue 1 }}", "{{ value nil }}", "{{ label \"x\" nil }}", "{{ sortByLabel \"x\" 1 }}",
]:
    add(t)
for t in ["{{ range (args 1 2) }}{{ .x }}{{ end }}", "{{ range $labels }}{{ .x }}{{ end }}", "{{ range (args 1) }}{{ . }}{{ end }}{{ .Nope }}",
          "{{ range (args 1) }}{{ with 5 }}{{ .x }}{{ end }}{{ end }}", "{{ range (args) }}{{ else }}{{ .Nope }}{{ end }}",
          "{{ range (args (args 1)) }}{{ .arg0.x }}{{ end }}"]:
    add(t)

# Round 8: %#v, %+v and compound values.
for t in ["{{ printf \"%#v\" 1 }}", "{{ printf \"%#v\" 1.5 }}", "{{ printf \"%#v\" 1.0 }}", "{{ printf \"%#v\" 1e6 }}", "{{ printf \"%#v\" true }}",
          "{{ printf \"%#v\" nil }}", "{{ printf \"%#v\" $labels }}", "{{ printf \"%#v\" (args 1 \"a\" nil) }}", "{{ printf \"%#v\" . }}",
          "{{ printf \"%#v\" $externalLabels }}", "{{ printf \"%+v\" $labels }}", "{{ printf \"%+v\" (args 1) }}", "{{ printf \"%v\" (args 1 \"a\") }}",
          "{{ printf \"%s\" . }}", "{{ printf \"%d\" . }}", "{{ printf \"%q\" . }}", "{{ printf \"%x\" $labels }}", "{{ printf \"%5v|\" $labels }}",
          "{{ printf \"%-30v|\" . }}", "{{ printf \"%v\" (args (args 1)) }}", "{{ printf \"%#v\" (args (args 1)) }}", "{{ printf \"%T\" (args) }}",
          "{{ printf \"%T\" nil }}", "{{ printf \"%T\" (toTime 1) }}", "{{ printf \"%T\" (humanize 1) }}", "{{ printf \"%T\" (safeHtml \"x\") }}",
          "{{ printf \"%T\" (args).x }}", "{{ printf \"%#v\" (safeHtml \"<b>\") }}", "{{ printf \"%v\" (safeHtml \"<b>\") }}"]:
    add(t)
for t in ["{{ eq (safeHtml \"a\") \"a\" }}", "{{ len (safeHtml \"abc\") }}", "{{ toUpper (safeHtml \"a\") }}", "{{ safeHtml \"a\" | printf \"%s!\" }}",
          "{{ index (safeHtml \"abc\") 1 }}", "{{ if safeHtml \"\" }}y{{ else }}n{{ end }}", "{{ humanize (safeHtml \"1\") }}"]:
    add(t)

# Round 9: trim markers and comments.
for t in ["a\t{{- 1 }}", "a\r\n{{- 1 }}", "{{ 1 -}}\r\n\tb", "{{ 1 -}}", "a {{- \"\" -}} b", "{{- \"x\" -}}\n", "  {{- 1 -}}  {{- 2 -}}  ",
          "{{/* a */}}", "{{- /* a */}}b", "a {{- /* a */ -}} b", "{{ 1 }}{{/* }} */}}{{ 2 }}", "{{/* {{ 1 }} */}}", "{{ \"{{\" }}}}",
          "{{ `}}` }}", "{{ print \"-}}\" }}", "{{1-}}", "{{ 1 -}}{{- 2 }}", "{{- 1 -}}\n\n\n{{- 2 -}}", "x{{ if true -}}\n  y\n{{- end }}z"]:
    add(t)
PARSE_ERROR_CASES += ["{{-/* c */-}}", "{{ /* c */ }}", "{{/* c */ 1}}", "{{/* c */ -}}", "{{- /* c */}}{{", "{{ 1 }}}}{{"]
