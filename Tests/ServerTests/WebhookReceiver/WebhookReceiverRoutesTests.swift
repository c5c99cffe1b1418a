import VigilTesting
import Foundation
import Testing
@testable import Server

/// The receiver on a real loopback server: POST on any path reaches the sink and gets 200, a bad body 400
/// with the reason, other methods 405; mounted under its own path it sits beside other route groups.
@Suite(.serialized)
struct WebhookReceiverRoutesTests {
    /// What the sink was given, in order.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [ReceivedWebhook] = []
        func add(_ r: ReceivedWebhook) { lock.withLock { items.append(r) } }
        var all: [ReceivedWebhook] { lock.withLock { items } }
    }

    func withServer(_ groups: [any HTTPRouteGroup], _ body: (Int) async throws -> Void) async throws {
        let server = try VigilHTTPServer(configuration: .init(listenAddress: ListenAddress(host: "127.0.0.1", port: 0)),
                                         routeGroups: groups)
        let port = try await server.start()
        do {
            try await body(port)
            await server.shutdown()
        } catch {
            await server.shutdown()
            throw error
        }
    }

    static func post(_ port: Int, _ path: String, _ body: String) async throws -> HTTPResult {
        try await RawHTTPClient.request(port: port, method: "POST", target: path,
                                        headers: ["Content-Type": "application/json"], body: body)
    }

    @Test func postsOnAnyPathReachTheSink() async throws {
        let collected = Collected()
        let routes = WebhookReceiverRoutes(now: { WebhookFixtures.receivedAt }) { collected.add($0) }
        try await withServer([routes]) { port in
            for path in ["/", "/webhook", "/alerts/team-a/critical", "/hook?token=x"] {
                let r = try await Self.post(port, path, WebhookFixtures.vigilBody)
                #expect(r.status == 200, "\(path): \(r.status) \(r.body)")
            }
            let got = collected.all
            #expect(got.map(\.path) == ["/", "/webhook", "/alerts/team-a/critical", "/hook"])
            #expect(got.allSatisfy { $0.body == Array(WebhookFixtures.vigilBody.utf8) })
            #expect(got.first?.notification.receiver == "team")
            #expect(got.first?.receivedAt == WebhookFixtures.receivedAt)
        }
    }

    @Test func badBodiesAre400AndNeverReachTheSink() async throws {
        let collected = Collected()
        try await withServer([WebhookReceiverRoutes { collected.add($0) }]) { port in
            let r = try await Self.post(port, "/webhook", #"{"status":"firing","alerts":[{"status":"firing","labels":{"a":1}}]}"#)
            #expect(r.status == 400)
            #expect(r.body == "not an Alertmanager webhook message: alerts[0].labels.a: must be a string, not a number\n")
            let empty = try await RawHTTPClient.request(port: port, method: "POST", target: "/")
            #expect(empty.status == 400)
            #expect(empty.body == "not an Alertmanager webhook message: the body is empty; expected Alertmanager's webhook message (JSON)\n")
            #expect(collected.all.isEmpty)
        }
    }

    @Test func healthAndOtherMethods() async throws {
        try await withServer([WebhookReceiverRoutes { _ in }]) { port in
            let healthy = try await RawHTTPClient.get(port, "/-/healthy")
            #expect(healthy.status == 200)
            #expect(healthy.body == "Vigil webhook receiver is Healthy.\n")
            for path in ["/", "/webhook", "/a/b"] {
                let r = try await RawHTTPClient.get(port, path)
                #expect(r.status == 405, "GET \(path): \(r.status)")
                #expect(r.header("Allow") == "OPTIONS, POST", "GET \(path)")
            }
            // A literal `-` segment is matched before the wildcard, without falling back to it.
            let other = try await Self.post(port, "/-/other", WebhookFixtures.vigilBody)
            #expect(other.status == 404)
        }
    }

    /// As `vigil run --demo` mounts it: its own path beside Vigil's other routes, which keep theirs.
    @Test func mountedUnderOnePathBesideOtherRoutes() async throws {
        let collected = Collected()
        let console = WebhookReceiverRoutes(paths: ["/demo/console"], healthRoute: false) { collected.add($0) }
        try await withServer([HealthRoutes(provider: StaticRulesProvider()), console]) { port in
            let mounted = try await Self.post(port, "/demo/console", WebhookFixtures.vigilBody)
            #expect(mounted.status == 200)
            let elsewhere = try await Self.post(port, "/elsewhere", WebhookFixtures.vigilBody)
            #expect(elsewhere.status == 404)
            let healthy = try await RawHTTPClient.get(port, "/-/healthy")
            #expect(healthy.body == "Vigil is Healthy.\n")
            #expect(collected.all.map(\.path) == ["/demo/console"])
        }
    }
}
