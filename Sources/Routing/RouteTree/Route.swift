import TimeSeries

/// What a route decides for the alerts it takes, after inheritance: the receiver, grouping and timers
/// come from the nearest ancestor that sets them (or Alertmanager's defaults: 30s, 5m, 4h); labels
/// are merged down the tree. Time intervals are not inherited: each route names its own.
public struct RouteOptions: Sendable, Hashable {
    public var receiver = ""
    /// Labels to group by; ignored when `groupByAll`.
    public var groupBy: Set<String> = []
    /// `group_by: ['...']`: every label of the alert.
    public var groupByAll = false
    public var groupWait = PromDuration(seconds: 30)
    public var groupInterval = PromDuration(seconds: 300)
    public var repeatInterval = PromDuration(seconds: 4 * 3600)
    public var muteTimeIntervals: [String] = []
    public var activeTimeIntervals: [String] = []
    public var labels: [String: String] = [:]

    public init() {}
}

/// A node of the resolved routing tree (Alertmanager's `dispatch.Route`).
public struct Route: Sendable, Hashable {
    public var options: RouteOptions
    /// Sorted as Alertmanager sorts them; legacy `match_re` values appear anchored (`^(?:re)$`).
    public var matchers: AlertMatchers
    public var `continue`: Bool
    public var routes: [Route]
    /// Alertmanager's route key: the matcher lists from the root down, joined by `/` (`{}/{severity="critical"}`).
    /// Aggregation groups are keyed by it; two sibling routes with equal matchers share it.
    public var key: String
    /// Like `key`, with each node's position among its siblings (`{}/{severity="critical"}/0`): unique.
    public var id: String
    /// Upstream's `Idx`: the node's number in a post-order walk (children before their parent).
    public var index: Int

    /// Resolves a configured tree.
    public static func tree(from config: RouteConfig) -> Route {
        var counter = 0
        return build(config, parent: nil, position: nil, counter: &counter)
    }

    private static func build(_ c: RouteConfig, parent: Route?, position: Int?, counter: inout Int) -> Route {
        var o = parent?.options ?? RouteOptions()
        if !c.labels.isEmpty { o.labels.merge(c.labels) { _, new in new } }
        if let r = c.receiver { o.receiver = r }
        if let g = c.groupBy {
            o.groupBy = Set(g)
            o.groupByAll = false
        } else if c.groupByAll {
            o.groupByAll = true
        }
        if let d = c.groupWait { o.groupWait = d }
        if let d = c.groupInterval { o.groupInterval = d }
        if let d = c.repeatInterval { o.repeatInterval = d }
        o.muteTimeIntervals = c.muteTimeIntervals
        o.activeTimeIntervals = c.activeTimeIntervals
        let matchers = AlertMatchers(c.match.matchers() + c.matchers).sorted()
        let key = parent.map { $0.key + "/" + matchers.description } ?? matchers.description
        var id = parent.map { $0.id + "/" + matchers.description } ?? matchers.description
        if let position { id += "/\(position)" }
        var node = Route(options: o, matchers: matchers, continue: c.continue, routes: [], key: key, id: id, index: 0)
        node.routes = c.routes.enumerated().map { i, child in build(child, parent: node, position: i, counter: &counter) }
        node.index = counter
        counter += 1
        return node
    }

    /// The routes an alert with these labels goes to (Alertmanager's `Route.Match`): depth first, a
    /// node matches when all its matchers do; its children are tried in order and the first matching
    /// child ends the search unless it has `continue`; a matching node none of whose children match is
    /// itself the answer. Empty when the node does not match.
    public func matchingRoutes(for labels: Labels) -> [Route] {
        guard matchers.matches(labels) else { return [] }
        var all: [Route] = []
        for child in routes {
            let found = child.matchingRoutes(for: labels)
            all += found
            if !found.isEmpty && !child.continue { break }
        }
        return all.isEmpty ? [self] : all
    }

    /// Every node, parent before children (upstream's `Walk`).
    public func walk(_ visit: (Route) -> Void) {
        visit(self)
        for r in routes { r.walk(visit) }
    }
}
