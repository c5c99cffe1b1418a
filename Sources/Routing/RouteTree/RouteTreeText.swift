import TimeSeries

/// The route tree drawn as `amtool config routes show` and `config routes test --tree` draw it (the
/// `treeprint` layout): `.` on top, then `├──`/`└──` branches, each node named by its matchers or
/// `default-route`.
public enum RouteTreeText {
    /// The whole tree, with `continue: true` and each node's receiver.
    public static func tree(_ root: Route) -> String {
        var lines = ["."]
        func visit(_ r: Route, prefix: String, last: Bool) {
            lines.append(prefix + (last ? "└── " : "├── ") + slug(r, showContinue: true, showReceiver: true))
            let childPrefix = prefix + (last ? "    " : "│\u{00A0}\u{00A0} ")
            for (i, c) in r.routes.enumerated() { visit(c, prefix: childPrefix, last: i == r.routes.count - 1) }
        }
        visit(root, prefix: "", last: true)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The branches an alert with `labels` follows, the receiver shown on the nodes where it stops.
    public static func matchingTree(_ root: Route, labels: Labels) -> String {
        var lines = ["."]
        func visit(_ r: Route, prefix: String, last: Bool) {
            let index = lines.count
            lines.append("")
            let taken = r.routes.reduce(into: [Route]()) { taken, c in
                if taken.last.map({ !$0.continue }) ?? false { return }
                if c.matchers.matches(labels) { taken.append(c) }
            }
            lines[index] = prefix + (last ? "└── " : "├── ") + slug(r, showContinue: false, showReceiver: taken.isEmpty)
            let childPrefix = prefix + (last ? "    " : "│\u{00A0}\u{00A0} ")
            for (i, c) in taken.enumerated() { visit(c, prefix: childPrefix, last: i == taken.count - 1) }
        }
        visit(root, prefix: "", last: true)
        return lines.joined(separator: "\n") + "\n"
    }

    static func slug(_ r: Route, showContinue: Bool, showReceiver: Bool) -> String {
        var s = r.matchers.isEmpty ? "default-route" : r.matchers.description
        if r.continue && showContinue { s += "  continue: true" }
        if showReceiver { s += "  receiver: " + r.options.receiver }
        return s
    }
}
