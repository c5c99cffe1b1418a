import TimeSeries

/// One instance of an alerting rule: one label set of its result, with Prometheus's `rules.Alert` fields.
///
/// Times are milliseconds since the epoch; `nil` stands for Go's zero `time.Time` (an evaluation at the
/// epoch itself is a real time, which Go's `IsZero` would not confuse either).
public struct Alert: Sendable, Hashable, Codable {
    public var state: AlertState
    /// Series labels without `__name__`, plus the (expanded) rule labels, plus `alertname`.
    public var labels: Labels
    /// Expanded annotations, sorted by name. Unlike labels, an annotation that expands to the empty string
    /// is kept, as upstream keeps it.
    public var annotations: [Label]
    /// The sample value at the last evaluation that produced this label set (0 for a histogram sample).
    public var value: Double
    /// When the condition started to hold (evaluation time, not shifted by `query_offset`).
    public var activeAt: Int64
    public var firedAt: Int64?
    /// When the alert was resolved; nil while it is pending or firing.
    public var resolvedAt: Int64?
    /// When the alert was last handed to the notifier (for the router).
    public var lastSentAt: Int64?
    /// Until when the notifier should consider the last sent alert valid (for the router).
    public var validUntil: Int64?
    /// When a firing alert's condition stopped holding while `keep_firing_for` keeps it firing.
    public var keepFiringSince: Int64?

    public init(
        state: AlertState, labels: Labels, annotations: [Label] = [], value: Double, activeAt: Int64,
        firedAt: Int64? = nil, resolvedAt: Int64? = nil, lastSentAt: Int64? = nil, validUntil: Int64? = nil,
        keepFiringSince: Int64? = nil
    ) {
        self.state = state
        self.labels = labels
        self.annotations = annotations
        self.value = value
        self.activeAt = activeAt
        self.firedAt = firedAt
        self.resolvedAt = resolvedAt
        self.lastSentAt = lastSentAt
        self.validUntil = validUntil
        self.keepFiringSince = keepFiringSince
    }

    /// An annotation's value by name.
    public func annotation(_ name: String) -> String? { annotations.first { $0.name == name }?.value }

    /// Whether the alert is among upstream's `ActiveAlerts()`: not resolved (pending or firing).
    public var isActive: Bool { resolvedAt == nil }

    /// Upstream's `needsSending`: never while pending; always once resolved since the last send;
    /// otherwise when the last send is older than `resendDelay`.
    public func needsSending(at ts: Int64, resendDelay: Int64) -> Bool {
        if state == .pending { return false }
        if let resolvedAt, lastSentAt.map({ resolvedAt > $0 }) ?? true { return true }
        guard let lastSentAt else { return true }
        return lastSentAt + resendDelay < ts
    }

    private enum CodingKeys: String, CodingKey {
        case state, labels, annotations, value, activeAt, firedAt, resolvedAt, lastSentAt, validUntil, keepFiringSince
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        state = try c.decode(AlertState.self, forKey: .state)
        labels = CodableLabels.decodeLabels(try c.decode([String: String].self, forKey: .labels))
        annotations = CodableLabels.decodeList(try c.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:])
        value = try CodableLabels.decodeValue(try c.decode(String.self, forKey: .value), codingPath: c.codingPath)
        activeAt = try c.decode(Int64.self, forKey: .activeAt)
        firedAt = try c.decodeIfPresent(Int64.self, forKey: .firedAt)
        resolvedAt = try c.decodeIfPresent(Int64.self, forKey: .resolvedAt)
        lastSentAt = try c.decodeIfPresent(Int64.self, forKey: .lastSentAt)
        validUntil = try c.decodeIfPresent(Int64.self, forKey: .validUntil)
        keepFiringSince = try c.decodeIfPresent(Int64.self, forKey: .keepFiringSince)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(state, forKey: .state)
        try c.encode(CodableLabels.encode(labels.labels), forKey: .labels)
        try c.encode(CodableLabels.encode(annotations), forKey: .annotations)
        try c.encode(CodableLabels.encodeValue(value), forKey: .value)
        try c.encode(activeAt, forKey: .activeAt)
        try c.encodeIfPresent(firedAt, forKey: .firedAt)
        try c.encodeIfPresent(resolvedAt, forKey: .resolvedAt)
        try c.encodeIfPresent(lastSentAt, forKey: .lastSentAt)
        try c.encodeIfPresent(validUntil, forKey: .validUntil)
        try c.encodeIfPresent(keepFiringSince, forKey: .keepFiringSince)
    }
}
