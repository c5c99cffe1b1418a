/// Rules for label and metric names.
///
/// Prometheus 3 accepts any UTF-8 name (written quoted in PromQL); the legacy pattern decides whether a
/// name can be written bare.
public enum LabelNames {
    /// `[a-zA-Z_][a-zA-Z0-9_]*`
    public static func isValidLegacyLabelName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        guard isLetterOrUnderscore(first) else { return false }
        return name.utf8.allSatisfy { isLetterOrUnderscore($0) || ($0 >= 48 && $0 <= 57) }
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`
    public static func isValidLegacyMetricName(_ name: String) -> Bool {
        guard let first = name.utf8.first else { return false }
        guard isLetterOrUnderscore(first) || first == 58 else { return false }
        return name.utf8.allSatisfy { isLetterOrUnderscore($0) || ($0 >= 48 && $0 <= 57) || $0 == 58 }
    }

    /// Prometheus 3's UTF-8 scheme: any non-empty valid UTF-8 string. Swift strings are always valid UTF-8.
    public static func isValidUTF8Name(_ name: String) -> Bool { !name.isEmpty }

    private static func isLetterOrUnderscore(_ b: UInt8) -> Bool {
        (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
    }
}
