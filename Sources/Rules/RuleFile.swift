import TimeSeries

/// One rule file as Prometheus sees it: a plain `groups:` file, the `spec` of one PrometheusRule, or one
/// `data` entry of a ConfigMap. Group names are unique within one rule file, and promtool's duplicate-rule lint
/// looks at one rule file at a time.
public struct RuleFile: Sendable, Hashable {
    /// Where the rule file came from inside the loaded file.
    public enum Origin: Sendable, Hashable, CustomStringConvertible {
        /// A plain rule file (the loaded file itself).
        case plain
        /// The `spec` of a PrometheusRule manifest; `document` is the 1-based YAML document number.
        case prometheusRule(name: String?, namespace: String?, document: Int)
        /// A `data` entry of a ConfigMap.
        case configMap(name: String?, namespace: String?, key: String, document: Int)

        public var description: String {
            func qualified(_ name: String?, _ namespace: String?) -> String {
                let n = name ?? "<unnamed>"
                return namespace.map { "\($0)/\(n)" } ?? n
            }
            switch self {
            case .plain: return "rule file"
            case let .prometheusRule(name, namespace, _): return "PrometheusRule \(qualified(name, namespace))"
            case let .configMap(name, namespace, key, _): return "ConfigMap \(qualified(name, namespace)) key \(key)"
            }
        }
    }

    public var origin: Origin
    public var language: QueryLanguage
    public var groups: [RuleGroup]
    /// Position of the `groups:` key (or of the ConfigMap entry), in the outer file.
    public var position: SourcePosition

    public init(origin: Origin, language: QueryLanguage, groups: [RuleGroup], position: SourcePosition) {
        self.origin = origin
        self.language = language
        self.groups = groups
        self.position = position
    }

    /// The number of rules, as `promtool check rules` counts them.
    public var ruleCount: Int { groups.reduce(0) { $0 + $1.rules.count } }
}

/// A group of rules evaluated together, in order.
public struct RuleGroup: Sendable, Hashable {
    public var name: String
    /// `interval`; nil means the global evaluation interval.
    public var interval: PromDuration?
    /// `query_offset`; nil means the global default.
    public var queryOffset: PromDuration?
    /// `limit`; 0 means no limit.
    public var limit: Int
    /// `labels` added to every rule of the group (a rule's own labels win).
    public var labels: [LabelEntry]
    public var rules: [Rule]
    /// The prometheus-operator's `partial_response_strategy` (Thanos only); accepted in PrometheusRule manifests.
    public var partialResponseStrategy: String?
    public var positions: FieldPositions

    public init(
        name: String, interval: PromDuration? = nil, queryOffset: PromDuration? = nil, limit: Int = 0,
        labels: [LabelEntry] = [], rules: [Rule] = [], partialResponseStrategy: String? = nil,
        positions: FieldPositions = FieldPositions()
    ) {
        self.name = name
        self.interval = interval
        self.queryOffset = queryOffset
        self.limit = limit
        self.labels = labels
        self.rules = rules
        self.partialResponseStrategy = partialResponseStrategy
        self.positions = positions
    }
}

/// An alerting or a recording rule.
public struct Rule: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case alerting
        case recording
    }

    public var kind: Kind
    /// `alert` for alerting rules, `record` for recording rules.
    public var name: String
    public var expr: String
    /// `for`; nil when absent.
    public var `for`: PromDuration?
    /// `keep_firing_for`; nil when absent.
    public var keepFiringFor: PromDuration?
    public var labels: [LabelEntry]
    public var annotations: [LabelEntry]
    public var positions: FieldPositions
    /// Maps positions inside `expr` to the outer file (for errors found later, when the rule is evaluated).
    public var exprSourceMap: ScalarSourceMap?

    public init(
        kind: Kind, name: String, expr: String, for: PromDuration? = nil, keepFiringFor: PromDuration? = nil,
        labels: [LabelEntry] = [], annotations: [LabelEntry] = [], positions: FieldPositions = FieldPositions(),
        exprSourceMap: ScalarSourceMap? = nil
    ) {
        self.kind = kind
        self.name = name
        self.expr = expr
        self.for = `for`
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
        self.positions = positions
        self.exprSourceMap = exprSourceMap
    }

    public var isAlerting: Bool { kind == .alerting }

    /// The outer-file position of a 1-based position inside `expr`.
    public func position(inExpr position: SourcePosition) -> SourcePosition? {
        if let exprSourceMap { return exprSourceMap.outerPosition(of: position) }
        return positions.value("expr")
    }

    public static func == (lhs: Rule, rhs: Rule) -> Bool {
        lhs.kind == rhs.kind && lhs.name == rhs.name && lhs.expr == rhs.expr && lhs.for == rhs.for
            && lhs.keepFiringFor == rhs.keepFiringFor && lhs.labels == rhs.labels && lhs.annotations == rhs.annotations
            && lhs.positions == rhs.positions
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(name)
        hasher.combine(expr)
        hasher.combine(positions)
    }
}

/// A label or an annotation: name, value, and where both were written.
public struct LabelEntry: Sendable, Hashable {
    public var name: String
    public var value: String
    public var namePosition: SourcePosition
    public var valuePosition: SourcePosition
    /// Maps positions inside `value` to the outer file (for template errors).
    public var valueSourceMap: ScalarSourceMap?

    public init(
        name: String, value: String, namePosition: SourcePosition, valuePosition: SourcePosition,
        valueSourceMap: ScalarSourceMap? = nil
    ) {
        self.name = name
        self.value = value
        self.namePosition = namePosition
        self.valuePosition = valuePosition
        self.valueSourceMap = valueSourceMap
    }

    public static func == (lhs: LabelEntry, rhs: LabelEntry) -> Bool {
        lhs.name == rhs.name && lhs.value == rhs.value && lhs.namePosition == rhs.namePosition
            && lhs.valuePosition == rhs.valuePosition
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(value)
        hasher.combine(namePosition)
    }
}

/// Where each field of a group or a rule was written in the outer file, by YAML field name (`expr`, `for`,
/// `keep_firing_for`, ...): the key's position and the value's. `start` is the position of the mapping itself.
public struct FieldPositions: Sendable, Hashable {
    public var start: SourcePosition
    public var keys: [String: SourcePosition]
    public var values: [String: SourcePosition]

    public init(start: SourcePosition = SourcePosition(line: 1, column: 1), keys: [String: SourcePosition] = [:], values: [String: SourcePosition] = [:]) {
        self.start = start
        self.keys = keys
        self.values = values
    }

    public func key(_ field: String) -> SourcePosition? { keys[field] }
    public func value(_ field: String) -> SourcePosition? { values[field] }
}

extension Array where Element == LabelEntry {
    /// The entries as a dictionary (a later entry with the same name wins, as in Go maps).
    public var dictionary: [String: String] {
        var out: [String: String] = [:]
        for e in self { out[e.name] = e.value }
        return out
    }

    public subscript(name: String) -> String? { last { $0.name == name }?.value }
}
