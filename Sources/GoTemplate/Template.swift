import TimeSeries
// GoTemplate: Go `text/template` semantics in Swift.
//
//     let t = try Template(name: "x", text: "{{ range . }}{{ . | printf \"%03d\" }}{{ end }}")
//     try t.execute([1, 2])                                   // "001002"
//     try Template.parse(name: "v", text: src, functions: .prometheus)   // validation only
//
// Pieces: TemplateLexer → TemplateParser (TemplateNode trees) → Executor over TemplateValue data.
// Function sets: FunctionSet.builtins / .prometheus / .alertmanager / .loki; GoFormat is Go's fmt.
// Prometheus alert expansion: PrometheusAlertExpander; Alertmanager: AlertmanagerTemplate + AlertmanagerData.
// Behaviour is checked against real Go output (scripts/golden, Tests/GoTemplateTests/Fixtures).

/// A parsed Go `text/template` with its associated (`define`d) templates.
public struct Template: Sendable {
    /// Go's `missingkey` option.
    public enum MissingKey: Sendable {
        /// `missingkey=default`/`invalid`: a missing map key is "no value" (prints `<no value>`).
        case invalid
        /// `missingkey=zero`: the map element type's zero value (Prometheus and Alertmanager use this).
        case zero
        /// `missingkey=error`: execution stops with an error.
        case error
    }

    public let name: String
    public var functions: FunctionSet { functionSet }
    private var functionSet: FunctionSet
    public var missingKey: MissingKey
    /// Action delimiters (Go's `Delims`), `{{` and `}}` by default.
    public let leftDelimiter: String
    public let rightDelimiter: String
    var trees: [String: ParseTree]

    /// Parses `text` as the template `name`; `define`/`block` bodies become associated templates.
    public init(name: String, text: String, functions: FunctionSet = .builtins, missingKey: MissingKey = .invalid,
                leftDelimiter: String = "{{", rightDelimiter: String = "}}") throws(TemplateError) {
        self.name = name
        self.functionSet = functions
        self.missingKey = missingKey
        self.leftDelimiter = leftDelimiter.isEmpty ? "{{" : leftDelimiter
        self.rightDelimiter = rightDelimiter.isEmpty ? "}}" : rightDelimiter
        self.trees = [:]
        try addParse(name: name, text: text)
    }

    /// This template with another function set of the same names, e.g. one bound to another evaluation's
    /// query and time: a parsed template can then be reused instead of parsed again.
    public func with(functions other: FunctionSet) -> Template {
        var copy = self
        copy.functionSet = other
        return copy
    }

    /// Parses without executing (validation). Unknown functions are parse errors.
    @discardableResult
    public static func parse(name: String, text: String, functions: FunctionSet = .builtins) throws(TemplateError) -> Template {
        try Template(name: name, text: text, functions: functions)
    }

    /// Parses more text into this template's namespace (Go's `t.New(name).Parse(text)`).
    public mutating func define(name: String, text: String) throws(TemplateError) {
        try addParse(name: name, text: text)
    }

    mutating func addParse(name: String, text: String) throws(TemplateError) {
        var parser = TemplateParser(name: name, text: text, functions: functions.names,
                                    leftDelimiter: leftDelimiter, rightDelimiter: rightDelimiter)
        do {
            // The parser recurses once per nesting level: run it where deep input cannot overflow the stack.
            try LargeStack.run { () throws(TemplateParser.Failure) in try parser.parse() }
        } catch {
            throw TemplateError(kind: .parse, message: error.message, templateName: name, line: error.line,
                                column: parser.failureOffset.map { Template.byteColumn(of: $0, in: text) } ?? 0)
        }
        for treeName in parser.treeOrder {
            guard let tree = parser.trees[treeName] else { continue }
            if let old = trees[treeName], tree.isEmpty, !old.root.isEmpty { continue }
            trees[treeName] = tree
        }
    }

    /// Bytes between the start of the line holding `offset` and `offset` (Go counts columns in bytes).
    static func byteColumn(of offset: Int, in text: String) -> Int {
        let bytes = text.utf8.prefix(offset)
        guard let newline = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return bytes.count }
        return bytes.distance(from: bytes.index(after: newline), to: bytes.endIndex)
    }

    /// Names of all templates in the namespace, sorted.
    public var templateNames: [String] { trees.keys.sorted() }

    /// Executes the main template.
    public func execute(_ data: TemplateValue) throws(TemplateError) -> String {
        try executeTemplate(named: name, data: data)
    }

    /// Executes an associated template by name (Go's `ExecuteTemplate`).
    public func executeTemplate(named templateName: String, data: TemplateValue) throws(TemplateError) -> String {
        guard let tree = trees[templateName] else {
            throw TemplateError(kind: .other, message: "template: no template \(GoQuote.quote(templateName)) associated with template \(GoQuote.quote(name))", templateName: name)
        }
        let executor = Executor(templates: trees, functions: functions, missingKey: missingKey, tree: tree, data: data)
        return try LargeStack.run { () throws(TemplateError) in try executor.run() }
    }
}
