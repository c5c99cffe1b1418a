import Foundation
import Rules
import TimeSeries

/// A manifest may declare the query language of its rules, so a folder can hold PromQL and LogQL rule
/// files side by side: `metadata.annotations["vigil.dev/query-language"]: loki`. Without it, rules are PromQL.
public enum RuleLanguageDeclaration {
    public static let annotation = "vigil.dev/query-language"

    public static func language(ofFile path: String) -> QueryLanguage {
        guard let text = try? SourceFile.read(path) else { return .prometheus }
        return language(of: text)
    }

    public static func language(of text: String) -> QueryLanguage {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(annotation + ":") else { continue }
            let value = trimmed.dropFirst(annotation.count + 1).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            return value == "loki" ? .loki : .prometheus
        }
        return .prometheus
    }
}
