import VigilTesting
import Foundation
import Rules
import Server
import Testing
import TimeSeries

/// The server around the handlers: binding, routing errors as Prometheus's Go router gives them, the body
/// limit, health and readiness, graceful shutdown.
@Suite("HTTP server")
struct HTTPServerTests {
    @Test func reportsTheBoundPortAndStopsListeningOnShutdown() async throws {
        let server = try VigilHTTPServer(
            configuration: .init(listenAddress: try ListenAddress(parsing: "127.0.0.1:0"), logger: Fixtures.quietLogger),
            routeGroups: standardGroups(StaticRulesProvider()))
        let port = try await server.start()
        #expect(port > 0)
        #expect(await server.port == port)
        await #expect(throws: VigilHTTPServer.ServerError.self) { try await server.start() }
        #expect(try await RawHTTPClient.get(port, "/-/healthy").status == 200)
        await server.shutdown()
        #expect(await server.port == nil)
        await #expect(throws: ClientError.self) { try await RawHTTPClient.get(port, "/-/healthy") }
        await server.shutdown()  // a second shutdown does nothing
    }

    @Test func aPortInUseFailsTheStart() async throws {
        try await withServer(standardGroups(StaticRulesProvider())) { port in
            let second = try VigilHTTPServer(
                configuration: .init(listenAddress: ListenAddress(host: "127.0.0.1", port: port), logger: Fixtures.quietLogger),
                routeGroups: [HealthRoutes(provider: StaticRulesProvider())])
            await #expect(throws: VigilHTTPServer.ServerError.self) { try await second.start() }
        }
    }

    @Test func twoGroupsCannotClaimTheSameRoute() {
        let provider = StaticRulesProvider()
        #expect(throws: (any Error).self) {
            try VigilHTTPServer(configuration: .init(listenAddress: ListenAddress(host: "127.0.0.1", port: 0)),
                                routeGroups: [HealthRoutes(provider: provider), HealthRoutes(provider: provider)])
        }
    }

    @Test func healthAndReadinessAsPrometheus() async throws {
        let provider = StaticRulesProvider(ready: false)
        try await withServer(standardGroups(provider)) { port in
            let healthy = try await RawHTTPClient.get(port, "/-/healthy")
            #expect(healthy.status == 200)
            #expect(healthy.body == "Vigil is Healthy.\n")
            #expect(healthy.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(try await RawHTTPClient.request(port: port, method: "HEAD", target: "/-/healthy").status == 200)

            let starting = try await RawHTTPClient.get(port, "/-/ready")
            #expect(starting.status == 503)
            #expect(starting.body == "Service Unavailable")
            #expect(try await RawHTTPClient.request(port: port, method: "HEAD", target: "/-/ready").status == 503)

            provider.setReady(true)
            let ready = try await RawHTTPClient.get(port, "/-/ready")
            #expect(ready.status == 200)
            #expect(ready.body == "Vigil is Ready.\n")
            #expect(try await RawHTTPClient.request(port: port, method: "HEAD", target: "/-/ready").status == 200)

            provider.setReady(false)
            #expect(try await RawHTTPClient.get(port, "/-/ready").status == 503)
        }
    }

    @Test func unknownPathsAndWrongMethodsAsGosRouter() async throws {
        try await withServer(standardGroups(StaticRulesProvider())) { port in
            for path in ["/nope", "/api/v1/nope", "/api/v2/alerts"] {
                let response = try await RawHTTPClient.get(port, path)
                #expect(response.status == 404, "\(path)")
                #expect(response.body == "404 page not found\n")
                #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
                #expect(response.header("X-Content-Type-Options") == "nosniff")
            }
            let post = try await RawHTTPClient.request(port: port, method: "POST", target: "/api/v1/rules", body: "x=1")
            #expect(post.status == 405)
            #expect(post.body == "Method Not Allowed\n")
            #expect(post.header("Allow") == "GET, OPTIONS")
            let delete = try await RawHTTPClient.request(port: port, method: "DELETE", target: "/-/healthy")
            #expect(delete.status == 405)
            #expect(delete.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(try await RawHTTPClient.request(port: port, method: "HEAD", target: "/metrics").status == 405)
            // OPTIONS on a path without its own handler: the router's answer.
            let options = try await RawHTTPClient.request(port: port, method: "OPTIONS", target: "/-/healthy")
            #expect(options.status == 200)
            #expect(options.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(options.body == "")
        }
    }

    @Test func apiAnswersCarryCORSHeadersForBrowsers() async throws {
        try await withServer(standardGroups(StaticRulesProvider())) { port in
            let preflight = try await RawHTTPClient.request(port: port, method: "OPTIONS", target: "/api/v1/rules",
                                                            headers: ["Origin": "http://grafana.local"])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "*")
            #expect(preflight.header("Access-Control-Allow-Methods") == "GET, POST, OPTIONS")
            let get = try await RawHTTPClient.request(port: port, target: "/api/v1/alerts", headers: ["Origin": "http://grafana.local"])
            #expect(get.status == 200)
            #expect(get.header("Access-Control-Allow-Headers") == "Accept, Authorization, Content-Type, Origin")
            #expect(get.header("Access-Control-Expose-Headers") == "Date")
            #expect(get.header("Vary") == "Origin")
            let plain = try await RawHTTPClient.get(port, "/api/v1/alerts")
            #expect(plain.header("Access-Control-Allow-Origin") == nil)
        }
    }

    @Test func requestBodiesOverTheLimitAreRefused() async throws {
        try await withServer(standardGroups(StaticRulesProvider()), requestBodyLimit: 1024) { port in
            let big = String(repeating: "a", count: 4096)
            let refused = try await RawHTTPClient.request(port: port, method: "GET", target: "/api/v1/rules", body: big)
            #expect(refused.status == 413)
            #expect(refused.body == "request body larger than 1024 bytes\n")
            let small = try await RawHTTPClient.request(port: port, method: "GET", target: "/api/v1/rules", body: "tiny")
            #expect(small.status == 200)
        }
    }

    @Test func shutdownLetsARequestInFlightFinish() async throws {
        let gate = Gate()
        let slow = SlowRoutes(gate: gate)
        let server = try VigilHTTPServer(
            configuration: .init(listenAddress: ListenAddress(host: "127.0.0.1", port: 0), logger: Fixtures.quietLogger),
            routeGroups: [slow])
        let port = try await server.start()
        let inFlight = Task { try await RawHTTPClient.get(port, "/slow") }
        await gate.waitUntilEntered()
        let stopping = Task { await server.shutdown() }
        // Give the shutdown time to begin while the request is held, then let the handler answer.
        try await Task.sleep(for: .milliseconds(200))
        await gate.open()
        let response = try await inFlight.value
        #expect(response.status == 200)
        #expect(response.body == "done")
        await stopping.value
        await #expect(throws: ClientError.self) { try await RawHTTPClient.get(port, "/slow") }
    }

    /// With the real ruler behind it: not ready while a group's saved state is being loaded.
    @Test func readinessFollowsTheRulersRestoration() async throws {
        let store = GatedStateStore()
        let ruler = Ruler(options: Fixtures.options()) { _ in
            RuleGroupRunner.Collaborators(querier: EmptyQuerier(), alerts: DroppingAlertSender(), stateStore: store, clock: IdleClock())
        }
        let group = try Fixtures.groups("groups: [{name: g, rules: [{alert: A, expr: vector(1)}]}]")[0]
        await ruler.apply([Ruler.GroupDefinition(file: "rules.yml", group: group, language: .prometheus, datasource: "prometheus")])
        try await withServer(standardGroups(ruler)) { port in
            await store.waitUntilAsked()
            #expect(try await RawHTTPClient.get(port, "/-/ready").status == 503)
            let metrics = try await RawHTTPClient.get(port, "/metrics").body
            #expect(metrics.contains("vigil_ready 0\n"))
            let rules = try await RawHTTPClient.get(port, "/api/v1/rules")
            #expect(rules.status == 200)
            #expect(rules.body.contains(#""state":"unknown","name":"A""#))

            await store.release()
            var ready = false
            for _ in 0..<100 where !ready {
                ready = try await RawHTTPClient.get(port, "/-/ready").status == 200
                if !ready { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(ready)
        }
        await ruler.stop()
    }
}

/// One handler that waits for the test to open a gate.
struct SlowRoutes: HTTPRouteGroup {
    let gate: Gate
    var routes: [HTTPRoute] {
        let gate = self.gate
        return [HTTPRoute(.get, "/slow") { _, _ in
            await gate.enter()
            return HTTPReply.text(.ok, "done")
        }]
    }
}

actor Gate {
    private var entered = false
    private var isOpen = false
    private var enterWaiters: [CheckedContinuation<Void, Never>] = []
    private var openWaiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        entered = true
        enterWaiters.forEach { $0.resume() }
        enterWaiters = []
        if !isOpen { await withCheckedContinuation { openWaiters.append($0) } }
    }

    func waitUntilEntered() async {
        if !entered { await withCheckedContinuation { enterWaiters.append($0) } }
    }

    func open() {
        isOpen = true
        openWaiters.forEach { $0.resume() }
        openWaiters = []
    }
}

/// A state store whose first load waits until the test releases it.
actor GatedStateStore: RuleStateStore {
    private let gate = Gate()
    func loadState(of group: RuleGroupKey) async -> RuleGroupState? {
        await gate.enter()
        return nil
    }
    func saveState(_ state: RuleGroupState, of group: RuleGroupKey) async throws {}
    func removeState(of group: RuleGroupKey) async {}
    func waitUntilAsked() async { await gate.waitUntilEntered() }
    func release() async { await gate.open() }
}

struct EmptyQuerier: Querier {
    func query(_ expr: String, at t: Int64) async throws -> [InstantSample] { [] }
}

struct DroppingAlertSender: AlertSender {
    func send(_ alerts: [AlertNotification]) async {}
}

/// A clock whose sleeps last until cancelled, so the runner never evaluates during the test.
struct IdleClock: ServiceClock {
    func nowNanoseconds() -> Int64 { Fixtures.t0 * 1_000_000 }
    func sleep(untilNanoseconds deadline: Int64) async throws {
        try await Task.sleep(for: .seconds(3600))
    }
}
