"""Golden cases for Alertmanager notification templates (see generate_alertmanager.py)."""

CASES = [
    "{{ .Receiver }}", "{{ .Status }}", "{{ .ExternalURL }}", "{{ len .Alerts }}", "{{ .Alerts.Firing | len }}",
    "{{ .Alerts.Resolved | len }}", "{{ printf \"%T\" .Alerts.Firing }}", "{{ printf \"%T\" .Alerts }}",
    "{{ printf \"%T\" .CommonLabels }}", "{{ printf \"%T\" (index .Alerts 0) }}",
    "{{ range .Alerts }}{{ .Status }}:{{ .Fingerprint }}:{{ .GeneratorURL }};{{ end }}",
    "{{ range .Alerts }}{{ range .Labels.SortedPairs }}{{ .Name }}={{ .Value }},{{ end }}|{{ end }}",
    "{{ range .Alerts }}{{ .Labels.Names }}{{ end }}", "{{ range .Alerts }}{{ .Annotations.Values }}{{ end }}",
    "{{ .CommonLabels.SortedPairs.Names }}", "{{ .CommonLabels.SortedPairs.Values }}", "{{ .GroupLabels.Names }}",
    "{{ .GroupLabels.Values }}", "{{ .CommonAnnotations.Names }}", "{{ .GroupLabels.grouplabelkey1 }}",
    "{{ .GroupLabels.missing }}", "[{{ .CommonLabels.nope }}]", "{{ index .CommonLabels \"commonlabelkey2\" }}",
    "{{ index .CommonLabels \"nope\" }}", "{{ len .CommonLabels }}", "{{ len .GroupLabels.SortedPairs }}",
    "{{ (.GroupLabels.Remove (stringSlice \"grouplabelkey1\")).Names }}", "{{ .GroupLabels.Remove (stringSlice \"x\") | len }}",
    "{{ range $k, $v := .CommonLabels }}{{ $k }}={{ $v }} {{ end }}", "{{ range .CommonLabels }}{{ . }} {{ end }}",
    "{{ range $i, $a := .Alerts }}{{ $i }}{{ $a.Labels.instance }}{{ end }}", "{{ (index .Alerts 1).Labels.foo }}",
    "{{ with index .Alerts 0 }}{{ .Annotations.annotation1 }}{{ end }}", "{{ range .Alerts.Firing }}x{{ else }}none{{ end }}",
    "{{ join \", \" .GroupLabels.Names }}", "{{ join \"-\" (stringSlice \"a\" \"b\" \"c\") }}", "{{ join \",\" (stringSlice) }}",
    "{{ stringSlice \"a\" \"b\" }}", "{{ toUpper .Receiver }}", "{{ toLower \"ABC\" }}", "{{ title \"hello wORLD foo-bar\" }}",
    "{{ title \"o'neil mcdonald\" }}", "{{ title .Status }}", "{{ match \"^alert\" .Status }}", "{{ match \"[\" \"x\" }}",
    "{{ reReplaceAll \"key(\\\\d)\" \"K$1\" \"commonlabelkey1 key2\" }}", "{{ safeHtml \"<b>\" }}",
    "{{ .CommonLabels.SortedPairs | len }}", "{{ (index .CommonLabels.SortedPairs 0).Name }}",
    "{{ .Foo }}", "{{ .Receiver.Foo }}", "{{ .Alerts.Foo }}", "{{ (index .Alerts 0).Nope }}", "{{ index .Alerts 5 }}",
    "{{ .CommonLabels.SortedPairs.Nope }}", "{{ .GroupLabels.Remove }}", "{{ .GroupLabels.Remove \"x\" }}",
    "{{ .GroupLabels.Names 1 }}", "{{ join 1 2 }}", "{{ join \",\" .Receiver }}", "{{ nope }}", "{{ if }}",
    "{{ define \"x\" }}[{{ . }}]{{ end }}{{ template \"x\" .Status }}", "{{ template \"__golden\" }}ok",
    "{{ template \"missing\" }}", "{{ .Receiver | printf \"%q\" }}", "{{ printf \"%v\" .Status }}", "{{ $ := 1 }}",
    "{{ if eq .Status \"firing\" }}F{{ else if eq .Status \"alertstatus\" }}S{{ end }}", "{{ eq .Status 1 }}",
    "{{ range .Alerts }}{{ if .Labels.foo }}{{ .Labels.foo }}{{ end }}{{ end }}",
    "{{- range .Alerts }}\n* {{ .Labels.instance }}\n{{- end }}", "{{ len .Alerts.Firing }}{{ len .Alerts.Resolved }}",
    "{{ printf \"%d alerts for %s\" (len .Alerts) .GroupLabels.grouplabelkey1 }}",
    "{{ .Alerts.Firing.Foo }}", "{{ range .Alerts }}{{ .Labels.SortedPairs.Names }}{{ end }}",
    "{{ (index .Alerts 0).Labels.Remove (stringSlice \"label1\" \"instance\") | len }}",
    "{{ (index (index .Alerts 0).Annotations.SortedPairs 1).Value }}",
    "{{ html .CommonLabels.commonlabelkey1 }}{{ urlquery .ExternalURL }}{{ js .ExternalURL }}",
    "{{ slice .Receiver 0 4 }}", "{{ index .Receiver 0 }}", "{{ printf \"%5.1f|%x\" 3.14159 255 }}",
    "{{ printf \"%s\" .CommonLabels.SortedPairs.Names }}", "{{ print .GroupLabels.Names }}",
]

# Round 2.
CASES += [
    "line1\n{{ .Nope }}", "{{ define \"d\" }}\n\n{{ .Nope }}{{ end }}{{ template \"d\" . }}", "{{ range .Alerts }}{{ .Labels.Nope.x }}{{ end }}",
    "{{ (index .Alerts 0).StartsAt.Foo }}", "{{ .Alerts.Firing.Firing }}", "{{ .CommonLabels.SortedPairs.Names.Foo }}",
    "{{ range .Alerts }}{{ .Labels.SortedPairs.Values | join \"+\" }}{{ end }}", "{{ .GroupLabels.SortedPairs.Names | join \",\" }}",
    "{{ index .GroupLabels.Values 1 }}", "{{ slice .GroupLabels.Names 1 }}", "{{ len (stringSlice) }}", "{{ stringSlice 1 }}",
    "{{ join \",\" (stringSlice \"a\") | toUpper }}", "{{ reReplaceAll \"(\\\\w+)key(\\\\d)\" \"${1}_$2\" .CommonLabels.SortedPairs.Names.String }}",
    "{{ match \"value\\\\d\" (index .Alerts 0).Labels.label1 }}", "{{ title \"ÉCOLE élève\" }}", "{{ title \"x-ray 3d\" }}",
    "{{ title \"\" }}", "{{ toUpper \"straße\" }}", "{{ if and .Alerts .CommonLabels }}both{{ end }}", "{{ with .Alerts.Resolved }}r{{ else }}none{{ end }}",
    "{{ range $i, $p := .CommonLabels.SortedPairs }}{{ $i }}:{{ $p.Name }} {{ end }}", "{{ $n := len .Alerts }}{{ if gt $n 1 }}many{{ end }}",
    "{{ printf \"%v\" (index .Alerts 0).Labels.SortedPairs }}", "{{ printf \"%s\" .GroupLabels.Names }}", "{{ printf \"%q\" .GroupLabels.Names }}",
    "{{ printf \"%d\" (len .Alerts) }}", "{{ .Alerts.Firing }}", "{{ printf \"%v\" .Alerts.Resolved }}",
    "{{ (index .Alerts 0).Labels.SortedPairs.Names | len }}", "{{ range .Alerts }}{{ range .Annotations.SortedPairs }}{{ .Name }} {{ end }}{{ end }}",
    "{{ .CommonAnnotations.commonannotationkey1 | title }}", "{{ .Receiver | len }}{{ .Status | len }}", "{{ eq .Receiver \"receiver\" }}",
    "{{ .GroupLabels.Remove (stringSlice \"grouplabelkey2\") | len }}", "{{ (.CommonLabels.Remove .CommonLabels.Names).Names | len }}",
    "{{ .GroupLabels.Remove 1 }}", "{{ .CommonLabels.SortedPairs 1 }}", "{{ (index .Alerts 0).Fingerprint 1 }}",
    "{{ template \"__golden\" 1 }}{{ block \"bb\" .Receiver }}<{{ . }}>{{ end }}", "{{ $x := .Alerts }}{{ range $x }}{{ .Fingerprint }}{{ end }}",
]

# Round 3: notification templates as written in receivers.
CASES += [
    "[{{ .Status | toUpper }}{{ if eq .Status \"firing\" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .GroupLabels.SortedPairs.Values | join \" \" }}",
    "{{ range .Alerts }}*Alert:* {{ .Annotations.annotation1 }}\n*Details:*\n{{ range .Labels.SortedPairs }} • *{{ .Name }}:* `{{ .Value }}`\n{{ end }}{{ end }}",
    "{{ if gt (len .Alerts.Firing) 0 }}Firing{{ else }}Resolved{{ end }}",
    "{{ .ExternalURL }}/#/alerts?receiver={{ .Receiver | urlquery }}", "{{ stringSlice \"grouplabelkey1\" | .GroupLabels.Remove | len }}",
    "{{ range $i, $alert := .Alerts }}{{ if $i }}, {{ end }}{{ $alert.Labels.instance }}{{ end }}",
    "{{ with .CommonAnnotations.commonannotationkey1 }}Summary: {{ . }}{{ end }}",
    "{{ define \"title\" }}[{{ .Status }}] {{ .Receiver }}{{ end }}{{ template \"title\" . }}",
    "{{ len .CommonLabels.SortedPairs }} common / {{ len (index .Alerts 0).Labels }} labels",
    "{{ range .Alerts }}{{ .Labels.SortedPairs.Names | join \",\" }}\n{{ end -}}",
]
CASES += ["{{ range .Alerts }}{{ .Nope }}{{ end }}", "{{ range .Alerts.Firing }}{{ else }}{{ .Nope }}{{ end }}",
          "{{ range .CommonLabels }}{{ .x }}{{ end }}"]

# Round 4: functions with odd inputs.
CASES += [
    "{{ join \",\" nil }}", "{{ join nil (stringSlice) }}", "{{ stringSlice }}", "{{ stringSlice nil }}", "{{ toUpper nil }}",
    "{{ title \"hello.world foo:bar it's\" }}", "{{ title \"ǆemal ﬁne\" }}", "{{ title \"123abc ABC\" }}", "{{ match \"\" \"\" }}",
    "{{ match \"(?P<x>a)\" \"a\" }}", "{{ reReplaceAll \"(?P<first>\\\\w+) (?P<second>\\\\w+)\" \"${second} ${first}\" \"hello world\" }}",
    "{{ reReplaceAll \"a\" \"${1}\" \"aaa\" }}", "{{ reReplaceAll \"(a)\" \"${1\" \"aaa\" }}", "{{ reReplaceAll \"(a)(b)?\" \"[$2]\" \"a ab\" }}",
    "{{ .CommonLabels.SortedPairs.Names | join \"\" | len }}", "{{ range $k, $v := .GroupLabels }}{{ $k | toUpper }}{{ end }}",
    "{{ (index .Alerts 0).Labels.SortedPairs | len }}", "{{ with $p := index .CommonLabels.SortedPairs 1 }}{{ $p.Name }}={{ $p.Value }}{{ end }}",
    "{{ printf \"%#v\" .GroupLabels.Names }}", "{{ printf \"%T\" .GroupLabels.SortedPairs }}", "{{ printf \"%T\" (index .GroupLabels.SortedPairs 0) }}",
    "{{ printf \"%#v\" (index .GroupLabels.SortedPairs 0) }}", "{{ printf \"%v\" (index .GroupLabels.SortedPairs 0) }}",
    "{{ printf \"%+v\" (index .GroupLabels.SortedPairs 0) }}", "{{ printf \"%#v\" .Receiver }}", "{{ printf \"%T\" (stringSlice \"a\") }}",
    "{{ printf \"%T\" .Alerts.Firing }}", "{{ printf \"%T\" (index .Alerts 0).StartsAt }}", "{{ printf \"%T\" (index .Alerts 0).Labels }}",
]
