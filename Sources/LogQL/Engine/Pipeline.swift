import GoTemplate
import TimeSeries

/// A log pipeline compiled once per query: regexes, patterns, templates and IP ranges are built up front, and
/// each entry then goes through the stages in order. https://grafana.com/docs/loki/latest/query/log_queries/
/// "Log pipeline".
struct Pipeline: Sendable {
    enum Stage: Sendable {
        case lineFilter(LineFilterStage)
        case json([(String, [JSONPathStep])])
        case logfmt(strict: Bool, keepEmpty: Bool, [(String, String)])
        case regexp(GoRegex)
        case pattern(LogPattern)
        case unpack
        case labelFilter(LabelFilterStage)
        case lineFormat(Template)
        case labelFormat([FormatStages.LabelFormatItem])
        case drop([FormatStages.Selection])
        case keep([FormatStages.Selection])
        case decolorize
    }

    let stages: [Stage]
    /// Whether no stage reads or writes labels: only line filters.
    let onlyLineFilters: Bool

    /// What comes out of the pipeline for one entry that it keeps.
    struct Output {
        var line: String
        var labels: LabelsBuilder
    }

    /// The time templates see as `now` (nanoseconds): the engine is pure, so it is the query's end.
    let now: Int64
    /// The longest line or label value a format stage may make (`LogQLEngine.Options.maxFormattedBytes`).
    let maxFormattedBytes: Int

    init(_ stages: [PipelineStage], now: Int64 = 0, maxFormattedBytes: Int = LogQLEngine.Options().maxFormattedBytes) throws(PipelineCompileError) {
        self.now = now
        self.maxFormattedBytes = maxFormattedBytes
        var out: [Stage] = []
        for stage in stages { out.append(try Pipeline.compile(stage)) }
        self.stages = out
        onlyLineFilters = out.allSatisfy { if case .lineFilter = $0 { return true } else { return false } }
    }

    private static func compile(_ stage: PipelineStage) throws(PipelineCompileError) -> Stage {
        switch stage.kind {
        case .lineFilter(let f):
            return .lineFilter(try LineFilterStage(f))
        case .json(let params):
            var compiled: [(String, [JSONPathStep])] = []
            for p in params {
                compiled.append((p.label, try JSONPathStep.parse(p.expression ?? p.label)))
            }
            return .json(compiled)
        case .logfmt(let strict, let keepEmpty, let params):
            return .logfmt(strict: strict, keepEmpty: keepEmpty, params.map { ($0.label, $0.expression ?? $0.label) })
        case .regexp(let text):
            let regex: GoRegex
            do { regex = try GoRegex(text) } catch { throw PipelineCompileError("invalid regex \(quoteGo(text)): \(error)") }
            if regex.groupNames.isEmpty {
                throw PipelineCompileError("at least one named capture must be supplied")
            }
            return .regexp(regex)
        case .pattern(let text):
            let p = try LogPattern(text)
            if p.captureNames.isEmpty { throw PipelineCompileError("at least one capture is required") }
            return .pattern(p)
        case .unpack:
            return .unpack
        case .labelFilter(let f):
            return .labelFilter(try LabelFilterStage(f))
        case .lineFormat(let text):
            return .lineFormat(try template(text))
        case .labelFormat(let items):
            var out: [FormatStages.LabelFormatItem] = []
            for item in items {
                switch item.value {
                case .rename(let from): out.append(.rename(to: item.label, from: from))
                case .template(let text): out.append(.template(to: item.label, try template(text)))
                }
            }
            return .labelFormat(out)
        case .drop(let selections): return .drop(try selectionList(selections))
        case .keep(let selections): return .keep(try selectionList(selections))
        case .decolorize: return .decolorize
        }
    }

    private static func template(_ text: String) throws(PipelineCompileError) -> Template {
        do { return try Template(name: "line", text: text, functions: .loki) } catch {
            throw PipelineCompileError("invalid template \(quoteGo(text)): \(error.description)")
        }
    }

    private static func selectionList(_ list: [LabelSelection]) throws(PipelineCompileError) -> [FormatStages.Selection] {
        var out: [FormatStages.Selection] = []
        for s in list {
            var matcher: LabelMatcher? = nil
            if let m = s.matcher {
                do { matcher = try m.labelMatcher() } catch { throw PipelineCompileError("invalid regex \(quoteGo(m.value)): \(error)") }
            }
            out.append(FormatStages.Selection(name: s.name, matcher: matcher))
        }
        return out
    }

    /// Whether every line filter keeps `line` (for pipelines of line filters only).
    func keeps(_ line: String) -> Bool {
        for case .lineFilter(let f) in stages where !f.keeps(line) { return false }
        return true
    }

    /// Runs one entry through every stage; nil when a filter drops it.
    func process(_ entry: LogEntry, stream: Labels) -> Output? {
        var line = entry.line
        var labels = LabelsBuilder(stream: stream, metadata: entry.metadata)
        for stage in stages {
            switch stage {
            case .lineFilter(let f):
                if !f.keeps(line) { return nil }
            case .json(let params):
                ParserStages.json(line, params, &labels)
            case .logfmt(let strict, let keepEmpty, let params):
                ParserStages.logfmt(line, strict: strict, keepEmpty: keepEmpty, params, &labels)
            case .regexp(let r):
                ParserStages.regexp(line, r, &labels)
            case .pattern(let p):
                ParserStages.pattern(line, p, &labels)
            case .unpack:
                line = ParserStages.unpack(line, &labels)
            case .labelFilter(let f):
                if !f.keeps(&labels) { return nil }
            case .lineFormat(let t):
                line = FormatStages.lineFormat(t, line: line, timestamp: entry.timestamp, now: now,
                                               maxBytes: maxFormattedBytes, labels: &labels)
            case .labelFormat(let items):
                FormatStages.labelFormat(items, line: line, timestamp: entry.timestamp, now: now,
                                         maxBytes: maxFormattedBytes, labels: &labels)
            case .drop(let s):
                FormatStages.drop(s, &labels)
            case .keep(let s):
                FormatStages.keep(s, &labels)
            case .decolorize:
                line = FormatStages.decolorize(line)
            }
        }
        return Output(line: line, labels: labels)
    }
}
