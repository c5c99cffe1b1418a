import Foundation

/// When aggregation groups want to flush, as a min-heap of (time, group) so that finding the groups
/// due now costs the number of due groups (times log n), not the number of groups: with 100,000 groups
/// the router wakes for every received batch, and scanning every group each time dominated its work.
///
/// Entries are never updated in place: a group whose due time changes gets a new entry, and entries that
/// no longer match their group's due time are dropped when they reach the top (`Dispatcher` checks).
struct DueSchedule: Sendable {
    struct Entry: Sendable {
        var time: Date
        var id: AggregationGroup.ID
    }

    private var heap: [Entry] = []

    var count: Int { heap.count }
    var top: Entry? { heap.first }

    mutating func push(_ time: Date, _ id: AggregationGroup.ID) {
        heap.append(Entry(time: time, id: id))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult
    mutating func popTop() -> Entry? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count, Self.before(heap[left], heap[first]) { first = left }
            if right < heap.count, Self.before(heap[right], heap[first]) { first = right }
            if first == parent { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return top
    }

    /// Earlier time first; the group ID breaks ties so the order is stable.
    private static func before(_ a: Entry, _ b: Entry) -> Bool {
        a.time != b.time ? a.time < b.time : a.id < b.id
    }
}
