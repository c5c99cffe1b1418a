import TimeSeries

/// An alert's identity: the FNV-1a 64 hash of its sorted label names and values, each followed by a
/// 0xff byte (Prometheus's `model.LabelSet.Fingerprint`). Printed as 16 hex digits, as upstream prints it.
public struct AlertFingerprint: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ labels: Labels) { rawValue = labels.fingerprint }

    public var description: String {
        let hex = String(rawValue, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    public static func < (a: AlertFingerprint, b: AlertFingerprint) -> Bool { a.rawValue < b.rawValue }
}
