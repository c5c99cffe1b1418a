import LogQL

/// LogQL parsing and validation, the printer, and its round trip: what parses must print to text that
/// parses to the same tree.
enum LogQLParseFuzz {
    static func run(_ text: String) {
        let expr: LogQLExpr
        do {
            expr = try LogQLParser.parseExpr(text)
        } catch {
            _ = error.description
            return
        }
        _ = expr.isMetricQuery
        let printed = expr.description
        let again: LogQLExpr
        do {
            again = try LogQLParser.parseExpr(printed)
        } catch {
            invariantFailed(.logqlParse, "printed form does not parse: \(printed.debugDescription) -> \(error)")
        }
        if again != expr {
            invariantFailed(.logqlParse, "printed form parses to another tree: \(printed.debugDescription) -> \(again.description.debugDescription)")
        }
    }
}
