import LogQL
import TimeSeries

/// The JSON body of `POST /loki/api/v1/push`, as Loki's HTTP API reference gives it:
///
///     {"streams": [{"stream": {"label": "value"},
///                   "values": [["<unix nanoseconds>", "<line>"],
///                              ["<unix nanoseconds>", "<line>", {"trace_id": "…"}]]}]}
///
/// The optional third element of an entry is its structured metadata. Entries may come in any order and at
/// any time.
///
/// Loki validates each stream and stores what is valid, answering 400 for the rest; so does this: a stream
/// with bad labels or a bad entry is refused with a reason naming where it is in the body
/// (`streams[2].values[7]: …`), and the other streams are kept. Only a body that is not the expected JSON at
/// all refuses everything. The per-stream limits are Loki's defaults.
struct LokiPushRequest {
    /// Loki's `max_label_names_per_series`, `max_label_name_length`, `max_label_value_length`, `max_line_size`.
    static let maxLabelNames = 15
    static let maxLabelNameLength = 1024
    static let maxLabelValueLength = 2048
    static let maxLineBytes = 256 * 1024

    struct Stream {
        var labels: Labels
        var entries: [LogEntry]
    }

    /// The streams that passed validation.
    var streams: [Stream] = []
    /// Why the others were refused, in body order.
    var refused: [String] = []

    /// A body that is not a push request at all.
    struct Unreadable: Error, Equatable {
        let message: String
    }

    static func decode(_ body: [UInt8]) throws(Unreadable) -> LokiPushRequest {
        let json: Any
        do { json = try RequestJSONReader.parse(body) } catch {
            throw Unreadable(message: "the body is not valid JSON (at byte \(error.offset))")
        }
        guard let object = json as? [String: Any] else { throw Unreadable(message: "the body must be a JSON object with \"streams\"") }
        guard let items = object["streams"] as? [Any] else {
            throw Unreadable(message: "\"streams\" must be an array of {\"stream\": {labels}, \"values\": [[time, line], …]}")
        }
        var request = LokiPushRequest()
        for (i, item) in items.enumerated() {
            do {
                request.streams.append(try stream(item))
            } catch {
                request.refused.append("streams[\(i)]\(error.message)")
            }
        }
        return request
    }

    /// A stream's problem; the message starts with the position inside the stream (`.values[3]: …`).
    struct Refusal: Error {
        let message: String
    }

    private static func stream(_ item: Any) throws(Refusal) -> Stream {
        guard let object = item as? [String: Any] else { throw Refusal(message: ": must be an object") }
        let labels = try streamLabels(object["stream"])
        guard let values = object["values"] as? [Any] else { throw Refusal(message: ".values: must be an array of [time, line]") }
        var entries: [LogEntry] = []
        entries.reserveCapacity(values.count)
        for (j, value) in values.enumerated() {
            do { entries.append(try entry(value)) } catch {
                throw Refusal(message: ".values[\(j)]: \(error.message)")
            }
        }
        return Stream(labels: labels, entries: entries)
    }

    private static func streamLabels(_ value: Any?) throws(Refusal) -> Labels {
        guard let object = value as? [String: Any] else { throw Refusal(message: ".stream: must be an object of labels") }
        guard !object.isEmpty else { throw Refusal(message: ".stream: error at least one label pair is required per stream") }
        guard object.count <= maxLabelNames else {
            throw Refusal(message: ".stream: \(object.count) labels, more than the \(maxLabelNames) Loki allows per stream")
        }
        var pairs: [(String, String)] = []
        for (name, raw) in object {
            guard let v = raw as? String else { throw Refusal(message: ".stream.\(name): label values must be strings") }
            if let problem = labelProblem(name: name, value: v) { throw Refusal(message: ".stream: " + problem) }
            pairs.append((name, v))
        }
        return Labels(pairs.map { Label($0.0, $0.1) })
    }

    /// What Loki's validation says of one stream label, nil when it passes.
    static func labelProblem(name: String, value: String) -> String? {
        if !LabelNames.isValidLegacyLabelName(name) { return "invalid label name \(quoteGo(name))" }
        if name.utf8.count > maxLabelNameLength { return "label name longer than \(maxLabelNameLength) bytes" }
        if value.utf8.count > maxLabelValueLength { return "label \(name): value longer than \(maxLabelValueLength) bytes" }
        return nil
    }

    /// What Loki's validation says of a line, nil when it passes.
    static func lineProblem(_ line: String) -> String? {
        let size = line.utf8.count
        return size > maxLineBytes ? "line of \(size) bytes is longer than the \(maxLineBytes) bytes Loki accepts" : nil
    }

    private static func entry(_ value: Any) throws(Refusal) -> LogEntry {
        guard let pair = value as? [Any], pair.count == 2 || pair.count == 3 else {
            throw Refusal(message: "an entry is [\"<unix nanoseconds>\", \"<line>\"] with optional structured metadata")
        }
        guard let ts = pair[0] as? String, let t = Int64(ts) else {
            throw Refusal(message: "the time must be a string of Unix nanoseconds")
        }
        guard let line = pair[1] as? String else { throw Refusal(message: "the line must be a string") }
        if let problem = lineProblem(line) { throw Refusal(message: problem) }
        var metadata = Labels.empty
        if pair.count == 3 {
            guard let object = pair[2] as? [String: Any] else { throw Refusal(message: "structured metadata must be an object") }
            var items: [Label] = []
            for (name, raw) in object {
                guard let v = raw as? String else { throw Refusal(message: "structured metadata values must be strings") }
                guard LabelNames.isValidLegacyLabelName(name) else {
                    throw Refusal(message: "invalid structured metadata name \(quoteGo(name))")
                }
                items.append(Label(name, v))
            }
            metadata = Labels(items)
        }
        return LogEntry(timestamp: t, line: line, metadata: metadata)
    }
}
