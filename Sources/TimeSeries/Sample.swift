/// A float sample: timestamp in milliseconds and value.
public struct Sample: Hashable, Sendable {
    public var t: Int64
    public var v: Double

    public init(t: Int64, v: Double) {
        self.t = t
        self.v = v
    }
}

/// Prometheus's staleness marker: a NaN with a particular bit pattern, written when a series disappears.
/// Any other NaN is an ordinary value, so the marker must be recognised by its bits.
public enum StaleNaN {
    public static let bits: UInt64 = 0x7ff0_0000_0000_0002
    public static let value = Double(bitPattern: bits)

    @inline(__always)
    public static func isStale(_ v: Double) -> Bool { v.bitPattern == bits }
}

/// A native histogram sample: timestamp in milliseconds and histogram.
public struct HistogramSample: Hashable, Sendable {
    public var t: Int64
    public var h: NativeHistogram
    public init(t: Int64, h: NativeHistogram) {
        self.t = t
        self.h = h
    }
}
