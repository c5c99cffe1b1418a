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
