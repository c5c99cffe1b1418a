/// Vigil's built-in notification templates, loaded into every `AlertmanagerTemplate` before the user's
/// files so that any of them can be overridden by defining the same name.
///
/// The template NAMES and the data each one receives follow Alertmanager 0.34's `default.tmpl` and
/// `email.tmpl`, because receiver configurations and user templates refer to them
/// (`{{ template "__subject" . }}`, `title: '{{ template "slack.default.title" . }}'`). The wording and
/// markup are Vigil's own. A few bodies carry meaning for an integration and keep it:
/// `slack.default.color`/`mattermost.default.color` answer `danger`/`good`, `jira.default.priority`
/// answers a Jira priority name (`High`, `Medium`, `Low` or nothing), and the templates that are empty
/// upstream (icons, callback ids, WeChat recipients, …) stay empty, since an empty value means
/// "not set" to the integration.
///
/// Every template receives the notification data (`template.Data`), except the alert-list helpers
/// (`__text_alert_list`, `__text_alert_list_markdown`, `__vigil_alert_lines`), which receive a list
/// of alerts. Helpers named `__vigil_…` are Vigil's own and not part of the compatibility surface.
public enum DefaultNotificationTemplates {
    /// The names upstream Alertmanager 0.34 defines, which Vigil defines too.
    public static let alertmanagerNames: [String] = [
        "__alertmanager", "__alertmanagerURL", "__subject", "__description",
        "__text_alert_list", "__text_alert_list_markdown",
        "slack.default.title", "slack.default.username", "slack.default.fallback", "slack.default.callbackid",
        "slack.default.pretext", "slack.default.titlelink", "slack.default.iconemoji", "slack.default.iconurl",
        "slack.default.text", "slack.default.footer", "slack.default.color",
        "pagerduty.default.description", "pagerduty.default.client", "pagerduty.default.clientURL",
        "pagerduty.default.instances",
        "opsgenie.default.message", "opsgenie.default.description", "opsgenie.default.source",
        "wechat.default.message", "wechat.default.to_user", "wechat.default.to_party", "wechat.default.to_tag",
        "wechat.default.agent_id",
        "victorops.default.state_message", "victorops.default.entity_display_name", "victorops.default.monitoring_tool",
        "pushover.default.title", "pushover.default.message", "pushover.default.url",
        "sns.default.subject", "sns.default.message",
        "telegram.default.message",
        "discord.default.content", "discord.default.title", "discord.default.message",
        "webex.default.message",
        "msteams.default.summary", "msteams.default.title", "msteams.default.text",
        "msteamsv2.default.title", "msteamsv2.default.text",
        "jira.default.summary", "jira.default.description", "jira.default.priority",
        "rocketchat.default.title", "rocketchat.default.alias", "rocketchat.default.titlelink",
        "rocketchat.default.emoji", "rocketchat.default.iconurl", "rocketchat.default.text",
        "mattermost.default.color", "mattermost.default.username", "mattermost.default.title",
        "mattermost.default.titlelink", "mattermost.default.fallback", "mattermost.default.text",
        "email.default.subject", "email.default.html",
    ]

    /// The template source: `define`s separated by blank lines (`AlertmanagerTemplate` drops that
    /// whitespace, so it never reaches a rendered text).
    public static let text: String = common + receivers + email

    /// Building blocks shared by the receivers.
    static let common = #"""
        {{ define "__alertmanager" }}Vigil{{ end }}
        {{ define "__alertmanagerURL" }}{{ .ExternalURL }}/#/alerts?receiver={{ urlquery .Receiver }}{{ end }}
        {{ define "__description" }}{{ end }}

        {{- /* "FIRING (2): api, eu-west [critical]": the group's label values, then what else all alerts share. */ -}}
        {{ define "__subject" -}}
        {{ toUpper .Status }}{{ if eq .Status "firing" }} ({{ len .Alerts.Firing }}){{ end }}: {{ join ", " .GroupLabels.SortedPairs.Values }}
        {{- with .CommonLabels.Remove .GroupLabels.Names }} [{{ join ", " .Values }}]{{ end }}
        {{- end }}

        {{- /* One alert per entry; "." is a list of alerts. */ -}}
        {{ define "__text_alert_list" }}{{ range . -}}
        * {{ with .Labels.alertname }}{{ . }}{{ else }}alert{{ end }} - {{ template "__vigil_alert_when" . }}
          labels: {{ range $i, $p := .Labels.SortedPairs }}{{ if $i }}, {{ end }}{{ $p.Name }}={{ $p.Value }}{{ end }}
        {{ range .Annotations.SortedPairs }}  {{ .Name }}: {{ .Value }}
        {{ end }}{{ with .GeneratorURL }}  source: {{ . }}
        {{ end }}{{ end }}{{ end }}

        {{ define "__text_alert_list_markdown" }}{{ range . -}}
        **{{ with .Labels.alertname }}{{ . }}{{ else }}Alert{{ end }}** - {{ template "__vigil_alert_when" . }}

        {{ range .Labels.SortedPairs }}- `{{ .Name }}` {{ .Value }}
        {{ end }}{{ with .Annotations }}
        {{ range .SortedPairs }}> **{{ .Name }}**: {{ .Value }}
        {{ end }}{{ end }}{{ with .GeneratorURL }}
        [Open the source]({{ . }})
        {{ end }}
        {{ end }}{{ end }}

        {{- /* "firing since …" or "resolved at …"; "." is one alert. */ -}}
        {{ define "__vigil_alert_when" -}}
        {{ if eq .Status "resolved" }}resolved at {{ .EndsAt.UTC.Format "2006-01-02 15:04:05 MST" }}
        {{- else }}{{ .Status }} since {{ .StartsAt.UTC.Format "2006-01-02 15:04:05 MST" }}{{ end }}
        {{- end }}

        {{- /* The body most text receivers share: common annotations, then firing and resolved alerts. */ -}}
        {{ define "__vigil_alert_sections" -}}
        {{ range .CommonAnnotations.SortedPairs }}{{ .Name }}: {{ .Value }}
        {{ end }}{{ with .Alerts.Firing }}
        Firing ({{ len . }}):
        {{ template "__text_alert_list" . }}{{ end }}{{ with .Alerts.Resolved }}
        Resolved ({{ len . }}):
        {{ template "__text_alert_list" . }}{{ end }}
        {{- end }}

        {{ define "__vigil_alert_sections_markdown" -}}
        {{ range .CommonAnnotations.SortedPairs }}**{{ .Name }}**: {{ .Value }}

        {{ end }}{{ with .Alerts.Firing }}### Firing ({{ len . }})

        {{ template "__text_alert_list_markdown" . }}{{ end }}{{ with .Alerts.Resolved }}### Resolved ({{ len . }})

        {{ template "__text_alert_list_markdown" . }}{{ end }}
        {{- end }}

        """#

    static let receivers = #"""
        {{ define "slack.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "slack.default.username" }}{{ template "__alertmanager" . }}{{ end }}
        {{ define "slack.default.fallback" }}{{ template "slack.default.title" . }} - {{ template "slack.default.titlelink" . }}{{ end }}
        {{ define "slack.default.callbackid" }}{{ end }}
        {{ define "slack.default.pretext" }}{{ end }}
        {{ define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
        {{ define "slack.default.iconemoji" }}{{ end }}
        {{ define "slack.default.iconurl" }}{{ end }}
        {{ define "slack.default.text" }}{{ end }}
        {{ define "slack.default.footer" }}{{ end }}
        {{ define "slack.default.color" }}{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}{{ end }}

        {{ define "pagerduty.default.description" }}{{ template "__subject" . }}{{ end }}
        {{ define "pagerduty.default.client" }}{{ template "__alertmanager" . }}{{ end }}
        {{ define "pagerduty.default.clientURL" }}{{ template "__alertmanagerURL" . }}{{ end }}
        {{ define "pagerduty.default.instances" }}{{ template "__text_alert_list" .Alerts }}{{ end }}

        {{ define "opsgenie.default.message" }}{{ template "__subject" . }}{{ end }}
        {{ define "opsgenie.default.description" }}{{ template "__vigil_alert_sections" . }}{{ end }}
        {{ define "opsgenie.default.source" }}{{ template "__alertmanagerURL" . }}{{ end }}

        {{ define "wechat.default.message" -}}
        {{ template "__subject" . }}
        {{ template "__vigil_alert_sections" . }}
        More: {{ template "__alertmanagerURL" . }}
        {{- end }}
        {{ define "wechat.default.to_user" }}{{ end }}
        {{ define "wechat.default.to_party" }}{{ end }}
        {{ define "wechat.default.to_tag" }}{{ end }}
        {{ define "wechat.default.agent_id" }}{{ end }}

        {{ define "victorops.default.state_message" }}{{ template "__vigil_alert_sections" . }}{{ end }}
        {{ define "victorops.default.entity_display_name" }}{{ template "__subject" . }}{{ end }}
        {{ define "victorops.default.monitoring_tool" }}{{ template "__alertmanager" . }}{{ end }}

        {{ define "pushover.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "pushover.default.message" }}{{ template "__vigil_alert_sections" . }}{{ end }}
        {{ define "pushover.default.url" }}{{ template "__alertmanagerURL" . }}{{ end }}

        {{ define "sns.default.subject" }}{{ template "__subject" . }}{{ end }}
        {{ define "sns.default.message" }}{{ template "__vigil_alert_sections" . }}{{ end }}

        {{- /* Telegram messages have no title field, so the subject leads the text. */ -}}
        {{ define "telegram.default.message" -}}
        {{ template "__subject" . }}
        {{ template "__vigil_alert_sections" . }}
        {{- end }}

        {{ define "discord.default.content" }}{{ end }}
        {{ define "discord.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "discord.default.message" }}{{ template "__vigil_alert_sections" . }}{{ end }}

        {{ define "webex.default.message" -}}
        {{ template "__subject" . }}
        {{ template "__vigil_alert_sections" . }}
        {{- end }}

        {{ define "msteams.default.summary" }}{{ template "__subject" . }}{{ end }}
        {{ define "msteams.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "msteams.default.text" }}{{ template "__vigil_alert_sections_markdown" . }}{{ end }}

        {{ define "msteamsv2.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "msteamsv2.default.text" }}{{ template "__vigil_alert_sections_markdown" . }}{{ end }}

        {{ define "jira.default.summary" }}{{ template "__subject" . }}{{ end }}
        {{ define "jira.default.description" }}{{ template "__vigil_alert_sections_markdown" . }}{{ end }}

        {{- /* The most severe `severity` label among firing alerts (critical > warning > info), or among
               resolved ones when no firing alert has one; nothing when none do. */ -}}
        {{ define "jira.default.priority" -}}
        {{- $rank := 0 -}}
        {{- range .Alerts.Firing -}}
          {{- $s := index .Labels "severity" -}}
          {{- if eq $s "critical" }}{{ $rank = 3 }}{{ else if and (eq $s "warning") (lt $rank 2) }}{{ $rank = 2 }}{{ else if and (eq $s "info") (lt $rank 1) }}{{ $rank = 1 }}{{ end -}}
        {{- end -}}
        {{- if eq $rank 0 -}}
          {{- range .Alerts.Resolved -}}
            {{- $s := index .Labels "severity" -}}
            {{- if eq $s "critical" }}{{ $rank = 3 }}{{ else if and (eq $s "warning") (lt $rank 2) }}{{ $rank = 2 }}{{ else if and (eq $s "info") (lt $rank 1) }}{{ $rank = 1 }}{{ end -}}
          {{- end -}}
        {{- end -}}
        {{- if eq $rank 3 }}High{{ else if eq $rank 2 }}Medium{{ else if eq $rank 1 }}Low{{ end -}}
        {{- end }}

        {{ define "rocketchat.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "rocketchat.default.alias" }}{{ template "__alertmanager" . }}{{ end }}
        {{ define "rocketchat.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
        {{ define "rocketchat.default.emoji" }}{{ end }}
        {{ define "rocketchat.default.iconurl" }}{{ end }}
        {{ define "rocketchat.default.text" }}{{ end }}

        {{ define "mattermost.default.color" }}{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}{{ end }}
        {{ define "mattermost.default.username" }}{{ template "__alertmanager" . }}{{ end }}
        {{ define "mattermost.default.title" }}{{ template "__subject" . }}{{ end }}
        {{ define "mattermost.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
        {{ define "mattermost.default.fallback" }}{{ template "mattermost.default.title" . }} - {{ template "mattermost.default.titlelink" . }}{{ end }}
        {{ define "mattermost.default.text" }}{{ template "__vigil_alert_sections_markdown" . }}{{ end }}

        """#

    /// A plain, table-based HTML email (tables and inline styles are what mail clients render reliably).
    /// Vigil executes templates as text, so every value is passed through `html`, always as the last
    /// command of its pipeline (the one place Go's html/template also accepts it).
    static let email = #"""
        {{ define "email.default.subject" }}{{ template "__subject" . }}{{ end }}

        {{ define "email.default.html" -}}
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{ template "__vigil_email_heading" . }}</title>
        </head>
        <body style="margin:0;padding:24px 8px;background:#eef1f4;font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#1f2328;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:640px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de;">
        <tr><td style="padding:16px 20px;color:#ffffff;background:{{ if eq .Status "firing" }}#b42318{{ else if eq .Status "resolved" }}#1a7f37{{ else }}#57606a{{ end }};">
        <h1 style="margin:0;font-size:18px;font-weight:bold;">{{ template "__vigil_email_heading" . }}</h1>
        <p style="margin:6px 0 0;">{{ len .Alerts }} alert(s): {{ len .Alerts.Firing }} firing, {{ len .Alerts.Resolved }} resolved</p>
        </td></tr>
        {{- with .CommonAnnotations }}
        <tr><td style="padding:12px 20px;background:#f6f8fa;">
        {{- range .SortedPairs }}
        <p style="margin:4px 0;"><strong>{{ .Name | html }}</strong>: {{ .Value | html }}</p>
        {{- end }}
        </td></tr>
        {{- end }}
        {{- range .Alerts }}
        <tr><td style="padding:14px 20px;border-top:1px solid #d0d7de;">
        <p style="margin:0 0 8px;"><strong>{{ with .Labels.alertname }}{{ . | html }}{{ else }}Alert{{ end }}</strong>
        <span style="color:#57606a;">{{ if eq .Status "resolved" }}resolved at {{ .EndsAt.UTC.Format "2006-01-02 15:04:05 MST" }}
        {{- else }}{{ .Status | html }} since {{ .StartsAt.UTC.Format "2006-01-02 15:04:05 MST" }}{{ end }}</span></p>
        <table role="presentation" cellpadding="0" cellspacing="0">
        {{- range .Labels.SortedPairs }}
        <tr><td style="padding:1px 12px 1px 0;color:#57606a;">{{ .Name | html }}</td><td style="padding:1px 0;">{{ .Value | html }}</td></tr>
        {{- end }}
        </table>
        {{- range .Annotations.SortedPairs }}
        <p style="margin:6px 0 0;"><strong>{{ .Name | html }}</strong>: {{ .Value | html }}</p>
        {{- end }}
        {{- with .GeneratorURL }}
        <p style="margin:8px 0 0;"><a href="{{ . | html }}" style="color:#0969da;">Open the source</a></p>
        {{- end }}
        </td></tr>
        {{- end }}
        <tr><td style="padding:12px 20px;border-top:1px solid #d0d7de;color:#57606a;font-size:12px;">
        Sent by {{ template "__alertmanager" . }}{{ with .ExternalURL }} - <a href="{{ . | html }}/#/alerts?receiver={{ $.Receiver | urlquery }}" style="color:#0969da;">view these alerts</a>{{ end }}
        </td></tr>
        </table>
        </body>
        </html>
        {{- end }}

        {{- /* The subject, escaped for HTML: status, count and the group's label values. */ -}}
        {{ define "__vigil_email_heading" -}}
        {{ toUpper .Status | html }}{{ if eq .Status "firing" }} ({{ len .Alerts.Firing }}){{ end }}: {{ join ", " .GroupLabels.SortedPairs.Values | html }}
        {{- end }}

        """#
}
