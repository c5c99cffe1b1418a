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

    /// Rule files with PromQL expressions under `$VIGIL_CORPUS_DIR` (the shared corpus). Files of LogQL
    /// rules are left out.
    static let logqlFiles: Set<String> = ["alerting-rules.yaml", "loki-values.yaml"]

    static var corpusDir: String? {
        guard let root = ProcessInfo.processInfo.environment["VIGIL_CORPUS_DIR"], !root.isEmpty,
              FileManager.default.fileExists(atPath: root) else { return nil }
        return root
    }

    @Test func corpusSkippedNotice() {
        if RoundTripTests.corpusDir == nil { print("PromQL corpus round trip: SKIPPED (VIGIL_CORPUS_DIR not set)") }
    }

    @Test(.enabled(if: RoundTripTests.corpusDir != nil, "VIGIL_CORPUS_DIR not set"))
    func corpusRuleExpressions() throws {
        let root = try #require(RoundTripTests.corpusDir)
        let walker = try #require(FileManager.default.enumerator(atPath: root))
        var count = 0
        var files = 0
        for case let relative as String in walker {
            let name = (relative as NSString).lastPathComponent
            guard name.hasSuffix(".yml") || name.hasSuffix(".yaml"), !RoundTripTests.logqlFiles.contains(name),
                  let text = try? String(contentsOfFile: (root as NSString).appendingPathComponent(relative), encoding: .utf8)
            else { continue }
            let exprs = RuleExprExtractor.exprs(inYAML: text)
            if !exprs.isEmpty { files += 1 }
            for e in exprs {
                count += 1
                RoundTripTests.roundTrip(e, sourceLabel: "[\(relative)] ")
            }
        }
        print("PromQL corpus round trip: \(count) expressions from \(files) files")
        #expect(count > 1000)
    }

    /// Development aid: `VIGIL_PROMQL_EXPR_FILE` may name a file of NUL-separated expressions (for example
    /// the `expr:` fields of a rule corpus, dumped by a YAML tool); each must parse and round-trip.
    static var expressionFilePath: String? {
        guard let path = ProcessInfo.processInfo.environment["VIGIL_PROMQL_EXPR_FILE"], !path.isEmpty else { return nil }
        return path
    }

    @Test(.enabled(if: expressionFilePath != nil, "development aid: set VIGIL_PROMQL_EXPR_FILE to a file of NUL-separated expressions"))
    func expressionFile() throws {
        let text = try String(contentsOfFile: try #require(Self.expressionFilePath), encoding: .utf8)
        let exprs = text.split(separator: "\0").map(String.init)
        for e in exprs { RoundTripTests.roundTrip(e, sourceLabel: "[file] ") }
        print("PromQL expression file: \(exprs.count) expressions checked")
    }
}
