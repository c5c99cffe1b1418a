import ConfigYAML
import Foundation
import GoTemplate
import Routing

/// Upstream's `template.DeepCopyWithTemplate`, used for PagerDuty's `details`: every string of a YAML
/// value (map keys included) is rendered as a template, and a rendered string that reads as structured
/// YAML (a number, a boolean, a list, a map, null) takes that structure, so `{{ .Alerts.Firing | toJson }}`
/// becomes a JSON array and `{{ len .Alerts }}` a number in the request.
enum TemplatedValue {
    static func render(_ value: ConfigAnyValue, _ fields: TemplateFields) throws(NotifyError) -> ConfigAnyValue {
        switch value {
        case .null, .bool, .int, .double: return value
        case .string(let s): return structured(try fields.text(s))
        case .list(let items):
            var out: [ConfigAnyValue] = []
            for item in items { out.append(try render(item, fields)) }
            return .list(out)
        case .map(let keys, let values):
            var outKeys: [String] = []
            var outValues: [String: ConfigAnyValue] = [:]
            for key in keys {
                let rendered = try fields.text(key)
                if outValues[rendered] == nil { outKeys.append(rendered) }
                outValues[rendered] = try render(values[key] ?? .null, fields)
            }
            return .map(outKeys, outValues)
        }
    }

    /// yaml.v2 (which upstream uses here) reads these plain words as booleans; yaml.v3, which Vigil's
    /// YAML reader follows, does not.
    private static let yaml11Booleans: [String: Bool] = [
        "y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
        "n": false, "N": false, "no": false, "No": false, "NO": false, "off": false, "Off": false, "OFF": false,
    ]

    /// The rendered text as upstream keeps it: the text itself when it does not parse as YAML or parses
    /// as a string, the parsed structure otherwise.
    static func structured(_ text: String) -> ConfigAnyValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || YAMLScalarResolution.kind(ofPlain: trimmed) == .null { return .null }
        if let b = yaml11Booleans[trimmed] { return .bool(b) }
        guard let parsed = try? StrictYAMLDecoder().decode(ConfigAnyValue.self, from: text, file: "details") else {
            return .string(text)
        }
        if case .string = parsed { return .string(text) }
        return parsed
    }

    /// The value as Go's `encoding/json` writes an `any` decoded from YAML: map keys sorted by bytes.
    static func json(_ value: ConfigAnyValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return GoFloatJSON.format(d)
        case .string(let s): return GoJSON.quote(s)
        case .list(let items): return JSONWriter.array(items.map(json))
        case .map(_, let values): return object(values)
        }
    }

    /// A `map[string]any` as JSON, keys sorted by their bytes.
    static func object(_ values: [String: ConfigAnyValue]) -> String {
        let keys = values.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return "{" + keys.map { GoJSON.quote($0) + ":" + json(values[$0] ?? .null) }.joined(separator: ",") + "}"
    }
}
