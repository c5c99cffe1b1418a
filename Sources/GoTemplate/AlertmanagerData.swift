/// Alertmanager's notification template data (`template.Data`, `Alert`, `KV`, `Pairs`).
public struct AlertmanagerAlert: Sendable {
    public var status: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: GoTime
    public var endsAt: GoTime
    public var generatorURL: String
    public var fingerprint: String

    public init(status: String, labels: [String: String], annotations: [String: String] = [:],
                startsAt: GoTime = GoTime(seconds: -62_135_596_800), endsAt: GoTime = GoTime(seconds: -62_135_596_800),
                generatorURL: String = "", fingerprint: String = "") {
        self.status = status
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.fingerprint = fingerprint
    }
}

public struct AlertmanagerData: Sendable {
    public var receiver: String
    public var status: String
    public var alerts: [AlertmanagerAlert]
    public var groupLabels: [String: String]
    public var commonLabels: [String: String]
    public var commonAnnotations: [String: String]
    public var externalURL: String

    public init(receiver: String, status: String, alerts: [AlertmanagerAlert], groupLabels: [String: String] = [:],
                commonLabels: [String: String]? = nil, commonAnnotations: [String: String]? = nil, externalURL: String = "") {
        self.receiver = receiver
        self.status = status
        self.alerts = alerts
        self.groupLabels = groupLabels
        self.commonLabels = commonLabels ?? AlertmanagerData.common(alerts.map(\.labels))
        self.commonAnnotations = commonAnnotations ?? AlertmanagerData.common(alerts.map(\.annotations))
        self.externalURL = externalURL
    }

    /// Pairs present with the same value in every set (Alertmanager's common labels/annotations).
    static func common(_ sets: [[String: String]]) -> [String: String] {
        guard var result = sets.first else { return [:] }
        for s in sets.dropFirst() {
            result = result.filter { s[$0.key] == $0.value }
        }
        return result
    }

    /// The value templates see as `.`.
    public var templateValue: TemplateValue { templateValue(typeName: "*template.Data") }

    /// `typeName` is `template.Data` when the data is passed by value (as `amtool template render` does).
    public func templateValue(typeName: String) -> TemplateValue {
        .object(TemplateObject(typeName: typeName, fields: [
            ("Receiver", .string(receiver)),
            ("Status", .string(status)),
            ("Alerts", AlertmanagerData.alertsValue(alerts.map(AlertmanagerData.alertValue), typeName: "template.Alerts")),
            ("GroupLabels", AlertmanagerData.kv(groupLabels)),
            ("CommonLabels", AlertmanagerData.kv(commonLabels)),
            ("CommonAnnotations", AlertmanagerData.kv(commonAnnotations)),
            ("ExternalURL", .string(externalURL)),
        ]))
    }

    /// Shared by every `template.Alert`, so that an alert costs its values only.
    static let alertFieldNames = ["Status", "Labels", "Annotations", "StartsAt", "EndsAt", "GeneratorURL", "Fingerprint"]

    static func alertValue(_ a: AlertmanagerAlert) -> TemplateValue {
        .object(TemplateObject(typeName: "template.Alert", fieldNames: alertFieldNames, values: [
            .string(a.status), kv(a.labels), kv(a.annotations), .time(a.startsAt), .time(a.endsAt),
            .string(a.generatorURL), .string(a.fingerprint),
        ]))
    }

    static func status(_ v: TemplateValue) -> String? {
        if case .object(let o) = v, case .string(let s)? = o.field("Status") { return s }
        return nil
    }

    static func alertsValue(_ alerts: [TemplateValue], typeName: String) -> TemplateValue {
        if typeName != "template.Alerts" { return .object(TemplateObject(typeName: typeName, underlying: .list(alerts))) }
        return .object(TemplateObject(typeName: typeName, fieldNames: [], values: [], underlying: .list(alerts),
                                      methodTable: alertsMethod))
    }

    /// `template.Alerts`' methods.
    @Sendable static func alertsMethod(_ o: TemplateObject, _ name: String) -> TemplateMethod? {
        guard case .list(let alerts)? = o.underlying else { return nil }
        switch name {
        case "Firing":
            return TemplateMethod { _ throws(FunctionError) in
                alertsValue(alerts.filter { status($0) == "firing" }, typeName: "[]template.Alert")
            }
        case "Resolved":
            return TemplateMethod { _ throws(FunctionError) in
                alertsValue(alerts.filter { status($0) == "resolved" }, typeName: "[]template.Alert")
            }
        default: return nil
        }
    }

    /// `template.KV`: a label map with `SortedPairs`, `Names`, `Values`, `Remove`, `String`.
    public static func kv(_ m: [String: String]) -> TemplateValue {
        .object(TemplateObject(typeName: "template.KV", fieldNames: [], values: [], underlying: .stringMap(m),
                               methodTable: kvMethod, describe: kvString))
    }

    @Sendable static func kvString(_ o: TemplateObject) -> String {
        guard case .stringMap(let m)? = o.underlying else { return "" }
        return pairsString(sortedPairs(m))
    }

    /// `template.KV`'s methods, made when called.
    @Sendable static func kvMethod(_ o: TemplateObject, _ name: String) -> TemplateMethod? {
        guard case .stringMap(let m)? = o.underlying else { return nil }
        switch name {
        case "SortedPairs": return TemplateMethod { _ throws(FunctionError) in pairs(sortedPairs(m)) }
        case "Names": return TemplateMethod { _ throws(FunctionError) in .stringList(sortedPairs(m).map(\.0)) }
        case "Values": return TemplateMethod { _ throws(FunctionError) in .stringList(sortedPairs(m).map(\.1)) }
        case "Remove":
            return TemplateMethod(params: [.stringList]) { a throws(FunctionError) in
                let drop = Set((a[0].listElements ?? []).compactMap(\.stringValue))
                return kv(m.filter { !drop.contains($0.key) })
            }
        case "String": return TemplateMethod { _ throws(FunctionError) in .string(pairsString(sortedPairs(m))) }
        default: return nil
        }
    }

    /// `alertname` first, then the other names sorted.
    static func sortedPairs(_ m: [String: String]) -> [(String, String)] {
        var keys = m.keys.filter { $0 != "alertname" }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        if m["alertname"] != nil { keys.insert("alertname", at: 0) }
        return keys.map { ($0, m[$0]!) }
    }

    static func pairsString(_ p: [(String, String)]) -> String {
        p.map { "\($0.0)=\($0.1)" }.joined(separator: ", ")
    }

    static func pairs(_ p: [(String, String)]) -> TemplateValue {
        let items: [TemplateValue] = p.map { (n, v) in
            .object(TemplateObject(typeName: "template.Pair", fields: [("Name", .string(n)), ("Value", .string(v))]))
        }
        return .object(TemplateObject(typeName: "template.Pairs", methods: [
            "Names": TemplateMethod { _ throws(FunctionError) in .stringList(p.map(\.0)) },
            "Values": TemplateMethod { _ throws(FunctionError) in .stringList(p.map(\.1)) },
            "String": TemplateMethod { _ throws(FunctionError) in .string(pairsString(p)) },
        ], underlying: .list(items), stringer: { pairsString(p) }))
    }
}
