import Foundation
import GoTemplate
import Rules

/// Every rule group `rule_files` names, loaded and checked, ready for the ruler — or every problem found.
///
/// Loading is all or nothing: one broken file fails the whole set, so a reload with a mistake leaves the
/// running rules in place (as Prometheus does).
public struct RuleSet: Sendable {
    public var groups: [Ruler.GroupDefinition]
    /// The files read, for watching and for the status API.
    public var files: [String]

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var problems: [String]
        public var description: String { problems.joined(separator: "\n") }
    }

    public static func load(_ config: VigilConfig) throws(LoadError) -> RuleSet {
        var problems: [String] = []
        var groups: [Ruler.GroupDefinition] = []
        var files: [String] = []
        for entry in config.ruleFiles {
            guard let datasource = config.datasource(of: entry) else {
                problems.append("rule_files entry \"\(entry.path)\": no datasource")
                continue
            }
            let pattern = config.resolve(entry.path)
            let matches: [String]
            do {
                matches = try GoGlob.glob(pattern).sorted()
            } catch {
                problems.append("rule_files entry \"\(entry.path)\": \(error)")
                continue
            }
            if matches.isEmpty && !GoGlob.hasMeta(pattern) {
                problems.append("\(pattern): cannot read file: no such file or directory")
                continue
            }
            let language = datasource.type.language
            let loader = RuleLoader(options: .standard(language: language))
            for path in matches {
                let result = loader.load(contentsOf: path)
                files.append(path)
                if !result.errors.isEmpty {
                    problems += result.errors.map(\.description)
                    continue
                }
                for file in result.files {
                    for group in file.groups {
                        var definition = Ruler.GroupDefinition(file: path, group: group, language: language, datasource: datasource.name)
                        definition.heartbeat = nil
                        groups.append(definition)
                    }
                }
            }
        }
        var seen: Set<RuleGroupKey> = []
        for g in groups where !seen.insert(g.key).inserted {
            problems.append("\(g.key.file): group \"\(g.key.name)\" is defined more than once")
        }
        if !problems.isEmpty { throw LoadError(problems: problems) }
        for ds in config.datasources {
            if let heartbeat = ds.heartbeat { groups.append(DatasourceHeartbeat.group(datasource: ds.name, settings: heartbeat)) }
        }
        return RuleSet(groups: groups, files: files)
    }
}
