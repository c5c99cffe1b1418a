import Foundation
import Hummingbird
import Routing
import TimeSeries

/// Alertmanager's HTTP API v2 (`/api/v2/...`) over Vigil's router, so Prometheus, Loki, Grafana and
/// `amtool` talk to Vigil as to an Alertmanager:
///
/// | route | what |
/// |---|---|
/// | `POST /api/v2/alerts` | receive alerts (valid ones are kept even when others are refused with 400) |
/// | `GET /api/v2/alerts` | alerts with their status; `active`, `silenced`, `inhibited`, `unprocessed`, `filter`, `receiver`, `receiver_matchers` |
/// | `GET /api/v2/alerts/groups` | aggregation groups; the same filters and `muted` |
/// | `GET`, `POST /api/v2/silences` | list (`filter`, `active`, `pending`, `expired`), create or update |
/// | `GET`, `DELETE /api/v2/silence/{silenceID}` | one silence; expire it |
/// | `GET /api/v2/status` | cluster (disabled), version, configuration with secrets hidden, start time |
/// | `GET /api/v2/receivers` | receivers with their labels; `receiver_matchers` |
///
/// Status codes, payloads and messages are Alertmanager's (see `AlertmanagerReply` for the shapes).
public struct AlertmanagerAPI: HTTPRouteGroup {
    /// What the API serves from; replaced as a whole when the configuration is reloaded.
    public struct Current: Sendable {
        public var router: AlertRouter
        public var config: AlertmanagerConfig
        /// `config.original` of the status: the configuration as YAML, secrets hidden.
        public var statusConfigText: String

        /// - Parameter originalYAML: the text the configuration was loaded from; the status shows it with
        ///   every secret replaced by `<secret>` (see `RedactedConfigText`).
        public init(router: AlertRouter, config: AlertmanagerConfig, originalYAML: String) {
            self.router = router
            self.config = config
            statusConfigText = RedactedConfigText.render(original: originalYAML, config: config)
        }
    }

    let current: @Sendable () async -> Current
    /// Whether there is a router to serve: when not (a service whose reload removed its router), every
    /// path of the API answers 404 as an unknown path does.
    let isServing: @Sendable () async -> Bool
    let clock: any RouterClock
    let status: @Sendable (Current) -> AlertmanagerStatus

    /// The API over a router that may be replaced on reload.
    /// - Parameters:
    ///   - clock: the router's clock (the API reads "now" for its filters and silence checks from it).
    ///   - startTime: when the service started (`uptime` of the status).
    ///   - version: the build, for the status.
    ///   - current: the router and configuration in force; called once per request.
    ///   - isServing: whether a router is in force at all (see `isServing`).
    public init(clock: any RouterClock, startTime: Date, version: AlertmanagerVersionInfo,
                isServing: @escaping @Sendable () async -> Bool = { true },
                current: @escaping @Sendable () async -> Current) {
        self.current = current
        self.isServing = isServing
        self.clock = clock
        status = { AlertmanagerStatus(versionInfo: version, configText: $0.statusConfigText, startTime: startTime) }
    }

    /// The API over one router for its whole life (tests, or a service without reload).
    public init(router: AlertRouter, config: AlertmanagerConfig, originalYAML: String, clock: any RouterClock,
                startTime: Date, version: AlertmanagerVersionInfo) {
        let fixed = Current(router: router, config: config, originalYAML: originalYAML)
        self.init(clock: clock, startTime: startTime, version: version) { fixed }
    }

    public var routes: [HTTPRoute] {
        let api = self
        let routes: [HTTPRoute] = [
            HTTPRoute(.post, "/api/v2/alerts") { request, context in
                await api.postAlerts(try await Self.body(request, context))
            },
            HTTPRoute(.get, "/api/v2/alerts") { request, _ in await api.getAlerts(Self.form(request)) },
            HTTPRoute(.get, "/api/v2/alerts/groups") { request, _ in await api.getAlertGroups(Self.form(request)) },
            HTTPRoute(.get, "/api/v2/silences") { request, _ in await api.getSilences(Self.form(request)) },
            HTTPRoute(.post, "/api/v2/silences") { request, context in
                await api.postSilences(try await Self.body(request, context))
            },
            HTTPRoute(.get, "/api/v2/silence/{silenceID}") { _, context in
                await api.getSilence(context.parameters.get("silenceID") ?? "")
            },
            HTTPRoute(.delete, "/api/v2/silence/{silenceID}") { _, context in
                await api.deleteSilence(context.parameters.get("silenceID") ?? "")
            },
            HTTPRoute(.get, "/api/v2/status") { _, _ in
                AlertmanagerReply.ok(api.status(await api.current()).json)
            },
            HTTPRoute(.get, "/api/v2/receivers") { request, _ in await api.getReceivers(Self.form(request)) },
        ]
        // Every answer through the CORS wrapper, and each path's OPTIONS answered as Alertmanager does.
        var out = routes.map { HTTPRoute($0.method, $0.path, handler: AlertmanagerCORS.wrap($0.handler)) }
        var paths: [String] = []
        for r in routes where !paths.contains(r.path) { paths.append(r.path) }
        for path in paths {
            // go-swagger names a path's methods POST before GET, DELETE after GET (`[POST,GET]`, `[GET,DELETE]`).
            let order = ["POST", "GET", "DELETE"]
            let methods = routes.filter { $0.path == path }.map(\.method.rawValue)
                .sorted { (order.firstIndex(of: $0) ?? 9) < (order.firstIndex(of: $1) ?? 9) }
            out.append(HTTPRoute(.options, path, handler: AlertmanagerCORS.options(methods: methods)))
            // Another method on a known path: go-swagger's JSON 405 rather than the router's text one.
            for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] where !methods.contains(method.rawValue) {
                let message = "method \(method.rawValue) is not allowed, but [\(methods.joined(separator: ","))] are"
                out.append(HTTPRoute(method, path, handler: AlertmanagerCORS.wrap { _, _ in
                    var response = AlertmanagerReply.swaggerError(code: 405, message)
                    response.headers[.allow] = methods.joined(separator: ",")
                    return response
                }))
            }
        }
        return out.map { route in
            let handler = route.handler
            return HTTPRoute(route.method, route.path) { request, context in
                guard await api.isServing() else { return HTTPReply.notFound() }
                return try await handler(request, context)
            }
        }
    }

    static func form(_ request: Request) -> FormValues { FormValues(query: request.uri.query ?? "") }

    static func body(_ request: Request, _ context: VigilRequestContext) async throws -> [UInt8] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return Array(buffer.readableBytesView)
    }

    // MARK: Alerts

    func postAlerts(_ body: [UInt8]) async -> Response {
        switch PostableAlerts.decode(body) {
        case .failure(let e):
            return AlertmanagerReply.swaggerError(code: e.code, e.message)
        case .success(let alerts):
            let problems = await current().router.receive(alerts)
            if !problems.isEmpty { return AlertmanagerReply.message(.badRequest, problems.joined(separator: "; ")) }
            return AlertmanagerReply.emptyOK()
        }
    }

    func getAlerts(_ form: FormValues) async -> Response {
        let query: AlertQuery
        switch AlertQuery.parse(form) {
        case .failure(let e): return AlertmanagerReply.message(.badRequest, e.message)
        case .success(let q): query = q
        }
        let current = await current()
        let receiverLabels = Self.receiverLabels(current.config)
        let views = await current.router.alertViews()
        let route = await current.router.route
        let now = clock.now
        var shown: [GettableAlert] = []
        for v in views {
            // Upstream lists the receivers of the matching routes in match order, repeats included.
            let receivers = route.matchingRoutes(for: v.alert.labels).map(\.options.receiver)
            if query.receiver != nil && !receivers.contains(where: query.admitsReceiver) { continue }
            if !query.receiverMatchers.isEmpty && !receivers.contains(where: { query.admitsReceiverLabels($0, labels: receiverLabels) }) {
                continue
            }
            let status = Self.predicted(v.status)
            if !query.admits(v.alert, status: status, now: now) { continue }
            shown.append(GettableAlert(alert: v.alert, status: status, receivers: receivers))
        }
        return AlertmanagerReply.ok(.array(shown.map(\.json)))
    }

    /// The status 0.34 answers with: silences and inhibitions looked up now (the router's views have just
    /// done so), time-interval mutes only in groups; so never `unprocessed`.
    static func predicted(_ refreshed: AlertStatus) -> AlertStatus {
        var s = refreshed
        s.mutedBy = []
        s.state = s.silencedBy.isEmpty && s.inhibitedBy.isEmpty ? .active : .suppressed
        return s
    }

    static func receiverLabels(_ config: AlertmanagerConfig) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for r in config.receivers { out[r.name] = r.labels }
        return out
    }

    func getAlertGroups(_ form: FormValues) async -> Response {
        let query: AlertQuery
        switch AlertQuery.parse(form) {
        case .failure(let e): return AlertmanagerReply.message(.badRequest, e.message)
        case .success(let q): query = q
        }
        let current = await current()
        let router = current.router
        let receiverLabels = Self.receiverLabels(current.config)
        var statuses: [AlertFingerprint: AlertStatus] = [:]
        for v in await router.alertViews() { statuses[v.alert.fingerprint] = Self.predicted(v.status) }
        var routes: [String: (index: Int, labels: [String: String])] = [:]
        await router.route.walk { r in routes[r.id] = (r.index, r.options.labels) }
        let now = clock.now
        struct Kept {
            var group: AlertGroupView
            var alerts: [Alert]
        }
        var kept: [Kept] = []
        for g in await router.groupViews()
        where query.admitsReceiver(g.receiver) && query.admitsReceiverLabels(g.receiver, labels: receiverLabels) {
            let alerts = g.alerts.filter { a in query.admits(a, status: statuses[a.fingerprint] ?? AlertStatus(), now: now) }
            if !alerts.isEmpty { kept.append(Kept(group: g, alerts: alerts)) }
        }
        // An alert's receivers are those of the groups it was kept in, in the order of the routes' numbers
        // (upstream collects them route by route).
        var receiversOf: [AlertFingerprint: [(Int, String)]] = [:]
        for k in kept {
            let index = routes[k.group.routeID]?.index ?? Int.max
            for a in k.alerts { receiversOf[a.fingerprint, default: []].append((index, k.group.receiver)) }
        }
        var groups: [GettableAlertGroup] = []
        for k in kept {
            let mutedBy = router.marker.mutedBy(groupKey: k.group.groupKey)
            if !query.muted && !mutedBy.isEmpty { continue }
            let alerts = k.alerts.map { a in
                var status = statuses[a.fingerprint] ?? AlertStatus()
                status.mutedBy = mutedBy
                if !mutedBy.isEmpty { status.state = .suppressed }
                let receivers = (receiversOf[a.fingerprint] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
                return GettableAlert(alert: a, status: status, receivers: receivers)
            }
            let routeLabels = GettableAlertGroup.plainRouteLabels(routes[k.group.routeID]?.labels ?? [:])
            groups.append(GettableAlertGroup(labels: k.group.labels, receiver: k.group.receiver, alerts: alerts,
                                             routeLabels: routeLabels))
        }
        return AlertmanagerReply.ok(.array(groups.map(\.json)))
    }

    func getReceivers(_ form: FormValues) async -> Response {
        let matchers: [AlertMatcher]
        switch AlertQuery.parseFilter(form.values("receiver_matchers")) {
        case .failure(let e): return AlertmanagerReply.message(.badRequest, "failed to parse receiver_matchers param: \(e.message)")
        case .success(let m): matchers = m
        }
        let config = await current().config
        let shown = config.receivers.filter { r in AlertQuery.matches(matchers) { r.labels[$0] } }
        return AlertmanagerReply.ok(.array(shown.map { APIReceiver(name: $0.name, labels: $0.labels).json }))
    }

    // MARK: Silences

    func getSilences(_ form: FormValues) async -> Response {
        let matchers: [AlertMatcher]
        switch AlertQuery.parseFilter(form.values("filter")) {
        case .failure(let e): return AlertmanagerReply.message(.badRequest, e.message)
        case .success(let m): matchers = m
        }
        var states: Set<SilenceState> = []
        for (name, state) in [("active", SilenceState.active), ("pending", .pending), ("expired", .expired)] {
            let raw = form.first(name)
            if raw.isEmpty || AlertQuery.trueWords.contains(raw.lowercased()) { states.insert(state) }
        }
        let router = await current().router
        let now = clock.now
        let silences = router.silences.query().map { GettableSilence($0, at: now) }.filter { s in
            states.contains(s.state) && Self.silence(s.silence, hasAll: matchers)
        }
        return AlertmanagerReply.ok(.array(GettableSilence.sorted(silences).map(\.json)))
    }

    /// Upstream's `CheckSilenceMatchesFilterLabels`: every filter matcher appears among the silence's
    /// matchers with the same name, operator and value (the filter is not evaluated against anything).
    static func silence(_ s: Silence, hasAll filter: [AlertMatcher]) -> Bool {
        let own = s.matcherSets.first ?? []
        return filter.allSatisfy { f in own.contains { $0.name == f.name && $0.type == f.type && $0.pattern == f.value } }
    }

    func postSilences(_ body: [UInt8]) async -> Response {
        let posted: PostableSilence
        switch PostableSilence.decode(body) {
        case .failure(let e): return AlertmanagerReply.swaggerError(code: e.code, e.message)
        case .success(let p): posted = p
        }
        if posted.startsAt >= posted.endsAt {
            return AlertmanagerReply.message(.badRequest, "Failed to create silence: start time must be before end time")
        }
        if posted.endsAt < clock.now {
            return AlertmanagerReply.message(.badRequest, "Failed to create silence: end time can't be in the past")
        }
        do {
            let id = try await current().router.silences.set(posted.silence)
            return AlertmanagerReply.ok(.object([("silenceID", .string(id))]))
        } catch .notFound {
            return AlertmanagerReply.message(.notFound, SilenceError.notFound.description)
        } catch {
            return AlertmanagerReply.message(.badRequest, error.description)
        }
    }

    func getSilence(_ id: String) async -> Response {
        if let refused = Self.refuseNonUUID(id) { return refused }
        guard let s = await current().router.silences.silence(id: id) else { return AlertmanagerReply.empty(.notFound) }
        return AlertmanagerReply.ok(GettableSilence(s, at: clock.now).json)
    }

    func deleteSilence(_ id: String) async -> Response {
        if let refused = Self.refuseNonUUID(id) { return refused }
        do {
            try await current().router.silences.expire(id)
            return AlertmanagerReply.emptyOK()
        } catch {
            return AlertmanagerReply.empty(.notFound)
        }
    }

    /// The path parameter is `format: uuid`: go-swagger refuses anything else with 422 before the handler.
    static func refuseNonUUID(_ id: String) -> Response? {
        if isUUID(id) { return nil }
        return AlertmanagerReply.swaggerError(code: 601, "silenceID in path must be of type uuid: \(quoteGo(id))")
    }

    /// go-openapi's UUID check: 32 hex digits, case-insensitive, either bare or grouped 8-4-4-4-12.
    static func isUUID(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func hex(_ c: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(c)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(c)
        }
        if b.count == 32 { return b.allSatisfy(hex) }
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if c != UInt8(ascii: "-") { return false }
            } else if !hex(c) {
                return false
            }
        }
        return true
    }
}
