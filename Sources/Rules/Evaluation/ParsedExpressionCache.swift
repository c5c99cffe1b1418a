import PromQL

/// The parsed expressions a querier has seen most recently, by their text, bounded in count and in total text
/// length: rules repeat the same few expressions at every evaluation, but a querier that also answers ad-hoc
/// queries must not keep every text it was ever sent.
///
/// Least recently used entries go first. The entries form a doubly linked list through array indices, so
/// lookups, insertions and evictions take constant time. Not thread-safe: the owner locks.
struct ParsedExpressionCache {
    let maxEntries: Int
    let maxTextBytes: Int
    private(set) var textBytes = 0

    private struct Entry {
        var text: String
        /// nil once evicted, while the slot waits for reuse.
        var expr: Expr?
        var newer: Int?
        var older: Int?
    }

    private var entries: [Entry] = []
    private var index: [String: Int] = [:]
    private var free: [Int] = []
    private var newest: Int?
    private var oldest: Int?

    /// - Parameters:
    ///   - maxEntries: at most this many expressions (at least one).
    ///   - maxTextBytes: at most this many UTF-8 bytes of query text in all; a longer text is not cached.
    init(maxEntries: Int = 1_000, maxTextBytes: Int = 4 << 20) {
        self.maxEntries = max(1, maxEntries)
        self.maxTextBytes = max(0, maxTextBytes)
    }

    var count: Int { index.count }

    /// The cached expression for `text`, which becomes the most recently used.
    mutating func value(for text: String) -> Expr? {
        guard let i = index[text] else { return nil }
        unlink(i)
        pushNewest(i)
        return entries[i].expr
    }

    mutating func insert(_ expr: Expr, for text: String) {
        let size = text.utf8.count
        if let i = index[text] {
            entries[i].expr = expr
            unlink(i)
            pushNewest(i)
            return
        }
        guard size <= maxTextBytes else { return }
        while index.count >= maxEntries || textBytes + size > maxTextBytes, let old = oldest {
            remove(old)
        }
        let entry = Entry(text: text, expr: expr)
        let i: Int
        if let reused = free.popLast() {
            entries[reused] = entry
            i = reused
        } else {
            entries.append(entry)
            i = entries.count - 1
        }
        index[text] = i
        textBytes += size
        pushNewest(i)
    }

    private mutating func remove(_ i: Int) {
        unlink(i)
        index[entries[i].text] = nil
        textBytes -= entries[i].text.utf8.count
        entries[i].text = ""
        entries[i].expr = nil
        free.append(i)
    }

    private mutating func unlink(_ i: Int) {
        let (newer, older) = (entries[i].newer, entries[i].older)
        if let newer { entries[newer].older = older } else { newest = older }
        if let older { entries[older].newer = newer } else { oldest = newer }
        entries[i].newer = nil
        entries[i].older = nil
    }

    private mutating func pushNewest(_ i: Int) {
        entries[i].older = newest
        entries[i].newer = nil
        if let newest { entries[newest].newer = i }
        newest = i
        if oldest == nil { oldest = i }
    }
}
