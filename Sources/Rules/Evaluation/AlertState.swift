/// The state of an alert instance, or (as the maximum over its instances) of an alerting rule.
///
/// Ordered as upstream's `AlertState`: unknown < inactive < pending < firing. `unknown` is only a rule
/// state (never evaluated); alert instances are inactive, pending or firing.
public enum AlertState: String, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    case unknown
    case inactive
    case pending
    case firing

    private var rank: Int {
        switch self {
        case .unknown: return 0
        case .inactive: return 1
        case .pending: return 2
        case .firing: return 3
        }
    }

    public static func < (lhs: AlertState, rhs: AlertState) -> Bool { lhs.rank < rhs.rank }

    /// The `alertstate` label value and the rules API spelling.
    public var description: String { rawValue }
}
