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
