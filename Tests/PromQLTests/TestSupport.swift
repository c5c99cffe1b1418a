import Foundation
@testable import PromQL

/// Where the shared conformance data is: `$VIGIL_CONFORMANCE_DIR/promql/testdata`, or nil when not set up.
enum TestData {
    static var conformanceTestdata: String? {
        guard let root = ProcessInfo.processInfo.environment["VIGIL_CONFORMANCE_DIR"], !root.isEmpty else { return nil }
        let dir = (root as NSString).appendingPathComponent("promql/testdata")
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { return nil }
        return dir
    }

    static var conformanceAvailable: Bool { conformanceTestdata != nil }

    struct EvalExpression {
        var file: String
        var line: Int
        var expr: String
    }

    /// The expression of every `eval*` heading in the promqltest scripts, file by file.
    static func evalExpressions() -> [(file: String, exprs: [EvalExpression])] {
        guard let dir = conformanceTestdata,
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        var result: [(String, [EvalExpression])] = []
        for name in names.sorted() where name.hasSuffix(".test") {
            let path = (dir as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            var exprs: [EvalExpression] = []
            for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let first = words.first, first.hasPrefix("eval"), words.count > 1 else { continue }
                // `eval instant at <t> <expr>` / `eval range from <a> to <b> step <s> <expr>`.
                let skip = words[1] == "range" ? 8 : 4
                guard let expr = dropWords(line, skip) else { continue }
                exprs.append(EvalExpression(file: name, line: i + 1, expr: expr))
            }
            result.append((name, exprs))
        }
        return result
    }

    /// The text after the first `n` whitespace-separated words.
    static func dropWords(_ line: String, _ n: Int) -> String? {
        var rest = Substring(line)
        for _ in 0..<n {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard !rest.isEmpty else { return nil }
            rest = rest.drop(while: { $0 != " " && $0 != "\t" })
        }
        let expr = rest.trimmingCharacters(in: .whitespaces)
        return expr.isEmpty ? nil : expr
    }
}

/// Expressions that exercise printing corners; every one must parse with `Options.all` and round-trip.
let trickyExpressions: [String] = [
    #"sum by (job) (rate(http_requests_total{job="api", code=~"5.."}[5m]))"#,
    #"sum(rate(x[5m])) without (instance)"#,
    #"a + on(b) group_left(c) d"#,
    #"a - ignoring() group_left c"#,
    #"a / on(x, y) group_right(z) b"#,
    #"a and on() b or c unless ignoring(d) e"#,
    #"a > bool 1"#,
    #"1 < bool 2"#,
    #"2 ^ 3 ^ 2"#,
    #"-2 ^ 2"#,
    #"-(2) ^ 2"#,
    #"- - 1"#,
    #"+x"#,
    #"-x offset 5m"#,
    #"x atan2 y"#,
    #"a </ b"#,
    #"a >/ b"#,
    #"(a + b) * c % d"#,
    #"a * (b + c)"#,
    #"1 + 2 * 3 - 4 / 5"#,
    #"foo offset -5m"#,
    #"foo @ 1609746000"#,
    #"foo @ -1.5 offset 1h"#,
    #"foo offset 1h @ start()"#,
    #"foo[5m] @ end() offset 10s"#,
    #"rate(foo[5m:30s] offset 1h)"#,
    #"max_over_time(rate(foo[1m])[1h:])"#,
    #"sum_over_time((a + b)[10m:1m] @ 100)"#,
    #"{"my.metric", "a.b"="c"}"#,
    #"{__name__=~"job:.*"}"#,
    #"{"0"="1"}"#,
    #"foo{a!~"b|c", d!="", e=~".+"}"#,
    #"label_replace(up, "dst", "$1", "src", "(.*)")"#,
    #"label_join(up, "x", ",", "a", "b", "c")"#,
    #"histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))"#,
    #"topk(5, x)"#,
    #"bottomk by (a) (3, x)"#,
    #"quantile without (b) (0.5, x)"#,
    #"count_values("value", x)"#,
    #"limitk(2, x)"#,
    #"limit_ratio(0.5, x)"#,
    #"group(x) by (a)"#,
    #"stddev(x) + stdvar(x)"#,
    #"vector(1) + scalar(x)"#,
    #"time() - timestamp(x)"#,
    #"0x1f + 1e3 + .5 + 5. + 1_000"#,
    #"Inf + -Inf + NaN + nan + inf"#,
    #"Inf ^ 2 + -Inf ^ x"#,
    #"1m + 2h30m"#,
    #"x[300]"#,
    #"x[1.5]"#,
    #""a\nb\"c" "#,
    #"'single \' quote'"#,
    #"`raw \n string`"#,
    #"sum(x) # trailing comment"#,
    "sum(\n  rate(x[5m])  # comment\n)",
    #"x[5m+1m]"#,
    #"x[(5m)]"#,
    #"x[-(5m) + 10m]"#,
    #"x[2m*(10+5)]"#,
    #"x[step()]"#,
    #"x[min_of(step()+1,1h)]"#,
    #"x offset (1h * 2)"#,
    #"x offset -step()"#,
    #"x offset -(5)"#,
    #"x[5m] anchored"#,
    #"x[5m] smoothed offset 1m"#,
    #"a + fill(0) b"#,
    #"a + fill_left(1) fill_right(2) b"#,
    #"a * on(x) group_left fill_right(-1) b"#,
    #"fill + fill"#,
    #"offset + sum + by"#,
    #"info(rate(x[5m]), {k8s_cluster_name=~".+"})"#,
    #"sort_by_label(x, "a", "b")"#,
    #"absent_over_time(nonexistent{job="x"}[1h])"#,
    #"predict_linear(x[1h], 3600) < 0"#,
    #"clamp(x, 0, 1)"#,
    #"round(x, 0.5)"#,
    #"day_of_week()"#,
    #"(((x)))"#,
    #"x @ start() offset -1m"#,
]
