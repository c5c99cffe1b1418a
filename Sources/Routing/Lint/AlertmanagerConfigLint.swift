import ConfigYAML

/// Every lint of `vigil check config` over a loaded configuration: dead routes, then dead inhibit rules.
/// `text` is the file the configuration was loaded from, read only to place the findings.
public enum AlertmanagerConfigLint {
    public static func check(_ config: AlertmanagerConfig, text: String) -> [ConfigLintFinding] {
        let locator = YAMLPathLocator(text: text)
        return RouteLint.check(config.route, locate: locator.position(of:))
            + InhibitRuleLint.check(config.inhibitRules, locate: locator.position(of:))
    }
}
