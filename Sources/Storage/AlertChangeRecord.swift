import Foundation
import Routing

/// One alert change as the history shows it. JSON (see `HistoryJSON` for times):
///
/// ```json
/// {"alertname":"Down","annotations":{"summary":"api is down"},"change":"new",
///  "endsAt":"2026-01-02T03:09:05.000Z","fingerprint":"5c5d4a4e3b6f0a11","generatorURL":"",
///  "id":1,"labels":{"alertname":"Down","job":"api"},"startsAt":"2026-01-02T03:04:05.000Z",
///  "state":"firing","time":"2026-01-02T03:04:05.000Z"}
/// ```
/// `time` is when the router received it; `change` is `new`, `state` or `annotations`; `state` is
/// `firing` or `resolved`; `endsAt` is `null` when no end was known.
public struct AlertChangeRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var time: Date
    public var fingerprint: String
    public var alertname: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var startsAt: Date
    public var endsAt: Date?
    public var state: AlertChange.State
    public var change: AlertChange.Kind
    public var generatorURL: String

    public init(id: Int64, time: Date, fingerprint: String, alertname: String, labels: [String: String],
                annotations: [String: String], startsAt: Date, endsAt: Date?, state: AlertChange.State,
                change: AlertChange.Kind, generatorURL: String) {
        self.id = id
        self.time = time
        self.fingerprint = fingerprint
        self.alertname = alertname
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.state = state
        self.change = change
        self.generatorURL = generatorURL
    }

    enum CodingKeys: String, CodingKey {
        case id, time, fingerprint, alertname, labels, annotations, startsAt, endsAt, state, change, generatorURL
    }

    /// Written by hand so that a missing end is `null`, not an absent key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(time, forKey: .time)
        try c.encode(fingerprint, forKey: .fingerprint)
        try c.encode(alertname, forKey: .alertname)
        try c.encode(labels, forKey: .labels)
        try c.encode(annotations, forKey: .annotations)
        try c.encode(startsAt, forKey: .startsAt)
        try c.encode(endsAt, forKey: .endsAt)
        try c.encode(state, forKey: .state)
        try c.encode(change, forKey: .change)
        try c.encode(generatorURL, forKey: .generatorURL)
    }
}
