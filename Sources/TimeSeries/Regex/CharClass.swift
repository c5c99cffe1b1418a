/// A set of Unicode scalar values as sorted, disjoint, non-adjacent closed ranges.
///
/// Classes are built by appending ranges in any order and then `normalized()`; negation and case folding
/// work on normalized classes. Values are `UInt32` code points up to 0x10FFFF (surrogates included, as in Go,
/// though they never occur in text).
struct CharClass: Equatable, Sendable {
    static let maxScalar: UInt32 = 0x10FFFF

    /// Flat pairs lo0, hi0, lo1, hi1, ...
    private(set) var bounds: [UInt32] = []

    init() {}

    init(ranges: [ClosedRange<UInt32>]) {
        for r in ranges { append(r.lowerBound, r.upperBound) }
        normalize()
    }

    static func single(_ c: UInt32) -> CharClass {
        var k = CharClass()
        k.bounds = [c, c]
        return k
    }

    static let any = CharClass(ranges: [0...maxScalar])
    static let anyNotNewline = CharClass(ranges: [0...9, 11...maxScalar])

    var rangeCount: Int { bounds.count / 2 }
    var isEmpty: Bool { bounds.isEmpty }
    func lo(_ i: Int) -> UInt32 { bounds[2 * i] }
    func hi(_ i: Int) -> UInt32 { bounds[2 * i + 1] }

    var ranges: [ClosedRange<UInt32>] { (0..<rangeCount).map { lo($0)...hi($0) } }

    /// The single scalar this class holds, if it holds exactly one.
    var singleScalar: UInt32? { bounds.count == 2 && bounds[0] == bounds[1] ? bounds[0] : nil }

    var isAny: Bool { bounds == [0, CharClass.maxScalar] }
    var isAnyNotNewline: Bool { bounds == [0, 9, 11, CharClass.maxScalar] }

    mutating func append(_ lo: UInt32, _ hi: UInt32) {
        // Merge with the last range when they touch: cheap and keeps brute-force folding small.
        let n = bounds.count
        if n >= 2, lo <= bounds[n - 1] &+ 1, bounds[n - 2] <= hi &+ 1 {
            bounds[n - 2] = min(bounds[n - 2], lo)
            bounds[n - 1] = max(bounds[n - 1], hi)
            return
        }
        bounds.append(lo)
        bounds.append(hi)
    }

    mutating func append(_ other: CharClass) {
        for i in 0..<other.rangeCount { append(other.lo(i), other.hi(i)) }
    }

    /// Sorts and merges overlapping or adjacent ranges.
    mutating func normalize() {
        guard bounds.count > 2 else { return }
        var pairs: [(UInt32, UInt32)] = []
        pairs.reserveCapacity(rangeCount)
        for i in 0..<rangeCount { pairs.append((lo(i), hi(i))) }
        pairs.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 > $1.1) }
        var out: [UInt32] = []
        out.reserveCapacity(bounds.count)
        for (lo, hi) in pairs {
            if let last = out.last, lo <= last &+ 1 {
                if hi > last { out[out.count - 1] = hi }
            } else {
                out.append(lo)
                out.append(hi)
            }
        }
        bounds = out
    }

    func normalized() -> CharClass {
        var k = self
        k.normalize()
        return k
    }

    /// The complement within 0...0x10FFFF. The class must be normalized.
    func negated() -> CharClass {
        var out = CharClass()
        var next: UInt32 = 0
        for i in 0..<rangeCount {
            if lo(i) > next { out.bounds.append(next); out.bounds.append(lo(i) - 1) }
            next = hi(i) &+ 1
        }
        if next <= CharClass.maxScalar {
            out.bounds.append(next)
            out.bounds.append(CharClass.maxScalar)
        }
        return out
    }

    /// The class with every scalar's simple case folding orbit added. The class must be normalized.
    func caseFolded() -> CharClass {
        var out = self
        for i in 0..<rangeCount {
            CaseFolding.forEachFoldingScalar(in: lo(i)...hi(i)) { c in
                CaseFolding.forEachInOrbit(of: c) { out.append($0, $0) }
            }
        }
        out.normalize()
        return out
    }

    func contains(_ c: UInt32) -> Bool {
        var low = 0
        var high = rangeCount
        while low < high {
            let mid = (low + high) / 2
            if c > hi(mid) { low = mid + 1 } else if c < lo(mid) { high = mid } else { return true }
        }
        return false
    }
}
