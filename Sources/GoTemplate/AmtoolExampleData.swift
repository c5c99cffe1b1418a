import Foundation

extension AlertmanagerData {
    /// The data `amtool template render` (0.25) uses when no `--template.data` is given: receiver
    /// `receiver`, status `alertstatus`, two alerts that started 5 and 10 minutes before `now` and end
    /// at `now`, and group/common labels and annotations given explicitly (not derived from the alerts).
    /// Later amtool versions give the alerts the statuses `firing` and `resolved`; 0.25 does not.
    public static func amtoolExample(now: GoTime) -> AlertmanagerData {
        AlertmanagerData(
            receiver: "receiver", status: "alertstatus",
            alerts: [
                AlertmanagerAlert(
                    status: "alertstatus",
                    labels: ["label1": "value1", "label2": "value2", "instance": "foo.bar:1234",
                             "commonlabelkey1": "commonlabelvalue1", "commonlabelkey2": "commonlabelvalue2"],
                    annotations: ["annotation1": "value1", "annotation2": "value2",
                                  "commonannotationkey1": "commonannotationvalue1", "commonannotationkey2": "commonannotationvalue2"],
                    startsAt: now.adding(seconds: -5 * 60), endsAt: now,
                    generatorURL: "https://generatorurl.com", fingerprint: "fingerprint1"),
                AlertmanagerAlert(
                    status: "alertstatus",
                    labels: ["foo": "bar", "baz": "qux",
                             "commonlabelkey1": "commonlabelvalue1", "commonlabelkey2": "commonlabelvalue2"],
                    annotations: ["aaa": "bbb", "ccc": "ddd",
                                  "commonannotationkey1": "commonannotationvalue1", "commonannotationkey2": "commonannotationvalue2"],
                    startsAt: now.adding(seconds: -10 * 60), endsAt: now,
                    generatorURL: "https://generatorurl.com", fingerprint: "fingerprint2"),
            ],
            groupLabels: ["grouplabelkey1": "grouplabelvalue1", "grouplabelkey2": "grouplabelvalue2"],
            commonLabels: ["commonlabelkey1": "commonlabelvalue1", "commonlabelkey2": "commonlabelvalue2"],
            commonAnnotations: ["commonannotationkey1": "commonannotationvalue1", "commonannotationkey2": "commonannotationvalue2"],
            externalURL: "https://example.com")
    }
}

extension GoTime {
    /// The current time in the process's local zone, as Go's `time.Now()` prints it.
    public static func now(in zone: TimeZone = .current) -> GoTime {
        let date = Date()
        let t = GoTime(unixSeconds: date.timeIntervalSince1970)
        let offset = zone.secondsFromGMT(for: date)
        if offset == 0 && (zone.identifier == "UTC" || zone.identifier == "GMT" || zone.identifier.hasPrefix("Etc/")) {
            return t
        }
        return GoTime(seconds: t.seconds, nanoseconds: t.nanoseconds, offset: offset,
                      zone: AlertmanagerFunctions.zoneAbbreviation(zone, date, offset))
    }

    /// `t.Add(d)` for whole seconds, keeping the zone.
    func adding(seconds: Int64) -> GoTime {
        GoTime(seconds: self.seconds + seconds, nanoseconds: nanoseconds, offset: offset, zone: zone)
    }
}
