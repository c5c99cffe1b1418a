import GoTemplate
import Routing

/// The webhook's `payload`: a YAML value rendered as upstream's `DeepCopyWithTemplate` renders it (every
/// string and map key a template, a rendered string that reads as YAML structure taking that structure)
/// and written as JSON with map keys sorted, as Go marshals maps.
enum CustomPayload {
    static func render(_ value: ConfigAnyValue, template: AlertmanagerTemplate, data: AlertmanagerData) throws(NotifyError) -> String {
        do {
            return TemplatedValue.json(try TemplatedValue.render(value, TemplateFields(template: template, data: data)))
        } catch {
            throw .permanent("failed to render custom payload: \(error.message)")
        }
    }
}
