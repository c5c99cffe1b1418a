import TimeSeries

/// Warnings and infos a query produced, each already formatted as Prometheus prints it
/// (`PromQL warning: … (line:col)`).
public struct Annotations: Hashable, Sendable {
    public var warnings: [String] = []
    public var infos: [String] = []
    public init(warnings: [String] = [], infos: [String] = []) {
        self.warnings = warnings
        self.infos = infos
    }
    public var isEmpty: Bool { warnings.isEmpty && infos.isEmpty }
}

public struct QueryResult: Hashable, Sendable {
    public var value: QueryValue
    public var annotations: Annotations
    public init(value: QueryValue, annotations: Annotations = Annotations()) {
        self.value = value
        self.annotations = annotations
    }
}
