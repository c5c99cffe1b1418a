import Foundation
import Storage

/// The text table of `vigil history`: alert changes and notification attempts merged, newest first.
///
/// ```
/// TIME                      KIND          ALERTNAME/RECEIVER  STATE/OUTCOME           ERROR
/// 2026-01-02T03:04:35.000Z  notification  team/webhook[0]     success (attempt 2)
/// 2026-01-02T03:04:05.000Z  alert         Down                firing (new)
/// ```
enum HistoryTable {
    static func render(_ result: HistoryResult, limit: Int) -> String {
        var rows: [(time: Date, id: Int64, cells: [String])] = []
        for a in result.alerts {
            let note = a.change == .state ? "" : " (\(a.change.rawValue))"
            rows.append((a.time, a.id, [HistoryJSON.format(a.time), "alert", a.alertname, a.state.rawValue + note, ""]))
        }
        for n in result.notifications {
            let note = n.attempt > 1 ? " (attempt \(n.attempt))" : ""
            let error = (n.error ?? "").replacingOccurrences(of: "\n", with: " ")
            rows.append((n.time, n.id, [HistoryJSON.format(n.time), "notification", "\(n.receiver)/\(n.integration)[\(n.integrationIndex)]",
                                        n.outcome.rawValue + note, error]))
        }
        rows.sort { ($0.time, $0.id) > ($1.time, $1.id) }
        if rows.count > limit { rows.removeLast(rows.count - limit) }
        if rows.isEmpty { return "No history matches.\n" }
        let header = ["TIME", "KIND", "ALERTNAME/RECEIVER", "STATE/OUTCOME", "ERROR"]
        let all = [header] + rows.map(\.cells)
        var widths = header.map { _ in 0 }
        for row in all { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in all {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] + 2 - cell.count)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }
}
