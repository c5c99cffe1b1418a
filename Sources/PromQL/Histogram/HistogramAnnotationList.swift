/// Annotations collected by one histogram function call, without duplicates: upstream keeps annotations
/// in a map keyed by their text, so the same warning raised twice is reported once.
public struct HistogramAnnotationList: Equatable, Sendable {
    public private(set) var items: [HistogramAnnotation] = []

    public init(_ items: [HistogramAnnotation] = []) {
        for a in items { append(a) }
    }

    public mutating func append(_ a: HistogramAnnotation) {
        if !items.contains(a) { items.append(a) }
    }

    public var isEmpty: Bool { items.isEmpty }
}
