import TimeSeries

/// Decodes Loki's query responses, as its HTTP API documentation describes them:
/// `{"status":"success","data":{"resultType":"vector"|"matrix"|"streams"|"scalar","result":…,"stats":{…}}}`.
/// Vector and matrix samples are Prometheus's (`"value":[<seconds>,"<value>"]`); streams carry
/// `"stream":{labels}` and `"values":[["<nanoseconds>","<line>"],…]` (newer versions may add a third
/// element with structured metadata, which is ignored here).
enum LokiResponseDecoder {
    static func decode(_ body: [UInt8], contentType: String?) throws(JSONShapeError) -> LokiQueryValue {
        let json = try JSONBody.parse(body, contentType: contentType)
        guard json.object != nil else { throw JSONShapeError("expected a JSON object, got \(json.kind)") }
        guard json["status"]?.string == "success" else {
            throw JSONShapeError("\"status\" is \(json["status"].map { $0.string.map { "\"\($0.prefix(40))\"" } ?? $0.kind } ?? "missing"), expected \"success\"")
        }
        guard let data = json["data"], data.object != nil else { throw JSONShapeError("a successful response has no data object") }
        let result = data["result"] ?? .null
        switch data["resultType"]?.string {
        case "vector", "matrix", "scalar":
            switch try PrometheusResponseDecoder.value(data) {
            case .vector(let v): return .vector(v)
            case .matrix(let m): return .matrix(m)
            case let .scalar(t, v): return .scalar(t: t, value: v)
            case .string: throw JSONShapeError("unexpected string result")
            }
        case "streams":
            guard let items = result.array else { throw JSONShapeError("a streams result must be an array, got \(result.kind)") }
            var streams: [LokiStream] = []
            streams.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { streams.append(try stream(item, "stream \(i)")) }
            return .streams(streams)
        case let other:
            throw JSONShapeError("unknown resultType \(other.map { "\"\($0.prefix(40))\"" } ?? "(missing)")")
        }
    }

    static func stream(_ item: JSONValue, _ what: String) throws(JSONShapeError) -> LokiStream {
        guard item.object != nil else { throw JSONShapeError("\(what) must be an object, got \(item.kind)") }
        let labels = try APIValueParsing.labels(item["stream"], "\(what) labels")
        var entries: [LokiEntry] = []
        if let values = item["values"], values != .null {
            guard let list = values.array else { throw JSONShapeError("\(what) values must be an array") }
            entries.reserveCapacity(list.count)
            for (i, v) in list.enumerated() {
                guard let pair = v.array, pair.count == 2 || pair.count == 3,
                      let ts = pair[0].string, let line = pair[1].string else {
                    throw JSONShapeError("\(what) entry \(i) must be [\"<nanoseconds>\", \"<line>\"]")
                }
                guard let ns = Int64(ts) else {
                    throw JSONShapeError("\(what) entry \(i) timestamp \"\(ts.prefix(40))\" is not an integer of nanoseconds")
                }
                entries.append(LokiEntry(timestampNanoseconds: ns, line: line))
            }
        }
        return LokiStream(labels: labels, entries: entries)
    }

    /// The message of an error response: the JSON `error`/`message` field, else the text itself.
    static func errorMessage(_ body: [UInt8]) -> String {
        if let json = try? JSONBody.parse(body, contentType: nil) {
            if let m = json["error"]?.string ?? json["message"]?.string { return m }
        }
        return HTTPStatusText.excerpt(body, limit: 1024)
    }
}
