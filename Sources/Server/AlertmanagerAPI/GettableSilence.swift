import Foundation
import Routing

/// `gettableSilence` of the API: a stored silence with its state at the time of the request.
public struct GettableSilence: Sendable, Hashable {
    public var silence: Silence
    public var state: SilenceState

    public init(_ silence: Silence, at now: Date) {
        self.silence = silence
        state = silence.state(at: now)
    }

    /// The generated model's order: `id`, `status`, `updatedAt`, then the embedded `silence`'s properties
    /// alphabetically. The API has one matcher list; a silence with several sets (only possible through
    /// Vigil's own store) shows its first.
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(silence.id)),
            ("status", .object([("state", .string(state.rawValue))])),
            ("updatedAt", .string(AlertmanagerTime.format(silence.updatedAt))),
        ]
        // `omitempty` in the model: a silence without annotations has no field (the spec lists it as
        // required, Alertmanager's answers leave it out all the same).
        if !silence.annotations.isEmpty { fields.append(("annotations", .map(silence.annotations.map { ($0.key, $0.value) }))) }
        return .object(fields + [
            ("comment", .string(silence.comment)),
            ("createdBy", .string(silence.createdBy)),
            ("endsAt", .string(AlertmanagerTime.format(silence.endsAt))),
            ("matchers", .array((silence.matcherSets.first ?? []).map { APIMatcher($0).json })),
            ("startsAt", .string(AlertmanagerTime.format(silence.startsAt))),
        ])
    }

    /// Upstream's `SortSilences`: active first (ending soonest first), then pending (starting soonest
    /// first), then expired (ended most recently first). Ties keep their order (the store's, by ID).
    static func sorted(_ silences: [GettableSilence]) -> [GettableSilence] {
        func rank(_ s: SilenceState) -> Int {
            switch s {
            case .active: 1
            case .pending: 2
            case .expired: 3
            }
        }
        let indexed = Array(silences.enumerated())
        return indexed.sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.state != y.state { return rank(x.state) < rank(y.state) }
            switch x.state {
            case .active where x.silence.endsAt != y.silence.endsAt: return x.silence.endsAt < y.silence.endsAt
            case .pending where x.silence.startsAt != y.silence.startsAt: return x.silence.startsAt < y.silence.startsAt
            case .expired where x.silence.endsAt != y.silence.endsAt: return x.silence.endsAt > y.silence.endsAt
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
