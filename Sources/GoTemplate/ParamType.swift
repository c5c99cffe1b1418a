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
