import Foundation
import Testing
@testable import GoTemplate

/// A template parsed once reads the time at each execution (the router keeps its templates for hours).
struct AlertmanagerClockTests {
    final class Now: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Double
        init(_ v: Double) { value = v }
        var current: Double {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }

    @Test func sinceReadsTheClockAtEachExecution() throws {
        let now = Now(1_700_000_060)
        let template = try AlertmanagerTemplate(context: AlertmanagerTemplateContext(clock: { now.current }))
        let data = AlertmanagerData(receiver: "r", status: "firing", alerts: [
            AlertmanagerAlert(status: "firing", labels: ["alertname": "A"], startsAt: GoTime(seconds: 1_700_000_000)),
        ])
        let text = "{{ range .Alerts }}{{ since .StartsAt }}{{ end }}"
        #expect(try template.executeText(text, data: data) == "1m0s")
        now.current = 1_700_003_600
        #expect(try template.executeText(text, data: data) == "1h0m0s")
    }
}
