import LogQL
import PromQL
import TimeSeries

/// The protobuf body of `POST /loki/api/v1/push` (Loki's `logproto.PushRequest`), which Promtail, Grafana
/// Alloy and Vector send, snappy-compressed, with `Content-Type: application/x-protobuf`:
///
///     PushRequest   { repeated StreamAdapter streams = 1; }
///     StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
///     EntryAdapter  { google.protobuf.Timestamp timestamp = 1; string line = 2;
///                     repeated LabelPairAdapter structuredMetadata = 3; }
///     LabelPairAdapter { string name = 1; string value = 2; }
///     Timestamp     { int64 seconds = 1; int32 nanos = 2; }
///
/// A stream's labels come as text, `{job="x", host="y"}`. Streams are checked as the JSON ones are (see
/// `LokiPushRequest`): a bad stream is refused with its position, the others are kept; a body that is not
/// this message at all refuses everything.
enum LokiPushProtobuf {
    static func decode(_ body: [UInt8]) throws(LokiPushRequest.Unreadable) -> LokiPushRequest {
        var request = LokiPushRequest()
        var reader = ProtobufWireReader(body[...])
        var index = 0
        do {
            while let (field, value) = try reader.next() {
                guard field == 1 else { continue }
                defer { index += 1 }
                guard case .bytes(let bytes) = value else {
                    request.refused.append("streams[\(index)]: expected a message")
                    continue
                }
                do {
                    request.streams.append(try stream(bytes))
                } catch {
                    request.refused.append("streams[\(index)]\(error.message)")
                }
            }
        } catch {
            throw LokiPushRequest.Unreadable(message: "the body is not a protobuf PushRequest: \(error.message)")
        }
        return request
    }

    private static func stream(_ bytes: ArraySlice<UInt8>) throws(LokiPushRequest.Refusal) -> LokiPushRequest.Stream {
        var reader = ProtobufWireReader(bytes)
        var labelText: String?
        var entries: [LogEntry] = []
        do {
            while let (field, value) = try reader.next() {
                switch field {
                case 1: labelText = try value.string()
                case 2:
                    do { entries.append(try entry(try value.message())) } catch {
                        throw LokiPushRequest.Refusal(message: ".entries[\(entries.count)]: \(Self.message(of: error))")
                    }
                default: continue
                }
            }
        } catch let refusal as LokiPushRequest.Refusal {
            throw refusal
        } catch {
            throw LokiPushRequest.Refusal(message: ": \(Self.message(of: error))")
        }
        return LokiPushRequest.Stream(labels: try labels(labelText ?? ""), entries: entries)
    }

    private static func message(of error: any Error) -> String {
        (error as? LokiPushRequest.Refusal)?.message ?? (error as? ProtobufWireReader.Malformed)?.message ?? "\(error)"
    }

    /// `{name="value", …}` as Loki's `ParseLabels` reads it.
    private static func labels(_ text: String) throws(LokiPushRequest.Refusal) -> Labels {
        let parsed: Labels
        do {
            let (labels, end) = try SeriesDescription.parse(prefixOf: text)
            guard String(text.unicodeScalars.dropFirst(end)).allSatisfy(\.isWhitespace) else {
                throw LokiPushRequest.Refusal(message: ".labels: unexpected text after the closing brace")
            }
            parsed = labels
        } catch let refusal as LokiPushRequest.Refusal {
            throw refusal
        } catch {
            throw LokiPushRequest.Refusal(message: ".labels: \(quoteGo(text)) is not a label set: \(error)")
        }
        guard !parsed.isEmpty else { throw LokiPushRequest.Refusal(message: ".labels: error at least one label pair is required per stream") }
        guard parsed.count <= LokiPushRequest.maxLabelNames else {
            throw LokiPushRequest.Refusal(message: ".labels: \(parsed.count) labels, more than the \(LokiPushRequest.maxLabelNames) Loki allows per stream")
        }
        for label in parsed {
            if let problem = LokiPushRequest.labelProblem(name: label.name, value: label.value) {
                throw LokiPushRequest.Refusal(message: ".labels: " + problem)
            }
        }
        return parsed
    }

    private static func entry(_ bytes: ArraySlice<UInt8>) throws -> LogEntry {
        var reader = ProtobufWireReader(bytes)
        var timestamp: Int64 = 0
        var line = ""
        var metadata: [Label] = []
        while let (field, value) = try reader.next() {
            switch field {
            case 1: timestamp = try nanoseconds(try value.message())
            case 2:
                line = try value.string()
                if let problem = LokiPushRequest.lineProblem(line) { throw LokiPushRequest.Refusal(message: problem) }
            case 3:
                var pair = ProtobufWireReader(try value.message())
                var name = "", text = ""
                while let (f, v) = try pair.next() {
                    if f == 1 { name = try v.string() } else if f == 2 { text = try v.string() }
                }
                guard LabelNames.isValidLegacyLabelName(name) else {
                    throw LokiPushRequest.Refusal(message: "invalid structured metadata name \(quoteGo(name))")
                }
                metadata.append(Label(name, text))
            default: continue
            }
        }
        return LogEntry(timestamp: timestamp, line: line, metadata: Labels(metadata))
    }

    /// A `google.protobuf.Timestamp` in Unix nanoseconds; one outside Int64's range (after 2262) is refused.
    private static func nanoseconds(_ bytes: ArraySlice<UInt8>) throws -> Int64 {
        var reader = ProtobufWireReader(bytes)
        var seconds: Int64 = 0, nanos: Int64 = 0
        while let (field, value) = try reader.next() {
            if field == 1 { seconds = Int64(bitPattern: try value.integer()) }
            if field == 2 { nanos = Int64(Int32(truncatingIfNeeded: try value.integer())) }
        }
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, overflow2) = scaled.addingReportingOverflow(nanos)
        guard !overflow, !overflow2 else { throw LokiPushRequest.Refusal(message: "the timestamp is outside the range Vigil stores") }
        return sum
    }
}
