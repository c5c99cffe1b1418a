import Testing
import TimeSeries
@testable import LogQL

/// The `expr:` queries of the homelab's Loki rule file (`corpus/homelab/alerting-rules.yaml`), copied by hand.
let homelabRuleQueries: [String] = [
    #"sum(count_over_time({job="talos-kernel"} |= "parent transid verify failed" [5m])) > 0"#,
    #"sum(count_over_time({job="talos-kernel"} |~ "(?i)(iscsid|iscsi).*(error|failed|timeout|lost)" [5m])) > 0"#,
]

@Test(arguments: homelabRuleQueries)
func homelabRuleParses(_ query: String) throws {
    let expr = try LogQLParser.parseExpr(query)
    #expect(expr.isMetricQuery)
    #expect(expr.matchers == [[try LabelMatcher(.equal, "job", "talos-kernel")]])
    #expect(try LogQLParser.parseExpr(expr.description) == expr)
}
