/// Byte sizes in label filters and `unwrap bytes(...)`: `10MB`, `1.5 KiB`, `512` (go-humanize's
/// `ParseBytes`: SI units are powers of 1000, IEC units powers of 1024, case-insensitive).
/// https://grafana.com/docs/loki/latest/query/log_queries/ "Label filter expression".
enum ByteSize {
    static let units: [String: Double] = [
        "": 1, "b": 1,
        "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12, "p": 1e15, "pb": 1e15,
        "e": 1e18, "eb": 1e18,
        "ki": 1024, "kib": 1024, "mi": 1_048_576, "mib": 1_048_576, "gi": 1_073_741_824, "gib": 1_073_741_824,
        "ti": 1_099_511_627_776, "tib": 1_099_511_627_776, "pi": 1_125_899_906_842_624, "pib": 1_125_899_906_842_624,
        "ei": 1_152_921_504_606_846_976, "eib": 1_152_921_504_606_846_976,
    ]

    /// The size in bytes, or nil when the text is not a size. Fractions are allowed (`1.5KB`).
    static func parse(_ text: String) -> Double? {
        let s = text.trimmingSpaces
        let numberEnd = s.firstIndex { !($0.isASCIIDigit || $0 == "." || $0 == ",") } ?? s.endIndex
        let digits = s[..<numberEnd].filter { $0 != "," }
        guard !digits.isEmpty, let n = Double(digits), n.isFinite, n >= 0 else { return nil }
        let unit = s[numberEnd...].trimmingSpaces.lowercased()
        guard let scale = units[unit] else { return nil }
        return n * scale
    }
}
