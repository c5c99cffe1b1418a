import TimeSeries

/// The read side of series storage that the evaluator sees.
public protocol SeriesSource: Sendable {
    /// Every series whose labels satisfy all `matchers` and that has a point in `[mint, maxt]` (both
    /// inclusive), with those points, sorted by labels.
    func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [SeriesPoints]
}

/// One series' points in a time range: float samples and native histogram samples, each in time order.
public struct SeriesPoints: Sendable {
    public var labels: Labels
    public var floats: ArraySlice<Sample>
    public var histograms: ArraySlice<HistogramSample>

    public init(labels: Labels, floats: ArraySlice<Sample>, histograms: ArraySlice<HistogramSample> = []) {
        self.labels = labels
        self.floats = floats
        self.histograms = histograms
    }
}

/// An in-memory series store: the data of rule unit tests, promqltest scripts and `vigil query`.
///
/// Samples live in per-series arrays sorted by time, so a range read is two binary searches and a slice
/// (no copy, no allocation per sample). Postings map each label name and value to the series that carry it,
/// so a selector touches only candidate series rather than the whole store.
public struct SeriesStore: SeriesSource {
    private var labelsByID: [Labels] = []
    private var floatsByID: [[Sample]] = []
    private var histogramsByID: [[HistogramSample]] = []
    private var idByLabels: [Labels: Int] = [:]
    /// name → value → ascending series ids
    private var postings: [String: [String: [Int]]] = [:]
    /// Series ids in label order, and each series' position in it, kept up to date as series are added
    /// (a binary insertion), so that selections come back sorted by comparing integers.
    private var idsInLabelOrder: [Int] = []
    private var rankByID: [Int] = []

    public init() {}

    public var seriesCount: Int { labelsByID.count }

    public var sampleCount: Int { floatsByID.reduce(0) { $0 + $1.count } + histogramsByID.reduce(0) { $0 + $1.count } }

    private mutating func id(for labels: Labels) -> Int {
        if let id = idByLabels[labels] { return id }
        let id = labelsByID.count
        labelsByID.append(labels)
        floatsByID.append([])
        histogramsByID.append([])
        idByLabels[labels] = id
        for label in labels { postings[label.name, default: [:]][label.value, default: []].append(id) }
        var lo = 0, hi = idsInLabelOrder.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if labelsByID[idsInLabelOrder[mid]] < labels { lo = mid + 1 } else { hi = mid }
        }
        idsInLabelOrder.insert(id, at: lo)
        rankByID.append(lo)
        for position in (lo + 1)..<idsInLabelOrder.count { rankByID[idsInLabelOrder[position]] = position }
        return id
    }

    /// A handle for appending many samples to one series without hashing its labels each time.
    public struct SeriesRef: Hashable, Sendable {
        /// Dense: the n-th series added has index n.
        public let index: Int
        fileprivate var id: Int { index }
        fileprivate init(id: Int) { index = id }
    }

    public mutating func ref(for labels: Labels) -> SeriesRef { SeriesRef(id: id(for: labels)) }

    /// Adds a float sample. A sample at a time the series already has replaces the old one.
    public mutating func append(_ labels: Labels, t: Int64, v: Double) {
        append(ref(for: labels), t: t, v: v)
    }

    public mutating func append(_ ref: SeriesRef, t: Int64, v: Double) {
        let id = ref.id
        // Samples nearly always arrive in time order: append without searching.
        if let last = floatsByID[id].last, last.t < t {
            floatsByID[id].append(Sample(t: t, v: v))
        } else {
            Self.insert(Sample(t: t, v: v), into: &floatsByID[id], time: \.t)
        }
        // A float and a histogram at the same time cannot coexist; the newest write wins.
        if !histogramsByID[id].isEmpty, let i = histogramsByID[id].firstIndex(where: { $0.t == t }) {
            histogramsByID[id].remove(at: i)
        }
    }

    public mutating func append(_ labels: Labels, t: Int64, histogram: NativeHistogram) {
        let id = id(for: labels)
        var h = histogram
        // Like Prometheus's TSDB, a counter histogram read back after another says whether the counter
        // was reset in between; the first of a series keeps the hint it was written with.
        if h.counterResetHint == .unknown, let previous = histogramsByID[id].last, previous.t < t,
           previous.h.counterResetHint != .gauge {
            h.counterResetHint = h.isCounterReset(after: previous.h) ? .reset : .notReset
        }
        Self.insert(HistogramSample(t: t, h: h), into: &histogramsByID[id], time: \.t)
        if let i = floatsByID[id].firstIndex(where: { $0.t == t }) { floatsByID[id].remove(at: i) }
    }

    /// Removes every series (the `clear` command of test scripts).
    public mutating func removeAll() { self = SeriesStore() }

    private static func insert<T>(_ value: T, into array: inout [T], time: KeyPath<T, Int64>) {
        let t = value[keyPath: time]
        if let last = array.last, last[keyPath: time] < t {
            array.append(value)
            return
        }
        let i = lowerBound(array, t, time)
        if i < array.count, array[i][keyPath: time] == t { array[i] = value } else { array.insert(value, at: i) }
    }

    private static func lowerBound<T>(_ array: [T], _ t: Int64, _ time: KeyPath<T, Int64>) -> Int {
        var lo = 0
        var hi = array.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if array[mid][keyPath: time] < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // Specialised searches for the read path: key paths are not optimised away and cost a lot per query.
    private static func firstIndex(_ array: [Sample], notBefore t: Int64) -> Int {
        var lo = 0
        var hi = array.count
        while lo < hi {
            let mid = (lo + hi) &>> 1
            if array[mid].t < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private static func firstIndex(_ array: [HistogramSample], notBefore t: Int64) -> Int {
        var lo = 0
        var hi = array.count
        while lo < hi {
            let mid = (lo + hi) &>> 1
            if array[mid].t < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Series ids that may match: the intersection of postings of matchers that cannot match an empty value.
    private func candidates(_ matchers: [LabelMatcher]) -> [Int] {
        var result: [Int]?
        for m in matchers where !m.matchesEmpty {
            guard let values = postings[m.name] else { return [] }
            var ids: [Int] = []
            if m.type == .equal {
                ids = values[m.value] ?? []
            } else {
                for (value, list) in values where m.matches(value) { ids.append(contentsOf: list) }
                ids.sort()
            }
            if let current = result {
                let set = Set(ids)
                result = current.filter { set.contains($0) }
            } else {
                result = ids
            }
            if result?.isEmpty == true { return [] }
        }
        return result ?? Array(labelsByID.indices)
    }

    public func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) -> [SeriesPoints] {
        // The engine's windows wrap at the int64 limits as Prometheus's do; a reversed one holds nothing.
        guard mint <= maxt else { return [] }
        var out: [SeriesPoints] = []
        var ids: [Int] = []
        for id in candidates(matchers) {
            let labels = labelsByID[id]
            guard matchers.allSatisfy({ $0.matches(labels[$0.name] ?? "") }) else { continue }
            let floats = floatsByID[id]
            let histograms = histogramsByID[id]
            // Everything up to `maxt`: the first index after it, or the end when `maxt` is Int64.max.
            let fEnd = maxt == .max ? floats.count : Self.firstIndex(floats, notBefore: maxt + 1)
            let f = Self.firstIndex(floats, notBefore: mint)..<fEnd
            let hEnd = maxt == .max ? histograms.count : Self.firstIndex(histograms, notBefore: maxt + 1)
            let h = histograms.isEmpty ? 0..<0 : Self.firstIndex(histograms, notBefore: mint)..<hEnd
            if f.isEmpty && h.isEmpty { continue }
            out.append(SeriesPoints(labels: labels, floats: floats[f], histograms: histograms[h]))
            ids.append(id)
        }
        // Sorted by labels, through each series' rank in label order (kept up to date as series are added),
        // so queries compare integers instead of label sets.
        let order = ids.indices.sorted { rankByID[ids[$0]] < rankByID[ids[$1]] }
        return order.map { out[$0] }
    }

    /// Every series' labels, sorted (for `--debug` output and tests).
    public var allLabels: [Labels] { labelsByID.sorted() }
}
