import GoTemplate
import TimeSeries

/// `line_format`, `label_format`, `drop`, `keep` and `decolorize`.
/// https://grafana.com/docs/loki/latest/query/log_queries/ "Line format expression", "Labels format
/// expression", "Drop Labels expression", "Keep Labels expression", "Removing color codes".
enum FormatStages {
    /// Template data: every label by name; `__line__` and `__timestamp__` are functions bound to the entry,
    /// `now` to the pipeline's notion of the current time (the engine has no clock: the query's end).
    static func render(_ template: Template, line: String, timestamp: Int64, now: Int64, labels: LabelsBuilder) throws(TemplateError) -> String {
        let context = LokiTemplateContext(line: line, timestamp: goTime(timestamp), now: goTime(now))
        return try template.with(functions: .loki(context)).execute(.stringMap(labels.stringMap))
    }

    static func goTime(_ ns: Int64) -> GoTime {
        var seconds = ns / 1_000_000_000
        var rest = ns % 1_000_000_000
        if rest < 0 { rest += 1_000_000_000; seconds -= 1 }
        return GoTime(seconds: seconds, nanoseconds: Int32(rest))
    }

    /// `| line_format "..."`: a failing template keeps the line and sets `TemplateFormatErr`, and so does a
    /// line longer than `maxBytes` (see `LogQLEngine.Options.maxFormattedBytes`).
    static func lineFormat(_ template: Template, line: String, timestamp: Int64, now: Int64, maxBytes: Int,
                           labels: inout LabelsBuilder) -> String {
        do {
            let formatted = try render(template, line: line, timestamp: timestamp, now: now, labels: labels)
            if let error = tooLong(formatted, maxBytes, "line_format") {
                labels.setError("TemplateFormatErr", details: error)
                return line
            }
            return formatted
        } catch {
            labels.setError("TemplateFormatErr", details: details(error.description, maxBytes))
            return line
        }
    }

    /// Why a formatted text is refused, or nil when it is within `maxBytes`.
    static func tooLong(_ text: String, _ maxBytes: Int, _ stage: String) -> String? {
        let size = text.utf8.count
        return size > maxBytes ? "\(stage): the result is \(size) bytes, more than the limit of \(maxBytes)" : nil
    }

    /// A template error as `__error_details__`: Go's messages quote the values they failed on (`range can't
    /// iterate over xxx…`), which a template can make as large as its lines, so they are cut at `maxBytes`
    /// (at a character boundary) like any formatted value.
    static func details(_ message: String, _ maxBytes: Int) -> String {
        guard message.utf8.count > maxBytes else { return message }
        var out = String.UnicodeScalarView()
        var size = 0
        for scalar in message.unicodeScalars {
            let width = UTF8.width(scalar)
            if size + width > maxBytes { break }
            out.append(scalar)
            size += width
        }
        return String(out)
    }

    enum LabelFormatItem: Sendable {
        case rename(to: String, from: String)
        case template(to: String, Template)
    }

    /// `| label_format a=b, c="{{.d}}"`: every item reads the labels as they were before the stage; a rename
    /// moves the value (the source label goes), a template keeps the labels it reads. A template that fails
    /// or makes a value longer than `maxBytes` leaves its label as it was and sets `TemplateFormatErr`.
    static func labelFormat(_ items: [LabelFormatItem], line: String, timestamp: Int64, now: Int64, maxBytes: Int,
                            labels: inout LabelsBuilder) {
        let before = labels
        for item in items {
            switch item {
            case .rename(let to, let from):
                let v = before[from] ?? ""
                labels.remove(from)
                labels.set(to, v)
            case .template(let to, let t):
                do {
                    let value = try render(t, line: line, timestamp: timestamp, now: now, labels: before)
                    if let error = tooLong(value, maxBytes, "label_format") {
                        labels.setError("TemplateFormatErr", details: error)
                    } else {
                        labels.set(to, value)
                    }
                } catch {
                    labels.setError("TemplateFormatErr", details: details(error.description, maxBytes))
                }
            }
        }
    }

    /// `drop`/`keep` entries: a bare name, or a name with a matcher on its value.
    struct Selection: Sendable {
        var name: String
        var matcher: LabelMatcher?

        func selects(_ name: String, _ value: String) -> Bool {
            name == self.name && (matcher?.matches(value) ?? true)
        }
    }

    static func drop(_ selections: [Selection], _ labels: inout LabelsBuilder) {
        labels.keepOnly { name, value in !selections.contains { $0.selects(name, value) } }
    }

    static func keep(_ selections: [Selection], _ labels: inout LabelsBuilder) {
        labels.keepOnly { name, value in selections.contains { $0.selects(name, value) } }
    }

    /// Removes ANSI escape sequences (`ESC [ parameters final-byte`, and two-byte `ESC x`).
    static func decolorize(_ line: String) -> String {
        guard line.utf8.contains(0x1B) else { return line }
        let b = Array(line.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == 0x1B, i + 1 < b.count {
                if b[i + 1] == UInt8(ascii: "[") {
                    var j = i + 2
                    while j < b.count, (0x20...0x3F).contains(b[j]) { j += 1 }
                    if j < b.count, (0x40...0x7E).contains(b[j]) { i = j + 1; continue }
                } else if (0x40...0x5F).contains(b[i + 1]) {
                    i += 2
                    continue
                }
            }
            out.append(b[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
