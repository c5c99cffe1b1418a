import Foundation
import GoTemplate
import Routing
@testable import Notifiers

/// Shared test data and helpers.
enum Fixtures {
    static let start = GoTime(seconds: 1_714_557_600, nanoseconds: 123_456_789)  // 2024-05-01T10:00:00.123456789Z

    static func data(receiver: String = "team", alerts: [AlertmanagerAlert]? = nil) -> AlertmanagerData {
        let list = alerts ?? [
            AlertmanagerAlert(status: "firing", labels: ["alertname": "DiskFull", "instance": "a:9100", "severity": "page"],
                              annotations: ["summary": "Disk <full> & \"hot\""], startsAt: start,
                              generatorURL: "http://prom/graph?g0.expr=up", fingerprint: "1111111111111111"),
            AlertmanagerAlert(status: "resolved", labels: ["alertname": "DiskFull", "instance": "b:9100", "severity": "page"],
                              annotations: ["summary": "Disk ok"], startsAt: start,
                              endsAt: GoTime(seconds: 1_714_558_200), generatorURL: "", fingerprint: "2222222222222222"),
        ]
        return AlertmanagerData(receiver: receiver, status: list.contains { $0.status == "firing" } ? "firing" : "resolved",
                                alerts: list, groupLabels: ["alertname": "DiskFull"], externalURL: "http://am.example:9093")
    }

    /// The receiver `name` of an Alertmanager configuration given as YAML.
    static func receiver(_ yaml: String, named name: String = "r") throws -> ReceiverConfig {
        let config = try AlertmanagerConfig.parse(yaml, file: "test.yml")
        guard let r = config.receiver(named: name) else { throw TestFailure("no receiver \(name)") }
        return r
    }

    static func template() throws -> AlertmanagerTemplate { try AlertmanagerTemplate() }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-notifiers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    static func waitUntil(seconds: Double = 10, _ condition: () -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    /// A JSON document parsed for comparison without regard to member order.
    static func json(_ text: String) throws -> NSObject {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as! NSObject
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
