import ConfigYAML
import TimeSeries

/// Routes no alert can reach. Alertmanager tries a route's children in order and stops at the first
/// that matches unless it has `continue: true`, so a child is dead when an earlier sibling without
/// `continue` matches every alert the child would match:
/// - unreachable: the earlier sibling has no matchers at all (it takes every alert);
/// - shadowed: the earlier sibling's matchers are implied by the child's (`severity="critical"` before
///   `severity="critical", team="db"`). Only certain implications count (see `MatcherSetAnalysis`).
///
/// Time intervals do not matter here: they mute a route's notifications, they do not change matching.
public enum RouteLint {
    /// The findings for the tree under `route:`, in file order; `locate` turns a path in the file into a
    /// position (`YAMLPathLocator`).
    public static func check(_ route: RouteConfig, locate: (_ path: [YAMLPathComponent]) -> SourcePosition? = { _ in nil })
        -> [ConfigLintFinding] {
        var out: [ConfigLintFinding] = []
        walk(route, path: [.key("route")], locate: locate, into: &out)
        return out
    }

    /// Everything a route requires of an alert: the legacy `match`/`match_re` maps, then `matchers`.
    static func matchers(of route: RouteConfig) -> [AlertMatcher] {
        route.match.matchers() + route.matchers
    }

    private static func walk(_ route: RouteConfig, path: [YAMLPathComponent], locate: ([YAMLPathComponent]) -> SourcePosition?,
                             into out: inout [ConfigLintFinding]) {
        let children = route.routes
        for j in children.indices {
            let childPath = path + [.key("routes"), .index(j)]
            let mine = matchers(of: children[j])
            for i in 0..<j where !children[i].continue {
                let theirs = matchers(of: children[i])
                let at = locate(path + [.key("routes"), .index(i)]).map { " at line \($0.line)" } ?? ""
                if theirs.isEmpty {
                    out.append(ConfigLintFinding(position: locate(childPath), message:
                        "route is unreachable: the earlier sibling route\(at) has no matchers and no `continue: true`, so it takes every alert"))
                    break
                }
                if MatcherSetAnalysis.implies(mine, theirs) {
                    out.append(ConfigLintFinding(position: locate(childPath), message:
                        "route is shadowed: every alert it matches also matches the earlier sibling route\(at) "
                            + "{\(MatcherSetAnalysis.list(theirs))}, which has no `continue: true`"))
                    break
                }
            }
            walk(children[j], path: childPath, locate: locate, into: &out)
        }
    }
}
