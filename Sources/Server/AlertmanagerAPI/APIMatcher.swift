import Routing

/// `matcher` of the API: a name, a value, and two flags for the operator (`isEqual` false negates;
/// `isRegex` makes the value a regex). Written with its fields alphabetically, as Alertmanager does.
public struct APIMatcher: Sendable, Hashable {
    public var name: String
    public var value: String
    public var isRegex: Bool
    public var isEqual: Bool

    public init(name: String, value: String, isRegex: Bool, isEqual: Bool = true) {
        self.name = name
        self.value = value
        self.isRegex = isRegex
        self.isEqual = isEqual
    }

    public init(_ m: SilenceMatcher) {
        self.init(name: m.name, value: m.pattern, isRegex: m.type == .regexMatch || m.type == .regexNoMatch,
                  isEqual: m.type == .equal || m.type == .regexMatch)
    }

    public var silenceMatcher: SilenceMatcher {
        switch (isEqual, isRegex) {
        case (true, false): SilenceMatcher(.equal, name, value)
        case (false, false): SilenceMatcher(.notEqual, name, value)
        case (true, true): SilenceMatcher(.regexMatch, name, value)
        case (false, true): SilenceMatcher(.regexNoMatch, name, value)
        }
    }

    public var json: JSONValue {
        .object([("isEqual", .bool(isEqual)), ("isRegex", .bool(isRegex)), ("name", .string(name)), ("value", .string(value))])
    }
}
