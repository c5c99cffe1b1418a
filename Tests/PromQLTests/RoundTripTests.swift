import Foundation
import Testing
@testable import PromQL

/// `parse(print(parse(x))) == parse(x)`, and printing is a fixed point after one round.
@Suite struct RoundTripTests {
    static func roundTrip(_ input: String, sourceLabel: String = "") {
        let expr: Expr
        do {
            expr = try PromQLParser.parseExpr(input, options: .all)
        } catch {
            Issue.record("does not parse: \(sourceLabel)\(input): \(error)")
            return
        }
        let printed = expr.description
        do {
            let again = try PromQLParser.parseExpr(printed, options: .all)
            #expect(again == expr, "tree changed: \(input) -> \(printed)")
            #expect(again.description == printed, "printing is not stable: \(printed) -> \(again.description)")
        } catch {
            Issue.record("printed form does not parse: \(input) -> \(printed): \(error)")
        }
    }

    @Test(arguments: trickyExpressions)
    func tricky(_ input: String) {
        RoundTripTests.roundTrip(input)
    }

    /// Development aid: `VIGIL_PROMQL_EXPR_FILE` may name a file of NUL-separated expressions (for example
    /// the `expr:` fields of a rule corpus, dumped by a YAML tool); each must parse and round-trip.
    @Test func expressionFile() throws {
        guard let path = ProcessInfo.processInfo.environment["VIGIL_PROMQL_EXPR_FILE"], !path.isEmpty,
              let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            print("PromQL expression file: SKIPPED (VIGIL_PROMQL_EXPR_FILE not set)")
            return
        }
        let exprs = text.split(separator: "\0").map(String.init)
        for e in exprs { RoundTripTests.roundTrip(e, sourceLabel: "[file] ") }
        print("PromQL expression file: \(exprs.count) expressions checked")
    }
}
