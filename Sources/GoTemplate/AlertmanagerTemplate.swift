/// Alertmanager's `template.Template`: user template files (their `define`s) plus
/// `ExecuteTextString` for receiver fields, with `missingkey=zero` and Alertmanager's functions.
///
/// Alertmanager's built-in `default.tmpl`/`email.tmpl` are not bundled; pass their text as a file
/// if notifications rely on `{{ template "__subject" . }}` and friends.
public struct AlertmanagerTemplate: Sendable {
    var base: Template

    /// `files` are (name, text) pairs, like `ParseGlob`: each file's body is a template named after it.
    public init(files: [(name: String, text: String)] = [], context: AlertmanagerTemplateContext = AlertmanagerTemplateContext()) throws(TemplateError) {
        base = try Template(name: "", text: "", functions: .alertmanager(context), missingKey: .zero)
        for f in files { try base.define(name: f.name, text: f.text) }
    }

    /// Names of the templates the files define.
    public var templateNames: [String] { base.templateNames.filter { !$0.isEmpty } }

    /// `ExecuteTextString`: parses `text` as the unnamed template and executes it against `data`.
    public func executeText(_ text: String, data: AlertmanagerData) throws(TemplateError) -> String {
        if text.isEmpty { return "" }
        var t = base
        try t.define(name: "", text: text)
        return try t.executeTemplate(named: "", data: data.templateValue)
    }

    /// Executes a defined template by name (`{{ template "name" . }}` from Go code).
    public func execute(named name: String, data: AlertmanagerData) throws(TemplateError) -> String {
        try base.executeTemplate(named: name, data: data.templateValue)
    }
}
