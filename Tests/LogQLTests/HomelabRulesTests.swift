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

// MARK: The homelab's LogQL alerts evaluated by the engine on synthetic Talos kernel logs.

/// Talos kernel log lines: routine ones, and the BTRFS and iSCSI failures the two alerts look for.
private let routineKernelLines = [
    "[  12.345678] eth0: Link is Up - 10Gbps/Full - flow control off",
    "[  13.000001] BTRFS info (device sdb): enabling ssd optimizations",
    "[  14.100000] scsi 2:0:0:0: Direct-Access     TrueNAS  iSCSI Disk       0123 PQ: 0 ANSI: 7",
]
private let btrfsLine = "[ 812.114512] BTRFS error (device sdb): parent transid verify failed on logical 30556160 mirror 1 wanted 87361 found 87102"
private let iscsiLine = "[ 790.002214] connection1:0: detected conn error (1020) iscsid: Kernel reported iSCSI connection 1:0 error (1020 - ISCSI_ERR_TCP_CONN_CLOSE: TCP connection closed) state (3)"

private func kernelStore(_ lines: [(Int64, String)]) throws -> LogStore {
    var s = LogStore()
    try s.append(lines.map { LogEntry(timestamp: $0.0 * second, line: $0.1) }, to: Labels(["job": "talos-kernel", "node": "talos-1"]))
    return s
}

@Test func homelabAlertsFireOnTheirPatternsAndStaySilentWithout() throws {
    let routine = routineKernelLines.enumerated().map { (Int64(100 + $0.offset * 10), $0.element) }
    let quiet = try kernelStore(routine)
    let failing = try kernelStore(routine + [(200, btrfsLine), (210, iscsiLine)])
    let btrfs = homelabRuleQueries[0], iscsi = homelabRuleQueries[1]
    for q in [btrfs, iscsi] {
        #expect(try instant(q, at: 240 * second, quiet) == [], "\(q) fired on routine logs")
        #expect(try instant(q, at: 240 * second, failing) == ["{} 1"], "\(q) did not fire")
        // Five minutes after the line, the window (t-5m, t] no longer holds it.
        #expect(try instant(q, at: 520 * second, failing) == [], "\(q) still firing after its window")
    }
    // Each alert matches its own failure only.
    #expect(try instant(btrfs, at: 240 * second, try kernelStore(routine + [(210, iscsiLine)])) == [])
    #expect(try instant(iscsi, at: 240 * second, try kernelStore(routine + [(200, btrfsLine)])) == [])
}
