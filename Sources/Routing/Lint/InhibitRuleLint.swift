import ConfigYAML
import TimeSeries

/// Inhibit rules that can never mute anything, when that is certain:
/// - the source matchers (or the target matchers) cannot all hold for one alert (`a="x"` with `a="y"`,
///   `a="x"` with `a!="x"` or with a regex that does not match "x", `a=~"r"` with `a!~"r"`);
/// - an `equal` label cannot have the same value on a source and a target, because the values the
///   source side allows and those the target side allows do not meet (an absent label counts as "", so
///   `instance=""` on one side and `instance!=""` on the other never meet either).
public enum InhibitRuleLint {
    public static func check(_ rules: [InhibitRuleConfig], locate: (_ path: [YAMLPathComponent]) -> SourcePosition? = { _ in nil })
        -> [ConfigLintFinding] {
        var out: [ConfigLintFinding] = []
        for (i, rule) in rules.enumerated() {
            let path: [YAMLPathComponent] = [.key("inhibit_rules"), .index(i)]
            let source = rule.allSourceMatchers.matchers
            let target = rule.allTargetMatchers.matchers
            if let bad = MatcherSetAnalysis.contradiction(source) {
                let at = locate(path + [.key(rule.sourceMatchers.isEmpty ? "source_match" : "source_matchers")])
                out.append(ConfigLintFinding(position: at, message:
                    "inhibit rule can never apply: no alert matches all its source matchers (\(MatcherSetAnalysis.list(bad)) cannot all hold)"))
                continue
            }
            if let bad = MatcherSetAnalysis.contradiction(target) {
                let at = locate(path + [.key(rule.targetMatchers.isEmpty ? "target_match" : "target_matchers")])
                out.append(ConfigLintFinding(position: at, message:
                    "inhibit rule can never apply: no alert matches all its target matchers (\(MatcherSetAnalysis.list(bad)) cannot all hold)"))
                continue
            }
            for (k, label) in rule.equal.enumerated() {
                let bySource = source.filter { $0.name == label }
                let byTarget = target.filter { $0.name == label }
                guard !bySource.isEmpty, !byTarget.isEmpty,
                      MatcherSetAnalysis.contradiction(bySource + byTarget) != nil else { continue }
                out.append(ConfigLintFinding(position: locate(path + [.key("equal"), .index(k)]), message:
                    "inhibit rule can never apply: equal label \(quoteGo(label)) cannot have the same value on a source alert "
                        + "(\(MatcherSetAnalysis.list(bySource))) and a target alert (\(MatcherSetAnalysis.list(byTarget)))"))
                break
            }
        }
        return out
    }
}
