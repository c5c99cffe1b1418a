import TimeSeries
extension Template {
    /// Executes a template as Go's `html/template` would: the templates it reaches are escaped for
    /// their HTML context first (`HTMLEscaper`), and may then call the escaping functions.
    public func executeHTMLTemplate(named templateName: String, data: TemplateValue) throws(TemplateError) -> String {
        let escaped = try HTMLEscaper.escape(trees, entry: templateName)
        guard let tree = escaped[templateName] else {
            throw TemplateError(kind: .other, message: "html/template: no template \(GoQuote.quote(templateName))", templateName: name)
        }
        let executor = Executor(templates: escaped, functions: functions.adding(HTMLEscapeFunctions.all), missingKey: missingKey,
                                tree: tree, data: data)
        return try LargeStack.run { () throws(TemplateError) in try executor.run() }
    }
}

extension AlertmanagerTemplate {
    /// `ExecuteHTMLString`: `text` parsed as the unnamed template and executed with `html/template`'s
    /// contextual escaping (the email notifier's `html` body).
    public func executeHTML(_ text: String, data: AlertmanagerData) throws(TemplateError) -> String {
        try executeHTML(text, value: data.templateValue)
    }

    public func executeHTML(_ text: String, value: TemplateValue) throws(TemplateError) -> String {
        if text.isEmpty { return "" }
        var t = base
        try t.define(name: "", text: text)
        return try t.executeHTMLTemplate(named: "", data: value)
    }
}
