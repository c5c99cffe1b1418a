import PromQL
import TimeSeries

/// An alert as the notifier hands it to Alertmanager (or Vigil's router): upstream's `rules.SendAlerts`
/// turning a `rules.Alert` into a `notifier.Alert`.
public struct AlertNotification: Sendable, Hashable, Codable {
    public var labels: Labels
    public var annotations: [Label]
    /// When the alert fired; nil (Go's zero time) for an alert sent without having fired.
    public var startsAt: Int64?
    /// When it resolved, or until when it is valid if still firing.
    public var endsAt: Int64?
    /// `<external URL>/graph?g0.expr=<expr>&g0.tab=1`.
    public var generatorURL: String

    /// - Parameter expr: the rule's expression as upstream prints it (`parser.Expr.String()`); see
    ///   `printedPromQL(_:)`.
    public init(alert: Alert, expr: String, externalURL: String) {
        labels = alert.labels
        annotations = alert.annotations
        startsAt = alert.firedAt
        endsAt = alert.resolvedAt ?? alert.validUntil
        generatorURL = externalURL + Self.tableLink(forExpression: expr)
    }

    /// Upstream's `strutil.TableLinkForExpression`.
    public static func tableLink(forExpression expr: String) -> String {
        "/graph?g0.expr=\(queryEscape(expr))&g0.tab=1"
    }

    /// PromQL as upstream prints it in generator URLs (the parsed expression's `String()`); the text
    /// itself when it does not parse.
    public static func printedPromQL(_ expr: String) -> String {
        (try? PromQLParser.parseExpr(expr, options: .all))?.description ?? expr
    }

    /// Go's `url.QueryEscape`: unreserved bytes as they are, space as `+`, anything else `%XX`.
    static func queryEscape(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private enum CodingKeys: String, CodingKey { case labels, annotations, startsAt, endsAt, generatorURL }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        labels = CodableLabels.decodeLabels(try c.decode([String: String].self, forKey: .labels))
        annotations = CodableLabels.decodeList(try c.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:])
        startsAt = try c.decodeIfPresent(Int64.self, forKey: .startsAt)
        endsAt = try c.decodeIfPresent(Int64.self, forKey: .endsAt)
        generatorURL = try c.decode(String.self, forKey: .generatorURL)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(CodableLabels.encode(labels.labels), forKey: .labels)
        try c.encode(CodableLabels.encode(annotations), forKey: .annotations)
        try c.encodeIfPresent(startsAt, forKey: .startsAt)
        try c.encodeIfPresent(endsAt, forKey: .endsAt)
        try c.encode(generatorURL, forKey: .generatorURL)
    }
}

extension RuleGroupEvaluation.AlertBatch {
    /// The batch as upstream's `SendAlerts` sends it. `printExpression` turns the rule's expression into
    /// upstream's printed form (`AlertNotification.printedPromQL` for PromQL rules).
    public func notifications(externalURL: String, printExpression: (String) -> String = { $0 }) -> [AlertNotification] {
        let printed = printExpression(expr)
        return alerts.map { AlertNotification(alert: $0, expr: printed, externalURL: externalURL) }
    }
}
