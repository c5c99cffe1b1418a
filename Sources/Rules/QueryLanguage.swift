/// The query language of the expressions in a rule file. The caller decides: Prometheus rule files hold PromQL,
/// Loki ruler files hold LogQL; nothing in the file itself says which.
public enum QueryLanguage: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case prometheus
    case loki

    public var description: String {
        switch self {
        case .prometheus: "PromQL"
        case .loki: "LogQL"
        }
    }
}

/// Which label and metric names are valid. Prometheus 3 defaults to UTF-8: any non-empty name.
public enum NameValidationScheme: String, Sendable, Hashable {
    case utf8
    case legacy
}
