import TimeSeries

/// Compares the notifications of one window with an `exp_notifications` entry, order-insensitively, and
/// words a failure the way promtool words an `alert_rule_test` failure (expected, then got).
enum NotificationCheck {
    /// A notification reduced to what is compared, in a canonical order.
    struct Compared: Comparable {
        var receiver: String
        var groupLabels: [(String, String)]
        var status: NotificationStatus
        var alerts: [ComparedNotificationAlert]

        init(receiver: String, groupLabels: [String: String], status: NotificationStatus, alerts: [ComparedNotificationAlert]) {
            self.receiver = receiver
            self.groupLabels = groupLabels.filter { !$0.value.isEmpty }.map { ($0.key, $0.value) }.sorted { $0.0 < $1.0 }
            self.status = status
            self.alerts = alerts.sorted()
        }

        init(expected e: ExpectedNotification) {
            self.init(receiver: e.receiver, groupLabels: e.groupLabels, status: e.status, alerts: e.alerts.map {
                ComparedNotificationAlert(alert: ComparedAlert(labels: $0.labels, annotations: $0.annotations), status: $0.status)
            })
        }

        init(got n: CapturedNotification) {
            self.init(receiver: n.receiver, groupLabels: n.groupLabels, status: n.status, alerts: n.alerts.map {
                ComparedNotificationAlert(alert: ComparedAlert(labels: $0.labels, annotations: $0.annotations), status: $0.status)
            })
        }

        var text: String {
            "Receiver:\(receiver)\nGroupLabels:" + PromtoolFormat.labelList(groupLabels) + "\nStatus:\(status.rawValue)\nAlerts:"
                + PromtoolFormat.indent(NotificationCheck.list(alerts.map(\.text)), "  ")
        }

        static func == (a: Compared, b: Compared) -> Bool {
            a.receiver == b.receiver && a.groupLabels.elementsEqual(b.groupLabels, by: ==) && a.status == b.status
                && a.alerts == b.alerts
        }

        static func < (a: Compared, b: Compared) -> Bool {
            if a.receiver != b.receiver { return a.receiver < b.receiver }
            let g = ComparedAlert.compare(a.groupLabels, b.groupLabels)
            if g != 0 { return g < 0 }
            if a.status != b.status { return a.status < b.status }
            return a.alerts.lexicographicallyPrecedes(b.alerts)
        }
    }

    /// nil when `got` (the notifications of the window) is what `test` expects, otherwise the message.
    /// `windowStart` is the previous checked time (nil: the start of the test), for the message.
    static func check(_ test: NotificationTest, got captured: [CapturedNotification], windowStart: PromDuration?,
                      groupName: String) -> String? {
        let expected = test.notifications.map(Compared.init(expected:)).sorted()
        let got = captured.map(Compared.init(got:)).sorted()
        if expected == got { return nil }
        let name = groupName.isEmpty ? "" : "    name: \(groupName),\n"
        let window = windowStart.map { "after \($0)" } ?? "since the start"
        return "\(name)    notifications: time: \(test.evalTime) (sent \(window)), \n        exp:"
            + PromtoolFormat.indent(list(expected.map(\.text)), "            ") + ", \n        got:"
            + PromtoolFormat.indent(list(got.map(\.text)), "            ")
    }

    /// promtool's numbered list form: `[]`, or `[`, `0:` and the indented item, ..., `]`.
    static func list(_ items: [String]) -> String {
        if items.isEmpty { return "[]" }
        var out = "["
        for (i, item) in items.enumerated() {
            out += (i == 0 ? "\n" : ",\n") + "\(i):" + PromtoolFormat.indent("\n" + item, "  ")
        }
        return out + "\n]"
    }
}

/// An alert inside a notification: promtool's labels and annotations, and firing or resolved.
struct ComparedNotificationAlert: Comparable {
    var alert: ComparedAlert
    var status: NotificationStatus

    var text: String { alert.text + "\nStatus:\(status.rawValue)" }

    static func < (a: ComparedNotificationAlert, b: ComparedNotificationAlert) -> Bool {
        a.alert != b.alert ? a.alert < b.alert : a.status < b.status
    }
}
