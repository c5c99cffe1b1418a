import VigilTesting
import Foundation
import Routing
import Server
import Testing
import Yams

/// Checks Vigil's answers against Alertmanager's own spec (`alertmanager/api/openapi.yaml` of the
/// conformance folder, Swagger 2.0): every answer fits its definition (types, formats, enums, required
/// properties), every property of the answer definitions is produced by some answer, and a request
/// carrying every property of `postableAlert` and `postableSilence` is accepted.
@Suite("Alertmanager API: OpenAPI shapes")
struct AlertmanagerOpenAPITests {
    static var specPath: String? {
        ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"].map { $0 + "/alertmanager/api/openapi.yaml" }
    }

    /// Properties no answer has, and why.
    static let notProduced: Set<String> = [
        // Vigil runs alone: the cluster has no name (a single Alertmanager omits it too) and no peers.
        "clusterStatus.name",
        // Listed as required by the spec but `omitempty` in Alertmanager's model: a silence without
        // annotations has none (the generated silence has some, so the property is still seen).
        "gettableSilence.annotations",
    ]

    @Test(.enabled(if: specPath != nil, "VIGIL_CONFORMANCE_DIR is not set"))
    func answersFitTheSpecAndCoverEveryProperty() async throws {
        let spec = try Spec(path: try #require(Self.specPath))
        let h = try AlertmanagerAPIHarness()
        try await h.serve { port in
            // Requests built from the spec: every property of the postable definitions.
            let alert = try spec.sample("postableAlert", skipping: [])
            let posted = try await RawHTTPClient.post(port, "/api/v2/alerts", json: json([alert]))
            #expect(posted.status == 200, "\(posted.body)")
            let silence = try spec.sample("postableSilence", skipping: ["id"])
            let created = try await RawHTTPClient.post(port, "/api/v2/silences", json: json(silence))
            #expect(created.status == 200, "\(created.body)")
            let id = try #require(try created.json["silenceID"] as? String)
            var update = silence
            update["id"] = id
            let updated = try await RawHTTPClient.post(port, "/api/v2/silences", json: json(update))
            #expect(updated.status == 200, "\(updated.body)")
            // An alert not silenced by the generated silence, so both states show.
            _ = try await RawHTTPClient.post(port, "/api/v2/alerts", json: #"[{"labels":{"alertname":"Other","severity":"page"}}]"#)

            let answers: [(String, [String: Any])] = [
                ("/api/v2/alerts", ["type": "array", "items": ["$ref": "#/definitions/gettableAlert"]]),
                ("/api/v2/alerts/groups", ["$ref": "#/definitions/alertGroups"]),
                ("/api/v2/silences", ["$ref": "#/definitions/gettableSilences"]),
                ("/api/v2/silence/\(id)", ["$ref": "#/definitions/gettableSilence"]),
                ("/api/v2/status", ["$ref": "#/definitions/alertmanagerStatus"]),
                ("/api/v2/receivers", ["type": "array", "items": ["$ref": "#/definitions/receiver"]]),
            ]
            var checker = Checker(spec: spec)
            for (path, schema) in answers {
                let r = try await RawHTTPClient.get(port, path)
                #expect(r.status == 200, "\(path)")
                let value = try JSONSerialization.jsonObject(with: Data(r.body.utf8), options: [.fragmentsAllowed])
                checker.check(value, schema, at: path)
            }
            for problem in checker.problems { Issue.record("\(problem)") }
            // The silence answers show the generated annotations, alerts show the generated generator URL.
            #expect(checker.seen.contains("alert.generatorURL"))
            #expect(checker.seen.contains("silence.annotations"))
            let answerDefinitions = ["gettableAlert", "alertStatus", "receiverReference", "alertGroup", "gettableSilence",
                                     "silence", "silenceStatus", "matcher", "alertmanagerStatus", "clusterStatus",
                                     "versionInfo", "alertmanagerConfig", "receiver", "alert"]
            var missing: [String] = []
            for d in answerDefinitions {
                for p in try spec.properties(of: d) {
                    let key = "\(p.owner).\(p.name)"
                    if !checker.seen.contains(key) && !Self.notProduced.contains(key) && !missing.contains(key) { missing.append(key) }
                }
            }
            #expect(missing == [], "properties no answer produced")
        }
    }

    func json(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The spec's definitions with `$ref` and `allOf` resolved.
    struct Spec {
        let definitions: [String: [String: Any]]

        init(path: String) throws {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let root = try #require(try Yams.load(yaml: text) as? [String: Any])
            definitions = try #require(root["definitions"] as? [String: [String: Any]])
        }

        func definition(_ ref: String) throws -> (name: String, schema: [String: Any]) {
            let name = String(ref.split(separator: "/").last ?? "")
            return (name, try #require(definitions[name], "no definition \(ref)"))
        }

        /// Properties (with the definition that declares them) and required names of an object schema,
        /// `allOf` parts merged.
        func object(_ schema: [String: Any], named name: String) throws -> (properties: [(owner: String, name: String, schema: [String: Any])], required: Set<String>) {
            var props: [(owner: String, name: String, schema: [String: Any])] = []
            var required = Set(schema["required"] as? [String] ?? [])
            for (p, s) in (schema["properties"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                props.append((name, p, try #require(s as? [String: Any])))
            }
            for part in schema["allOf"] as? [[String: Any]] ?? [] {
                let (owner, resolved) = try part["$ref"].map { try definition($0 as? String ?? "") } ?? (name, part)
                let inner = try object(resolved, named: owner)
                props += inner.properties
                required.formUnion(inner.required)
            }
            return (props, required)
        }

        func properties(of name: String) throws -> [(owner: String, name: String, schema: [String: Any])] {
            try object(try #require(definitions[name]), named: name).properties
        }

        /// A value with every property of a definition filled in, as a client would send it.
        func sample(_ name: String, skipping: Set<String>) throws -> [String: Any] {
            var out: [String: Any] = [:]
            for p in try properties(of: name) where !skipping.contains(p.name) {
                out[p.name] = try sampleValue(p.schema, property: p.name)
            }
            return out
        }

        func sampleValue(_ schema: [String: Any], property: String) throws -> Any {
            if let ref = schema["$ref"] as? String {
                let (name, resolved) = try definition(ref)
                if name == "labelSet" { return ["alertname": "Generated", "team": "spec"] }
                if name == "matcher" { return ["name": "team", "value": "spec", "isRegex": false, "isEqual": true] }
                return try sampleValue(resolved, property: property)
            }
            switch schema["type"] as? String {
            case "array": return [try sampleValue(try #require(schema["items"] as? [String: Any]), property: property)]
            case "boolean": return false
            case "string":
                switch schema["format"] as? String {
                case "date-time":
                    // Relative to the harness's clock: a start now and an end an hour later.
                    return property == "endsAt" ? "2026-01-02T04:04:05.123Z" : "2026-01-02T03:04:05Z"
                case "uri": return "http://prometheus.example/graph?g0.expr=up"
                default: return "generated \(property)"
                }
            default:
                return try sample(for: schema)
            }
        }

        private func sample(for schema: [String: Any]) throws -> [String: Any] {
            var out: [String: Any] = [:]
            for p in try object(schema, named: "").properties { out[p.name] = try sampleValue(p.schema, property: p.name) }
            return out
        }
    }

    /// Walks an answer along its schema, noting each definition property seen and every mismatch.
    struct Checker {
        let spec: Spec
        var seen: Set<String> = []
        var problems: [String] = []

        mutating func check(_ value: Any, _ schema: [String: Any], at path: String, definition: String = "") {
            do {
                if let ref = schema["$ref"] as? String {
                    let (name, resolved) = try spec.definition(ref)
                    check(value, resolved, at: path, definition: name)
                    return
                }
                if schema["allOf"] != nil || schema["properties"] != nil {
                    guard let object = value as? [String: Any] else { return problems.append("\(path): not an object") }
                    let (props, required) = try spec.object(schema, named: definition)
                    for r in required.sorted() where object[r] == nil && !AlertmanagerOpenAPITests.notProduced.contains("\(definition).\(r)") {
                        problems.append("\(path): required \(r) missing")
                    }
                    for key in object.keys.sorted() {
                        guard let p = props.first(where: { $0.name == key }) else {
                            problems.append("\(path): \(key) is not in \(definition)")
                            continue
                        }
                        seen.insert("\(p.owner).\(key)")
                        check(object[key] as Any, p.schema, at: "\(path).\(key)")
                    }
                    return
                }
                switch schema["type"] as? String {
                case "array":
                    guard let items = value as? [Any] else { return problems.append("\(path): not an array") }
                    if let min = schema["minItems"] as? Int, items.count < min { problems.append("\(path): fewer than \(min) items") }
                    let itemSchema = schema["items"] as? [String: Any] ?? [:]
                    for (i, item) in items.enumerated() { check(item, itemSchema, at: "\(path)[\(i)]") }
                case "object":
                    guard let object = value as? [String: Any] else { return problems.append("\(path): not an object") }
                    if let extra = schema["additionalProperties"] as? [String: Any] {
                        for (k, v) in object { check(v, extra, at: "\(path).\(k)") }
                    }
                case "string":
                    guard let s = value as? String else { return problems.append("\(path): not a string") }
                    if let allowed = schema["enum"] as? [String], !allowed.contains(s) { problems.append("\(path): \(s) not in \(allowed)") }
                    if schema["format"] as? String == "date-time",
                       s.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"#, options: .regularExpression) == nil {
                        problems.append("\(path): \(s) is not a date-time as Alertmanager writes it")
                    }
                case "boolean":
                    guard let n = value as? NSNumber, String(cString: n.objCType) == "c" || value is Bool else {
                        return problems.append("\(path): not a boolean")
                    }
                default:
                    problems.append("\(path): schema without a type")
                }
            } catch {
                problems.append("\(path): \(error)")
            }
        }
    }
}
