import PromQL

/// PromQL parsing with every feature flag on, the printer, and the round trip: whatever parses must
/// print to text that parses again, to a tree that prints the same (Prometheus's printer promises
/// text that reads back as the same tree; rule lint and `vigil check` rely on it).
enum PromQLParseFuzz {
    static func run(_ text: String) {
        let expr: Expr
        do {
            expr = try PromQLParser.parseExpr(text, options: .all)
        } catch {
            // Error rendering computes a line and column from the input: exercise it.
            _ = error.description
            return
        }
        let printed = expr.description
        let again: Expr
        do {
            again = try PromQLParser.parseExpr(printed, options: .all)
        } catch {
            invariantFailed(.promqlParse, "printed form does not parse: \(printed.debugDescription) -> \(error)")
        }
        let reprinted = again.description
        if reprinted != printed {
            invariantFailed(.promqlParse, "printing is not stable: \(printed.debugDescription) -> \(reprinted.debugDescription)")
        }
        _ = try? PromQLParser.parseMetricSelector(text)
    }
}
