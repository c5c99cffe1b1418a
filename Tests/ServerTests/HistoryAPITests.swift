import VigilTesting
import Foundation
@testable import Routing
import Server
@testable import Storage
import Testing
import TimeSeries

/// `GET /api/v1/history` over a real database file and a real server on a loopback port.
@Suite struct HistoryAPITests {
    static let t0 = Date(timeIntervalSince1970: 1_767_323_045)  // 2026-01-02T03:04:05Z

    static func database() throws -> (RouterDatabase, String) {
        let folder = NSTemporaryDirectory() + "vigil-history-api-\(UUID().uuidString)"
        let db = try RouterDatabase(storagePath: folder)
        for (i, (name, severity)) in [("Down", "critical"), ("Slow", "warning")].enumerated() {
            let alert = Alert(labels: Labels(["alertname": name, "severity": severity]), startsAt: t0, updatedAt: t0)
            db.record(AlertChange(kind: .new, state: .firing, alert: alert, receivedAt: t0.addingTimeInterval(Double(i))))
            let key = IntegrationKey(receiver: severity == "critical" ? "pager" : "chat", integration: "webhook", index: 0)
            let context = NotificationContext(receiver: key.receiver, integration: key, groupKey: "{}:{alertname=\"\(name)\"}",
                                              groupLabels: Labels(["alertname": name]), routeLabels: [:], reason: .firstNotification,
                                              flushTime: t0, truncatedAlerts: 0, attempt: 1, deadline: t0.addingTimeInterval(60))
            db.insert(NotificationAttempt(context: context, alerts: [alert], firing: [alert.fingerprint], resolved: [],
                                          startedAt: t0.addingTimeInterval(30 + Double(i)), finishedAt: t0.addingTimeInterval(30.5 + Double(i)),
                                          outcome: .success, error: nil))
        }
        return (db, folder)
    }

    @Test func answersWithBothListsFiltered() async throws {
        let (db, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withServer([HistoryRoutes(provider: db)]) { port in
            let all = try await RawHTTPClient.get(port, "/api/v1/history")
            #expect(all.status == 200)
            #expect(all.header("Content-Type") == "application/json")
            let json = try all.json
            #expect(json["status"] as? String == "success")
            let data = try #require(json["data"] as? [String: Any])
            #expect((data["alerts"] as? [[String: Any]])?.compactMap { $0["alertname"] as? String } == ["Slow", "Down"])
            #expect((data["notifications"] as? [[String: Any]])?.compactMap { $0["receiver"] as? String } == ["chat", "pager"])

            let matched = try await RawHTTPClient.get(port, "/api/v1/history?match[]=severity%3D~%22crit.*%22&limit=5")
            #expect(matched.status == 200)
            #expect(matched.body.hasPrefix(#"{"status":"success","data":{"alerts":[{"alertname":"Down","annotations":{},"change":"new","endsAt":null,"#))
            let decoded = try HistoryJSON.decoder().decode(Envelope.self, from: Data(matched.body.utf8))
            #expect(decoded.data.alerts.map(\.alertname) == ["Down"])
            #expect(decoded.data.notifications.map(\.receiver) == ["pager"])
            #expect(decoded.data.notifications.first?.time == Self.t0.addingTimeInterval(30))

            let byReceiver = try HistoryJSON.decoder().decode(
                Envelope.self, from: Data(try await RawHTTPClient.get(port, "/api/v1/history?receiver=chat&alertname=Slow&start=2026-01-02T03:04:05Z&end=\(Self.t0.timeIntervalSince1970 + 60)").body.utf8))
            #expect(byReceiver.data.alerts.map(\.alertname) == ["Slow"])
            #expect(byReceiver.data.notifications.map(\.receiver) == ["chat"])
        }
    }

    @Test func aBadParameterIsA400NamingIt() async throws {
        let (db, folder) = try Self.database()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withServer([HistoryRoutes(provider: db)]) { port in
            let start = try await RawHTTPClient.get(port, "/api/v1/history?start=yesterday")
            #expect(start.status == 400)
            #expect(start.body == #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp"}"#)
            let limit = try await RawHTTPClient.get(port, "/api/v1/history?limit=-1")
            #expect(limit.status == 400)
            #expect(try limit.json["error"] as? String == #"invalid parameter "limit": "-1" is not a whole number from 1 to 10000"#)
            let matcher = try await RawHTTPClient.get(port, "/api/v1/history?match[]=a%3D~%22(%22")
            #expect(matcher.status == 400)
            #expect((try matcher.json["error"] as? String)?.hasPrefix(#"invalid parameter "match[]": "a=~\"(\"": "#) == true)
            let escape = try await RawHTTPClient.get(port, "/api/v1/history?alertname=%zz")
            #expect(escape.status == 400)
        }
    }

    struct Envelope: Decodable {
        var status: String
        var data: HistoryResult
    }
}
