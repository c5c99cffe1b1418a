/// One label: a name and its value. `__name__` carries the metric name.
public struct Label: Hashable, Sendable, Comparable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public static func < (lhs: Label, rhs: Label) -> Bool {
        lhs.name != rhs.name ? lhs.name < rhs.name : lhs.value < rhs.value
    }

    /// The label holding a series' metric name.
    public static let metricName = "__name__"
}
