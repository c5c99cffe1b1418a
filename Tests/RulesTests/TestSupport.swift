import Foundation
import Testing
import TimeSeries
@testable import Rules

/// Where the shared upstream data lives, when the environment names it.
enum SharedData {
    static var conformance: String? { directory("VIGIL_CONFORMANCE_DIR") }
    static var corpus: String? { directory("VIGIL_CORPUS_DIR") }

    private static func directory(_ variable: String) -> String? {
        guard let path = ProcessInfo.processInfo.environment[variable], !path.isEmpty else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return path
    }

    /// Returns whether `variable` is usable, printing a visible line when it is not.
    static func available(_ path: String?, _ variable: String, _ test: String) -> Bool {
        if path == nil { print("SKIPPED \(test): \(variable) is not set to an existing folder") }
        return path != nil
    }

    static func files(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }
}

/// Loading with the real validators (Vigil's PromQL, LogQL and Go template parsers), as `vigil check rules`
/// does: conformance verdicts and error positions are those of the real parsers, never of a stand-in.
enum Loading {
    static let options = RuleLoader.Options.standard()

    static func load(_ text: String, file: String = "rules.yaml", language: QueryLanguage = .prometheus,
                     nameValidation: NameValidationScheme = .utf8) -> RuleLoadResult {
        var o = options.with(language: language)
        o.nameValidation = nameValidation
        return RuleLoader(options: o).load(text: text, fileName: file)
    }

    /// Loading without checking expressions or templates, for tests of the loader's own mechanics (scalar
    /// styles, source maps) whose texts need not be valid PromQL.
    static func loadUnchecked(_ text: String, file: String = "rules.yaml", language: QueryLanguage = .prometheus) -> RuleLoadResult {
        RuleLoader(options: RuleLoader.Options(language: language)).load(text: text, fileName: file)
    }
}
