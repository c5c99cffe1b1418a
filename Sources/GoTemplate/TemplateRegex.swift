import TimeSeries

/// Go `regexp` operations used by template functions (`match`, `reReplaceAll`, `regexReplaceAll`, ...), on
/// TimeSeries's `GoRegex`, which has Go's syntax, semantics and error texts.
enum TemplateRegex {
    static func compile(_ pattern: String) throws(FunctionError) -> GoRegex {
        do {
            return try GoRegex(pattern)
        } catch {
            throw FunctionError(error.message)
        }
    }

    /// regexp's `quote`: backquoted when possible.
    static func goQuote(_ s: String) -> String {
        if !s.contains("`") && s.unicodeScalars.allSatisfy({ $0 == "\t" || (GoQuote.isPrint($0) && $0 != "\u{FEFF}") }) {
            return "`" + s + "`"
        }
        return GoQuote.quote(s)
    }

    /// `regexp.MatchString`.
    static func matchString(_ pattern: String, _ s: String) throws(FunctionError) -> Bool {
        try compile(pattern).matches(s)
    }

    /// `regexp.MustCompile(pattern).ReplaceAllString(src, repl)` (or `ReplaceAllLiteralString`); the panic
    /// of `MustCompile` is reported as Go prints it.
    static func replaceAll(_ pattern: String, _ repl: String, _ src: String, literal: Bool = false) throws(FunctionError) -> String {
        let re: GoRegex
        do {
            re = try GoRegex(pattern)
        } catch {
            throw FunctionError("regexp: Compile(\(goQuote(pattern))): \(error.message)")
        }
        return literal ? re.replaceAllLiteral(src, with: repl) : re.replaceAll(src, with: repl)
    }

    /// `len(regexp.MustCompile(pattern).FindAllStringIndex(s, -1))`.
    static func countMatches(_ pattern: String, _ s: String) throws(FunctionError) -> Int {
        try compile(pattern).countMatches(s)
    }
}
