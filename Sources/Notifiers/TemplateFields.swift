import GoTemplate

/// Renders a receiver's templated fields against one notification's data. Upstream's `TmplText` and
/// `TmplHTML`: a template error is a configuration mistake, so it is not retried.
struct TemplateFields {
    let template: AlertmanagerTemplate
    let data: AlertmanagerData

    /// `ExecuteTextString`.
    func text(_ source: String) throws(NotifyError) -> String {
        do {
            return try template.executeText(source, data: data)
        } catch {
            throw .permanent("template: \(error.description)")
        }
    }

    /// `ExecuteHTMLString`: values are escaped for HTML (Telegram's and Pushover's HTML modes).
    func html(_ source: String) throws(NotifyError) -> String {
        do {
            return try template.executeHTML(source, data: data)
        } catch {
            throw .permanent("template: \(error.description)")
        }
    }
}
