/// The Go parameter type a template function declares; arguments are checked and converted like
/// `text/template`'s `evalArg`/`validateType`.
public enum ParamType: Sendable, Equatable {
    /// `interface {}`: anything, number literals become `int` or `float64`.
    case any
    case string
    case int
    case float
    case bool
    /// `[]string`
    case stringList
    /// `map[string]string`
    case stringMap
    case time
    case duration
    /// A named object type (`*template.sample`), matched on `TemplateObject.typeName`.
    case object(String)
    /// `reflect.Value` (Go's builtins): like `.any`, but a missing value stays missing.
    case reflectValue

    public var goName: String {
        switch self {
        case .reflectValue: return "reflect.Value"
        case .any: return "interface {}"
        case .string: return "string"
        case .int: return "int"
        case .float: return "float64"
        case .bool: return "bool"
        case .stringList: return "[]string"
        case .stringMap: return "map[string]string"
        case .time: return "time.Time"
        case .duration: return "time.Duration"
        case .object(let n): return n
        }
    }
}

/// A function callable from templates.
public struct TemplateFunction: Sendable {
    enum Special: Sendable { case none, and, or, call }
    public let name: String
    public let params: [ParamType]
    /// The element type of a trailing `...` parameter.
    public let variadic: ParamType?
    let special: Special
    public let body: @Sendable ([TemplateValue]) throws(FunctionError) -> TemplateValue

    public init(_ name: String, params: [ParamType], variadic: ParamType? = nil,
                body: @escaping @Sendable ([TemplateValue]) throws(FunctionError) -> TemplateValue) {
        self.name = name
        self.params = params
        self.variadic = variadic
        self.special = .none
        self.body = body
    }

    init(_ name: String, special: Special) {
        self.name = name
        self.params = [.reflectValue]
        self.variadic = .reflectValue
        self.special = special
        self.body = { _ throws(FunctionError) in .null }
    }

    var goSignature: String {
        var ps = params.map(\.goName)
        if let v = variadic { ps.append("..." + v.goName) }
        return "func(" + ps.joined(separator: ", ") + ")"
    }
}

/// A named set of template functions (Go's `FuncMap` plus the builtins).
public struct FunctionSet: Sendable {
    public private(set) var functions: [String: TemplateFunction]

    public init(_ functions: [TemplateFunction] = []) {
        self.functions = [:]
        for f in functions { self.functions[f.name] = f }
    }

    public var names: Set<String> { Set(functions.keys) }

    public subscript(name: String) -> TemplateFunction? { functions[name] }

    /// A copy with `extra` added (replacing same-named functions).
    public func adding(_ extra: [TemplateFunction]) -> FunctionSet {
        var copy = self
        for f in extra { copy.functions[f.name] = f }
        return copy
    }

    /// Go's builtin functions only.
    public static let builtins = FunctionSet(Builtins.all)
}
