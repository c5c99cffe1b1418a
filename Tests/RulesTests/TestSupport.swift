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

/// Stand-ins for the real parsers, which other targets provide.
enum Fakes {
    /// Flags the word `BAD` at its place, and `rate(hi)` (the upstream `bad_expr` test) at `hi`.
    static let promQL: ExpressionValidator = { expr in
        if let p = position(of: "BAD", in: expr) {
            return ExpressionError(message: "unexpected identifier \"BAD\"", position: p)
        }
        if let p = position(of: "rate(hi)", in: expr) {
            return ExpressionError(
                message: "expected type range vector in call to function \"rate\", got instant vector",
                position: SourcePosition(line: p.line, column: p.column + 5))
        }
        return nil
    }

    /// Flags `BAD` like `promQL`.
    static let logQL: ExpressionValidator = { expr in
        position(of: "BAD", in: expr).map { ExpressionError(message: "syntax error: unexpected IDENTIFIER", position: $0) }
    }

    /// Flags variables other than the four Prometheus declares.
    static let template: TemplateValidator = { text, _ in
        let declared: Set<String> = ["labels", "externalLabels", "externalURL", "value"]
        let scalars = Array(text.unicodeScalars)
        var line = 1, column = 1
        var i = 0
        while i < scalars.count {
            if scalars[i] == "$" {
                var j = i + 1
                var name = ""
                while j < scalars.count, CharacterSet.alphanumerics.contains(scalars[j]) || scalars[j] == "_" {
                    name.unicodeScalars.append(scalars[j])
                    j += 1
                }
                if !name.isEmpty, !declared.contains(name) {
                    return ExpressionError(message: "undefined variable \"$\(name)\"", position: SourcePosition(line: line, column: column))
                }
            }
            if scalars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        return nil
    }

    static func position(of needle: String, in text: String) -> SourcePosition? {
        guard let range = text.range(of: needle) else { return nil }
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return SourcePosition(line: line, column: before[lineStart...].unicodeScalars.count + 1)
    }

    static let options = RuleLoader.Options(
        expressionValidators: [.prometheus: promQL, .loki: logQL], templateValidator: template)

    static func load(_ text: String, file: String = "rules.yaml", language: QueryLanguage = .prometheus,
                     nameValidation: NameValidationScheme = .utf8) -> RuleLoadResult {
        var o = options.with(language: language)
        o.nameValidation = nameValidation
        return RuleLoader(options: o).load(text: text, fileName: file)
    }
}
