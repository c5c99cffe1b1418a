import Foundation
import TimeSeries
import Yams

/// Loads rule files in every form Vigil accepts — plain Prometheus/Loki rule files, PrometheusRule manifests,
/// ConfigMaps holding rule files, several manifests in one file (`---`), `kind: List` — and validates them as
/// Prometheus 3.14 does (`rulefmt.Parse`), reporting every problem with its place in the file as written.
///
///     let loader = RuleLoader(options: .init(language: .prometheus, expressionValidators: [.prometheus: promQLCheck]))
///     let result = loader.load(text: text, fileName: "rules.yaml")
///     if !result.isValid { for issue in result.errors { print(issue) } }
public struct RuleLoader: Sendable {
    public struct Options: Sendable {
        /// The language of every `expr` in the file. Prometheus by default; Loki ruler files need `.loki`.
        public var language: QueryLanguage
        /// One validator per language. With none for `language`, expressions are not checked.
        public var expressionValidators: [QueryLanguage: ExpressionValidator]
        /// Checks the label and annotation templates of alerting rules. With none, templates are not checked.
        public var templateValidator: TemplateValidator?
        /// Prometheus 3 default: UTF-8 names.
        public var nameValidation: NameValidationScheme
        /// promtool's `--ignore-unknown-fields`.
        public var ignoreUnknownFields: Bool

        public init(
            language: QueryLanguage = .prometheus,
            expressionValidators: [QueryLanguage: ExpressionValidator] = [:],
            templateValidator: TemplateValidator? = nil,
            nameValidation: NameValidationScheme = .utf8,
            ignoreUnknownFields: Bool = false
        ) {
            self.language = language
            self.expressionValidators = expressionValidators
            self.templateValidator = templateValidator
            self.nameValidation = nameValidation
            self.ignoreUnknownFields = ignoreUnknownFields
        }

        /// The same options for another query language.
        public func with(language: QueryLanguage) -> Options {
            var copy = self
            copy.language = language
            return copy
        }
    }

    /// What Prometheus puts in front of every label and annotation template before parsing it.
    public static let prometheusTemplatePreamble =
        "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

    /// Prometheus's warning for a plain rule file with more than one YAML document.
    public static let multipleDocumentsWarning =
        "Multiple document yaml rules files are not supported, only the first document is processed"

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Loads and validates `text`; `fileName` is only used in messages.
    public func load(text: String, fileName: String) -> RuleLoadResult {
        var context = RuleLoadContext(options: options, sink: IssueSink(file: fileName, source: text))
        context.load(text: text)
        return RuleLoadResult(
            fileName: fileName, source: text, files: context.files,
            errors: context.sink.errors, warnings: context.sink.warnings)
    }

    /// Reads the file at `path` and loads it; a read failure is reported as an error without position.
    public func load(contentsOf path: String) -> RuleLoadResult {
        let text: String
        do throws(SourceFile.ReadError) {
            text = try SourceFile.read(path)
        } catch {
            var sink = IssueSink(file: path, source: "")
            sink.error("cannot read file: \(error.reason)", at: nil)
            return RuleLoadResult(fileName: path, source: "", files: [], errors: sink.errors, warnings: [])
        }
        return load(text: text, fileName: path)
    }
}

/// The outcome of loading one file: the rule files found in it (only those without errors), the errors, and
/// the warnings (multi-document plain files, manifests that hold no rules, ...).
public struct RuleLoadResult: Sendable {
    public var fileName: String
    public var source: String
    public var files: [RuleFile]
    public var errors: [RuleIssue]
    public var warnings: [RuleIssue]

    public init(fileName: String, source: String, files: [RuleFile], errors: [RuleIssue], warnings: [RuleIssue]) {
        self.fileName = fileName
        self.source = source
        self.files = files
        self.errors = errors
        self.warnings = warnings
    }

    public var isValid: Bool { errors.isEmpty }

    /// All groups of all rule files, in file order.
    public var groups: [RuleGroup] { files.flatMap(\.groups) }

    /// The number of rules, as `promtool check rules` counts them.
    public var ruleCount: Int { files.reduce(0) { $0 + $1.ruleCount } }

    /// The rule files, or the errors.
    public func get() throws(RuleLoadError) -> [RuleFile] {
        guard errors.isEmpty else { throw RuleLoadError(file: fileName, issues: errors) }
        return files
    }
}

/// The state of one load.
struct RuleLoadContext {
    let options: RuleLoader.Options
    var sink: IssueSink
    var files: [RuleFile] = []

    init(options: RuleLoader.Options, sink: IssueSink) {
        self.options = options
        self.sink = sink
    }

    var validation: RuleValidation {
        RuleValidation(
            nameValidation: options.nameValidation,
            expressionValidator: options.expressionValidators[options.language],
            templateValidator: options.templateValidator)
    }

    mutating func load(text: String) {
        let document = YAMLDocument(text: text)
        let (documents, syntaxError) = document.documents()
        let firstIndex = documents.firstIndex { $0 != nil }
        let firstForm = RuleFileForm.detect(firstIndex.flatMap { documents[$0] }).form
        // A plain rule file (or an empty one): Prometheus reads the first document only.
        if firstIndex == nil || firstForm == .plain {
            loadPlain(documents: documents, syntaxError: syntaxError, document: document, origin: .plain,
                      position: SourcePosition(line: 1, column: 1))
            return
        }
        for (i, node) in documents.enumerated() {
            loadManifest(node, document: document, documentNumber: i + 1)
        }
        if let syntaxError { sink.error(syntaxError.message, at: syntaxError.position) }
    }

    /// Loads one Kubernetes document (or a plain rule file found among them).
    mutating func loadManifest(_ node: Node?, document: YAMLDocument, documentNumber: Int) {
        let (form, kind) = RuleFileForm.detect(node)
        guard let node else { return }
        switch form {
        case .empty: return
        case .plain:
            loadPlainDocument(node, document: document, origin: .plain, position: document.position(of: node))
        case .prometheusRule:
            loadPrometheusRule(node, document: document, documentNumber: documentNumber)
        case .configMap:
            loadConfigMap(node, document: document, documentNumber: documentNumber)
        case .list:
            guard case let .mapping(m) = node, let items = m.first(where: { $0.key.scalar?.string == "items" })?.value else {
                sink.warning("\(kind ?? "List") without items; nothing loaded from it", at: document.position(of: node))
                return
            }
            guard case let .sequence(seq) = items else {
                sink.error("cannot unmarshal \(YAMLNodeReader.shortTag(items)) into []runtime.RawExtension", at: document.position(of: items))
                return
            }
            for item in seq { loadManifest(item, document: document, documentNumber: documentNumber) }
        case .otherManifest:
            sink.warning("kind \(kind ?? "?") holds no rules; skipped", at: document.position(of: node))
        }
    }

    /// A plain rule file: only its first document counts, as in Prometheus.
    mutating func loadPlain(
        documents: [Node?], syntaxError: (message: String, position: SourcePosition)?, document: YAMLDocument,
        origin: RuleFile.Origin, position: SourcePosition
    ) {
        guard let first = documents.first else {
            if let syntaxError {
                sink.error(syntaxError.message, at: syntaxError.position)
            } else {
                files.append(RuleFile(origin: origin, language: options.language, groups: [], position: position))
            }
            return
        }
        if documents.count > 1 || syntaxError != nil {
            sink.warning(RuleLoader.multipleDocumentsWarning, at: position)
        }
        guard let first else {
            files.append(RuleFile(origin: origin, language: options.language, groups: [], position: position))
            return
        }
        loadPlainDocument(first, document: document, origin: origin, position: position)
    }

    mutating func loadPlainDocument(_ node: Node, document: YAMLDocument, origin: RuleFile.Origin, position: SourcePosition) {
        var reader = YAMLNodeReader(document: document, sink: sink)
        reader.ignoreUnknownFields = options.ignoreUnknownFields
        let before = reader.sink.errors.count
        let groups = RuleFileDecoder().decodeRuleGroups(node, reader: &reader)
        sink = reader.sink
        guard let groups, sink.errors.count == before else { return }
        validation.validate(groups, sink: &sink)
        guard sink.errors.count == before else { return }
        var at = position
        if case let .mapping(m) = node, let key = m.first(where: { $0.key.scalar?.string == "groups" })?.key {
            at = document.position(of: key)
        }
        files.append(RuleFile(origin: origin, language: options.language, groups: groups.map(\.group), position: at))
    }
}
