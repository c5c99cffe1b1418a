import Foundation
import Routing
import Rules
import Storage

/// Everything one rendering of the web page shows, read once per request from the providers. A part
/// that has no provider is nil, and its section says so.
struct WebPageModel: Sendable {
    /// The router's part: its alerts with their silenced and inhibited status, and its silences.
    struct RouterPart: Sendable {
        var alerts: [AlertView]
        var silences: [Silence]
    }

    /// The history's part: what the router's database answered, or why it could not.
    enum HistoryPart: Sendable {
        case records(HistoryResult)
        case failed(String)
    }

    /// The page's time: the router's clock (the same the API's silence checks use).
    var now: Date
    var version: String
    var groups: [RuleGroupSnapshot]
    var router: RouterPart?
    var history: HistoryPart?

    /// How many alert changes and notifications the history section lists (the newest).
    static let historyLimit = 50

    /// Reads every provider: the rules (sorted as the rules API sorts them), the router in force (its
    /// alerts with status looked up now, all its silences), the newest history records.
    static func gather(rules: any RulesProvider, router: (@Sendable () async -> AlertmanagerAPI.Current?),
                       history: (any HistoryProvider)?, clock: any RouterClock, version: String) async -> WebPageModel {
        let groups = RulesListing.sorted(await rules.snapshots())
        var routerPart: RouterPart?
        if let current = await router() {
            let alertRouter = current.router
            routerPart = RouterPart(alerts: await alertRouter.alertViews(), silences: alertRouter.silences.query())
        }
        var historyPart: HistoryPart?
        if let history {
            do {
                historyPart = .records(try await history.history(HistoryQuery(limit: historyLimit)))
            } catch {
                historyPart = .failed(String(describing: error))
            }
        }
        return WebPageModel(now: clock.now, version: version, groups: groups, router: routerPart, history: historyPart)
    }
}
