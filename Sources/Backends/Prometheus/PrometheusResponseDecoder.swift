import TimeSeries

/// The result of one Prometheus query: the value and the annotations Prometheus attached.
public struct PrometheusQueryResult: Sendable, Hashable {
    public var value: QueryValue
    public var warnings: [String]
    public var infos: [String]

    public init(value: QueryValue, warnings: [String] = [], infos: [String] = []) {
        self.value = value
        self.warnings = warnings
        self.infos = infos
    }
}

/// Decodes the JSON of Prometheus's `/api/v1/query` (and `query_range`) responses: the envelope, every
/// result type, float and histogram samples. Upstream: `web/api/v1/api.go` (envelope) and
/// `web/api/v1/json_codec.go` (`{"metric":…,"value":[t,"v"]}`, `"histogram":[t,{…}]`, `"values"`,
/// `"histograms"`).
enum PrometheusResponseDecoder {
    enum Outcome {
        case success(PrometheusQueryResult)
        case apiError(PrometheusAPIError)
    }

    static func decode(status: Int, body: [UInt8], contentType: String?) throws(JSONShapeError) -> Outcome {
        let json = try JSONBody.parse(body, contentType: contentType)
        guard json.object != nil else { throw JSONShapeError("expected a JSON object, got \(json.kind)") }
        let warnings = try APIValueParsing.strings(json["warnings"], "warnings")
        let infos = try APIValueParsing.strings(json["infos"], "infos")
        switch json["status"]?.string {
        case "success" where (200...299).contains(status):
            guard let data = json["data"], data.object != nil else {
                throw JSONShapeError("a successful response has no data object")
            }
            return .success(PrometheusQueryResult(value: try value(data), warnings: warnings, infos: infos))
        case "error", "success":
            return .apiError(PrometheusAPIError(status: status, errorType: json["errorType"]?.string ?? "",
                                                message: json["error"]?.string ?? "", warnings: warnings))
        case let other:
            throw JSONShapeError("\"status\" must be \"success\" or \"error\", got \(other.map { "\"\($0.prefix(40))\"" } ?? "none")")
        }
    }

    static func value(_ data: JSONValue) throws(JSONShapeError) -> QueryValue {
        let result = data["result"] ?? .null
        switch data["resultType"]?.string {
        case "vector":
            guard let items = result.array else { throw JSONShapeError("a vector result must be an array, got \(result.kind)") }
            var samples: [InstantSample] = []
            samples.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { samples.append(try instantSample(item, "vector sample \(i)")) }
            return .vector(samples)
        case "matrix":
            guard let items = result.array else { throw JSONShapeError("a matrix result must be an array, got \(result.kind)") }
            var series: [RangeSeries] = []
            series.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { series.append(try rangeSeries(item, "matrix series \(i)")) }
            return .matrix(series)
        case "scalar":
            let (t, v) = try APIValueParsing.point(result, "scalar result")
            return .scalar(t: t, value: try APIValueParsing.float(v, "scalar value"))
        case "string":
            let (t, v) = try APIValueParsing.point(result, "string result")
            guard let s = v.string else { throw JSONShapeError("string result value must be a string, got \(v.kind)") }
            return .string(t: t, value: s)
        case let other:
            throw JSONShapeError("unknown resultType \(other.map { "\"\($0.prefix(40))\"" } ?? "(missing)")")
        }
    }

    static func instantSample(_ item: JSONValue, _ what: String) throws(JSONShapeError) -> InstantSample {
        guard item.object != nil else { throw JSONShapeError("\(what) must be an object, got \(item.kind)") }
        let labels = try APIValueParsing.labels(item["metric"], "\(what) metric")
        if let value = item["value"] {
            let (t, v) = try APIValueParsing.point(value, "\(what) value")
            return InstantSample(labels: labels, t: t, value: try APIValueParsing.float(v, "\(what) value"))
        }
        if let histogram = item["histogram"] {
            let (t, h) = try APIValueParsing.point(histogram, "\(what) histogram")
            // A histogram sample's float value is unused; 0 as the engine keeps it.
            return InstantSample(labels: labels, t: t, value: 0,
                                 histogram: try HistogramBucketsJSON.decode(h, "\(what) histogram"))
        }
        throw JSONShapeError("\(what) has neither \"value\" nor \"histogram\"")
    }

    static func rangeSeries(_ item: JSONValue, _ what: String) throws(JSONShapeError) -> RangeSeries {
        guard item.object != nil else { throw JSONShapeError("\(what) must be an object, got \(item.kind)") }
        var series = RangeSeries(labels: try APIValueParsing.labels(item["metric"], "\(what) metric"))
        if let values = item["values"], values != .null {
            guard let points = values.array else { throw JSONShapeError("\(what) values must be an array") }
            series.floats.reserveCapacity(points.count)
            for (i, p) in points.enumerated() {
                let (t, v) = try APIValueParsing.point(p, "\(what) point \(i)")
                series.floats.append(Sample(t: t, v: try APIValueParsing.float(v, "\(what) point \(i) value")))
            }
        }
        if let histograms = item["histograms"], histograms != .null {
            guard let points = histograms.array else { throw JSONShapeError("\(what) histograms must be an array") }
            for (i, p) in points.enumerated() {
                let (t, h) = try APIValueParsing.point(p, "\(what) histogram \(i)")
                series.histograms.append(HistogramSample(t: t, h: try HistogramBucketsJSON.decode(h, "\(what) histogram \(i)")))
            }
        }
        return series
    }
}
