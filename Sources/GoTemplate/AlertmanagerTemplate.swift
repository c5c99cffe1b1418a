/// Alertmanager's `template.Template`: Vigil's default notification templates, then user template
/// files (their `define`s), plus `ExecuteTextString` for receiver fields, with `missingkey=zero` and
/// Alertmanager's functions.
public struct AlertmanagerTemplate: Sendable {
    var base: Template

    /// `files` are (name, text) pairs, like `ParseGlob`: each file's body is a template named after it.
    /// The defaults (`DefaultNotificationTemplates`) are parsed first, as Alertmanager parses its
    /// `default.tmpl`, so a file may redefine any of them; `includeDefaults: false` leaves them out
    /// (as Debian's amtool, built without the bundled templates, behaves).
    public init(files: [(name: String, text: String)] = [], context: AlertmanagerTemplateContext = AlertmanagerTemplateContext(),
                includeDefaults: Bool = true) throws(TemplateError) {
        base = try Template(name: "", text: "", functions: .alertmanager(context), missingKey: .zero)
        if includeDefaults {
            // Parsed as the unnamed template, like upstream, but the whitespace between the defines is
            // dropped again: otherwise a whitespace-only text to render would print it.
            let unnamed = base.trees[""]
            try base.define(name: "", text: DefaultNotificationTemplates.text)
            base.trees[""] = unnamed
        }
        for f in files { try base.define(name: f.name, text: f.text) }
    }

    /// Names of the templates the defaults and files define.
    public var templateNames: [String] { base.templateNames.filter { !$0.isEmpty } }

    /// `ExecuteTextString`: parses `text` as the unnamed template and executes it against `data`.
    public func executeText(_ text: String, data: AlertmanagerData) throws(TemplateError) -> String {
        try executeText(text, value: data.templateValue)
    }

    /// `ExecuteTextString` against data already in template form (e.g. `template.Data` passed by value,
    /// as `amtool template render` does).
    public func executeText(_ text: String, value: TemplateValue) throws(TemplateError) -> String {
        if text.isEmpty { return "" }
        var t = base
        try t.define(name: "", text: text)
        return try t.executeTemplate(named: "", data: value)
    }

    /// Executes a defined template by name (`{{ template "name" . }}` from Go code).
    public func execute(named name: String, data: AlertmanagerData) throws(TemplateError) -> String {
        try base.executeTemplate(named: name, data: data.templateValue)
    }
}
