import Foundation
import Rules
import Testing
import TimeSeries
import VigilTesting
@testable import Backends

struct AlertmanagerTests {
    static func alert(_ i: Int, startsAt: Int64? = 1_700_000_000_000, endsAt: Int64? = 1_700_000_300_000) -> AlertNotification {
        var a = AlertNotification(alert: Alert(state: .firing, labels: ["alertname": "DiskFull", "instance": "node\(i)", "severity": "page"],
                                               annotations: [Label("summary", "Disk \(i) is full")], value: 1, activeAt: 0),
                                  expr: "up == 0", externalURL: "http://vigil:9099")
        a.startsAt = startsAt
        a.endsAt = endsAt
        return a
    }

    @Test func postsPrometheusJSON() async throws {
        try await LoopbackHTTPServer.with { server in
            let client = try AlertmanagerClient(baseURL: server.baseURL, pathPrefix: "alertmanager/")
            try await client.post([Self.alert(1, startsAt: 1_700_000_000_123, endsAt: nil)])
            await client.shutdown()
            let r = try #require(server.requests.first)
            #expect(r.method == "POST" && r.path == "/alertmanager/api/v2/alerts")
            #expect(r.header("Content-Type") == "application/json")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [[String: Any]])
            #expect(json.count == 1)
            #expect(json[0]["labels"] as? [String: String] == ["alertname": "DiskFull", "instance": "node1", "severity": "page"])
            #expect(json[0]["annotations"] as? [String: String] == ["summary": "Disk 1 is full"])
            #expect(json[0]["startsAt"] as? String == "2023-11-14T22:13:20.123Z")
            #expect(json[0]["endsAt"] as? String == "0001-01-01T00:00:00.000Z")
            #expect(json[0]["generatorURL"] as? String == "http://vigil:9099/graph?g0.expr=up+%3D%3D+0&g0.tab=1")
        }
    }

    @Test func anAlertmanagerErrorIsReported() async throws {
        try await LoopbackHTTPServer.with { server in
            server.enqueue(.json(#"{"code":400,"message":"start time must be before end time"}"#, status: 400))
            let client = try AlertmanagerClient(baseURL: server.baseURL)
            await #expect {
                try await client.post([Self.alert(1)])
            } throws: { error in
                "\(error)".contains("HTTP status 400") && "\(error)".contains("start time must be before end time")
            }
            await client.shutdown()
            #expect(server.requests.count == 1)
        }
    }

    @Test func notifierSendsBatchesOf64ToEveryAlertmanager() async throws {
        try await LoopbackHTTPServer.with { first in
            try await LoopbackHTTPServer.with { second in
                let notifier = AlertmanagerNotifier(alertmanagers: [
                    try AlertmanagerClient(baseURL: first.baseURL), try AlertmanagerClient(baseURL: second.baseURL),
                ])
                await notifier.send((0..<150).map { Self.alert($0) })
                await notifier.drain()
                for server in [first, second] {
                    let sizes = try server.requests.map { r in
                        (try JSONSerialization.jsonObject(with: Data(r.body)) as? [Any])?.count ?? -1
                    }
                    #expect(sizes == [64, 64, 22])
                }
                let targets = await notifier.targets
                #expect(targets.values.map(\.sent) == [150, 150])
                #expect(await notifier.dropped == 0)
                await notifier.shutdown()
                await notifier.send([Self.alert(1)])
                #expect(await notifier.dropped == 1)
            }
        }
    }

    @Test func aBatchThatReachedNoAlertmanagerIsDropped() async throws {
        try await LoopbackHTTPServer.with(respond: { _ in .text("down", status: 503) }) { down in
            try await LoopbackHTTPServer.with { up in
                let failing = try AlertmanagerClient(baseURL: down.baseURL)
                let notifier = AlertmanagerNotifier(alertmanagers: [failing])
                await notifier.send([Self.alert(1), Self.alert(2)])
                await notifier.drain()
                #expect(await notifier.dropped == 2)
                #expect(await notifier.targets[failing.alertsURL] == {
                    var c = AlertmanagerNotifier.TargetCounters(); c.errors = 2; return c
                }())
                await notifier.shutdown()

                // With one of two Alertmanagers up, the batch counts as delivered.
                let both = AlertmanagerNotifier(alertmanagers: [try AlertmanagerClient(baseURL: down.baseURL), try AlertmanagerClient(baseURL: up.baseURL)])
                await both.send([Self.alert(1)])
                await both.drain()
                #expect(await both.dropped == 0)
                await both.shutdown()
            }
        }
    }

    @Test func aFullQueueDropsTheOldestAlerts() async throws {
        // A slow answer to the first batch keeps it out while more alerts arrive; later batches are answered at once.
        try await LoopbackHTTPServer.with { server in
            server.enqueue(ScriptedResponse(status: 200, delay: .seconds(2)))
            let notifier = AlertmanagerNotifier(alertmanagers: [try AlertmanagerClient(baseURL: server.baseURL)],
                                                configuration: .init(queueCapacity: 10, maxBatchSize: 2))
            await notifier.send([Self.alert(0), Self.alert(1)])
            // Let the sender take the first batch.
            for _ in 0..<100 where await notifier.queueLength > 0 { try await Task.sleep(for: .milliseconds(5)) }
            // 12 more: a batch larger than the capacity keeps its newest 10, then nothing else overflows.
            await notifier.send((2..<14).map { Self.alert($0) })
            #expect(await notifier.dropped == 2)
            await notifier.send([Self.alert(14)])
            #expect(await notifier.dropped == 3)
            await notifier.drain()
            let instances = try server.requests.flatMap { r in
                ((try JSONSerialization.jsonObject(with: Data(r.body)) as? [[String: Any]]) ?? []).compactMap {
                    ($0["labels"] as? [String: String])?["instance"]
                }
            }
            #expect(instances == ["node0", "node1"] + (5..<15).map { "node\($0)" })
            await notifier.shutdown()
        }
    }
}
