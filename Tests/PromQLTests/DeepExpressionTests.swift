import Testing
import TimeSeries
@testable import PromQL

/// Prometheus parses and evaluates very tall trees (a 10,000-term sum, 10,000 nested parentheses, unary
/// minuses or calls): Go's stacks grow. Each test runs on a thread with a 512 KiB stack, the size of a
/// secondary thread on Darwin, and does everything there: parse, print, compare, evaluate, release.
@Suite struct DeepExpressionTests {
    static let smallStack = 512 << 10

    /// Runs `body` on a small-stack thread, as a service's worker would.
    static func onSmallStack(_ body: () -> Void) {
        let ran = LargeStack.run(size: smallStack) { body(); return true }
        #expect(ran == true)
    }

    static var store: SeriesStore {
        var s = SeriesStore()
        for i in 0...10 { s.append(Labels([Label("__name__", "up"), Label("job", "a")]), t: Int64(i) * 60_000, v: Double(i + 1)) }
        return s
    }

    struct Shape: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        /// The instant query's result at 60s: one sample, its value (`up` is 2 there).
        var value: Double
        var testDescription: String { name }
    }

    static let n = 10_000

    static let shapes: [Shape] = [
        Shape(name: "sum of 10,000 terms", text: Array(repeating: "up", count: n).joined(separator: " + "), value: 2 * Double(n)),
        Shape(name: "10,000 nested parentheses", text: String(repeating: "(", count: n) + "up" + String(repeating: ")", count: n), value: 2),
        Shape(name: "10,000 unary minuses", text: String(repeating: "-", count: n) + "up", value: 2),
        Shape(name: "10,000 nested calls", text: String(repeating: "abs(", count: n) + "up" + String(repeating: ")", count: n), value: 2),
        Shape(name: "10,000 nested sums", text: String(repeating: "sum(", count: n) + "up" + String(repeating: ")", count: n), value: 2),
        Shape(name: "right-nested 10,000 terms", text: String(repeating: "(up + ", count: n - 1) + "up" + String(repeating: ")", count: n - 1),
              value: 2 * Double(n)),
        Shape(name: "10,000 powers", text: Array(repeating: "1", count: n).joined(separator: " ^ "), value: 1),
        Shape(name: "1,000 nested subqueries", text: String(repeating: "last_over_time(", count: 1_000) + "up" + String(repeating: "[1m:])", count: 1_000),
              value: 2),
    ]

    @Test(arguments: shapes)
    func parsesPrintsAndEvaluates(_ shape: Shape) {
        DeepExpressionTests.onSmallStack {
            let expr: Expr
            do throws(PromQLError) { expr = try PromQLParser.parseExpr(shape.text) } catch {
                Issue.record("parse: \(error.message)")
                return
            }
            #expect(expr.height >= 1_000)
            // Printing and parsing the text back gives the same tree (== is iterative).
            let printed = expr.description
            #expect((try? PromQLParser.parseExpr(printed)) == expr)
            // Evaluation, as an instant and as a range query.
            do throws(QueryError) {
                let result = try Engine().instantQuery(expr, at: 60_000, source: DeepExpressionTests.store)
                switch result.value {
                case .vector(let v): #expect(v.map(\.value) == [shape.value])
                case .scalar(_, let v): #expect(v == shape.value)
                default: Issue.record("unexpected result \(result.value)")
                }
                let range = try Engine().rangeQuery(expr, start: 0, end: 120_000, step: 60_000, source: DeepExpressionTests.store)
                guard case .matrix(let m) = range.value else { Issue.record("not a matrix"); return }
                #expect(m.count == 1)
            } catch {
                Issue.record("evaluate: \(error.message)")
            }
            // `expr` and every copy are released here, on the small stack.
        }
    }

    @Test func walkAndTypeAreCheapOnTallTrees() {
        DeepExpressionTests.onSmallStack {
            guard let expr = try? PromQLParser.parseExpr(Array(repeating: "up", count: 20_000).joined(separator: " * ")) else {
                Issue.record("parse failed")
                return
            }
            #expect(expr.type == .vector)
            #expect(expr.height == 20_000)
            #expect(expr.vectorSelectors.count == 20_000)
            // A tree built in code and released without ever being evaluated.
            var built = Expr.number(NumberLiteral(value: 1, range: SourceRange(start: 0, end: 1)))
            for _ in 0..<100_000 {
                built = .unary(UnaryExpr(op: .minus, expr: built, range: SourceRange(start: 0, end: 1)))
            }
            #expect(built.height == 100_001)
            #expect(built == built)
        }
    }

    @Test func theLimitIsFiftyThousandLevels() {
        let limit = PromQLParser.Options().maxNestingDepth
        #expect(limit == 50_000)
        DeepExpressionTests.onSmallStack {
            let atLimit = Array(repeating: "up", count: limit).joined(separator: " + ")
            #expect((try? PromQLParser.parseExpr(atLimit))?.height == limit)
            let message = "expression nested too deeply (more than 50000 levels)"
            for text in [
                Array(repeating: "up", count: limit + 1).joined(separator: " + "),
                String(repeating: "(", count: limit + 1) + "up" + String(repeating: ")", count: limit + 1),
                String(repeating: "-", count: limit + 1) + "up",
                "up" + String(repeating: "[1m:]", count: limit + 1),
            ] {
                do throws(PromQLError) {
                    _ = try PromQLParser.parseExpr(text)
                    Issue.record("a tree taller than the limit parsed")
                } catch {
                    #expect(error.message.hasSuffix(message), "\(error.message)")
                }
            }
        }
    }

    @Test func durationExpressionsHaveTheirOwnLimit() {
        var options = PromQLParser.Options.all
        options.maxDurationDepth = 100
        // The parenthesised expression is one level, each operator one more: 98 terms make 98 levels.
        let ok = "up offset (" + Array(repeating: "1m", count: 98).joined(separator: " + ") + ")"
        #expect((try? PromQLParser.parseExpr(ok, options: options)) != nil)
        for text in ["up offset (" + Array(repeating: "1m", count: 102).joined(separator: " + ") + ")",
                     "up[" + String(repeating: "-(", count: 101) + "1m" + String(repeating: ")", count: 101) + "]"] {
            do throws(PromQLError) {
                _ = try PromQLParser.parseExpr(text, options: options)
                Issue.record("a duration expression deeper than the limit parsed")
            } catch {
                #expect(error.message.contains("duration expression nested too deeply (more than 100 levels)"), "\(error.message)")
            }
        }
    }
}
