import PromQL

/// Upstream's `checkAnnotations`: old `eval_warn`/`eval_info` headings need at least one annotation of their
/// kind; once any `expect warn` (or `expect info`) line is present every annotation of that kind must match
/// one of those lines and every line must match one annotation; `no_warn`/`no_info` forbid the kind.
/// With no line about a kind, that kind is not checked.
enum AnnotationCheck {
    static func check(_ annotations: Annotations, for eval: EvalCommand, query: String) -> String? {
        let expect = eval.expectations
        if eval.legacyModifier == .warn && annotations.warnings.isEmpty {
            return "expected warnings evaluating query \(quoted(query)) (line \(eval.line)) but got none"
        }
        if eval.legacyModifier == .info && annotations.infos.isEmpty {
            return "expected info annotations evaluating query \(quoted(query)) (line \(eval.line)) but got none"
        }
        if let m = check(expect.warnings.map(\.value), annotations.warnings, kind: "warn", query: query, line: eval.line) { return m }
        if let m = check(expect.infos.map(\.value), annotations.infos, kind: "info", query: query, line: eval.line) { return m }
        if expect.noWarnings && !annotations.warnings.isEmpty {
            return "unexpected warning annotations evaluating query \(quoted(query)) (line \(eval.line)): \(list(annotations.warnings))"
        }
        if expect.noInfos && !annotations.infos.isEmpty {
            return "unexpected info annotations evaluating query \(quoted(query)) (line \(eval.line)): \(list(annotations.infos))"
        }
        return nil
    }

    static func check(_ expected: [TextMatcher], _ actual: [String], kind: String, query: String, line: Int) -> String? {
        guard !expected.isEmpty else { return nil }
        if actual.isEmpty {
            return "expected \(kind) annotations but none were found for query \(quoted(query)) (line \(line))"
        }
        for e in expected where !actual.contains(where: e.matches) {
            return "expected \(kind) annotation matching \(e.kind) \(quoted(e.description)) but no matching annotation was found for query \(quoted(query)) (line \(line)), found: \(list(actual))"
        }
        for a in actual where !expected.contains(where: { $0.matches(a) }) {
            return "unexpected \(kind) annotation \(quoted(a)) found for query \(query) (line \(line))"
        }
        return nil
    }

    static func quoted(_ s: String) -> String { "\"" + s + "\"" }
    static func list(_ items: [String]) -> String { "[" + items.joined(separator: " ") + "]" }
}
