import Routing
import Rules

/// The service's clock as the router's: one clock drives the ruler and the router, so a test that moves
/// a manual clock moves both. (`Routing` cannot depend on `Rules`, hence two protocols of one shape.)
struct ServiceRouterClock: RouterClock {
    let clock: any ServiceClock

    func nowNanoseconds() -> Int64 { clock.nowNanoseconds() }

    func sleep(untilNanoseconds deadline: Int64) async throws {
        try await clock.sleep(untilNanoseconds: deadline)
    }
}
