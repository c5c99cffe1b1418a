import Foundation
import Routing
import TimeSeries

/// `gettableAlert` of the API: an alert with its receivers, fingerprint, times and status. Fields are
/// written in the order of Alertmanager's generated model (its own properties alphabetically, then those
/// of the embedded `alert`), which is what byte-comparing clients and readers see.
public struct GettableAlert: Sendable, Hashable {
    public var alert: Alert
    public var status: AlertStatus
    /// Receiver names, as `receivers: [{name}]`.
    public var receivers: [String]

    public init(alert: Alert, status: AlertStatus, receivers: [String]) {
        self.alert = alert
        self.status = status
        self.receivers = receivers
    }

    public init(_ view: AlertView) {
        self.init(alert: view.alert, status: view.status, receivers: view.receivers)
    }

    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("annotations", .map(alert.annotations.map { ($0.key, $0.value) })),
            // A stored alert always has an end (the API stamps one); Go's zero time if it ever had none.
            ("endsAt", .string(alert.endsAt.map(AlertmanagerTime.format) ?? "0001-01-01T00:00:00.000Z")),
            ("fingerprint", .string(alert.fingerprint.description)),
            ("receivers", .array(receivers.map { ReceiverReference(name: $0).json })),
            ("startsAt", .string(AlertmanagerTime.format(alert.startsAt))),
            ("status", Self.statusJSON(status)),
            ("updatedAt", .string(AlertmanagerTime.format(alert.updatedAt))),
        ]
        // `format: uri` with omitempty in the model: an alert without a generator URL has no field.
        if !alert.generatorURL.isEmpty { fields.append(("generatorURL", .string(alert.generatorURL))) }
        fields.append(("labels", .map(alert.labels.map { ($0.name, $0.value) })))
        return .object(fields)
    }

    /// `alertStatus`: every list present even when empty (they are required).
    static func statusJSON(_ s: AlertStatus) -> JSONValue {
        .object([
            ("inhibitedBy", .array(s.inhibitedBy.map { .string($0) })),
            ("mutedBy", .array(s.mutedBy.map { .string($0) })),
            ("silencedBy", .array(s.silencedBy.map { .string($0) })),
            ("state", .string(s.state.rawValue)),
        ])
    }
}

/// `receiverReference` (and `receiver` without labels): `{"name": "..."}`.
public struct ReceiverReference: Sendable, Hashable {
    public var name: String
    public init(name: String) { self.name = name }
    public var json: JSONValue { .object([("name", .string(name))]) }
}
