import GoTemplate
import Routing

/// The webhook's `payload`: a YAML value whose strings are templates, rendered against the notification
/// data and written as JSON (upstream's `DeepCopyWithTemplate`; map keys sorted, as Go marshals maps).
enum CustomPayload {
    static func render(_ value: ConfigAnyValue, template: AlertmanagerTemplate, data: AlertmanagerData) throws(NotifyError) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(d) : "null"
        case .string(let s):
            do {
                return GoJSON.quote(try template.executeText(s, data: data))
            } catch {
                throw .permanent("failed to render custom payload: \(error.description)")
            }
        case .list(let items):
            var parts: [String] = []
            for item in items { parts.append(try render(item, template: template, data: data)) }
            return JSONWriter.array(parts)
        case .map(let keys, let values):
            var parts: [String] = []
            for key in keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                parts.append(GoJSON.quote(key) + ":" + (try render(values[key] ?? .null, template: template, data: data)))
            }
            return "{" + parts.joined(separator: ",") + "}"
        }
    }
}
