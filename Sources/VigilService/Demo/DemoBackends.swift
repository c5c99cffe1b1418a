import Foundation
import Backends
import Hummingbird
import Logging
import LogQL
import Rules
import Server
import TimeSeries

/// The systems `vigil run --demo` stands in for, on one loopback HTTP server: a Prometheus (query API over
/// generated series, and a remote-write receiver so the ruler's recording rules and `ALERTS` land there as
/// in a real cluster) and a Loki (Vigil's Loki-compatible API over generated log lines). The ruler talks to
/// them through the same HTTP clients it uses in production.
///
/// Two tasks feed them from `DemoHomelab`: a "scrape" every 15 seconds and a log shipper every 5 seconds,
/// both on the injected clock.
public final class DemoBackends: Sendable {
    public let series: LiveSeriesStore
    public let logs: LiveLogStore
    public let homelab: DemoHomelab
    let server: VigilHTTPServer
    let clock: any ServiceClock
    let logger: Logger
    private let feeders = TaskBox()

    /// The base URL of both APIs, once started.
    public var baseURL: String {
        get async { "http://127.0.0.1:\(await server.port ?? 0)" }
    }

    public init(clock: any ServiceClock, logger: Logger, extraRoutes: [any HTTPRouteGroup] = []) throws {
        self.clock = clock
        self.logger = logger
        homelab = DemoHomelab(start: clock.nowMilliseconds())
        series = LiveSeriesStore()
        logs = LiveLogStore(configuration: .init(maxEntries: 2_000_000, retention: .seconds(6 * 3600)), clock: clock)
        server = try VigilHTTPServer(
            configuration: .init(listenAddress: ListenAddress(host: "127.0.0.1", port: 0), logger: logger),
            routeGroups: [PrometheusQueryAPI(store: series, clock: clock), LokiAPI(store: logs, snappy: { try Snappy.decompress($0, maxLength: $1) }),
                          RemoteWriteReceiver(store: series, logger: logger)] + extraRoutes)
    }

    /// Starts the server and the feeders; the first scrape and log batch are stored before this returns, so
    /// the ruler's first evaluation finds data.
    public func start() async throws {
        try await server.start()
        let now = clock.nowMilliseconds()
        await scrape(at: now)
        await ship(after: homelab.start - 1, through: now)
        let clock = self.clock
        feeders.set([
            Task { [self] in
                var next = now + DemoHomelab.scrapeInterval
                while !Task.isCancelled {
                    do { try await clock.sleep(untilNanoseconds: next * 1_000_000) } catch { return }
                    await scrape(at: next)
                    next += DemoHomelab.scrapeInterval
                }
            },
            Task { [self] in
                var shipped = now
                while !Task.isCancelled {
                    let next = shipped + 5_000
                    do { try await clock.sleep(untilNanoseconds: next * 1_000_000) } catch { return }
                    await ship(after: shipped, through: next)
                    shipped = next
                }
            },
        ])
    }

    func scrape(at t: Int64) async {
        let samples = homelab.samples(at: t).map { (labels: $0.labels, samples: [Sample(t: t, v: $0.value)]) }
        if !(await series.append(samples)) { logger.warning("demo series store is full; scrape dropped") }
    }

    func ship(after from: Int64, through to: Int64) async {
        let outcome = await logs.push(homelab.lines(after: from, through: to))
        if outcome.full { logger.warning("demo log store is full; lines dropped") }
    }

    public func stop() async {
        for task in feeders.take() { task.cancel(); await task.value }
        await server.shutdown()
    }
}

/// Remote write 1.0's receiving end (`POST /api/v1/write`, Snappy-compressed protobuf), storing float
/// samples in the demo's series store; 204 as Prometheus answers, 400 for a body it cannot read.
struct RemoteWriteReceiver: HTTPRouteGroup {
    let store: LiveSeriesStore
    let logger: Logger

    var routes: [HTTPRoute] {
        let store = self.store
        return [HTTPRoute(.post, "/api/v1/write") { request, context in
            let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
            let decoded: [RemoteWriteSeries]
            do { decoded = try RemoteWriteDecoding.series(fromCompressed: body) } catch {
                return HTTPReply.text(.badRequest, "\(error)\n")
            }
            let stored = await store.append(decoded.map { (labels: $0.labels, samples: $0.samples) })
            return stored ? Response(status: .noContent) : HTTPReply.text(.tooManyRequests, "the demo series store is full\n")
        }]
    }
}

/// The feeder tasks, held so `stop()` can cancel them.
private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [Task<Void, Never>] = []
    func set(_ t: [Task<Void, Never>]) { lock.withLock { tasks = t } }
    func take() -> [Task<Void, Never>] { lock.withLock { defer { tasks = [] }; return tasks } }
}
