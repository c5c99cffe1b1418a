import TimeSeries

/// The scalar encodings shared by Prometheus's and Loki's JSON: sample values as strings (`"1.5"`, `"NaN"`,
/// `"+Inf"`, `"-Inf"`), times as float seconds, labels as string objects.
enum APIValueParsing {
    /// A sample value. Go writes `NaN`, `+Inf` and `-Inf`; other spellings Swift accepts (`inf`,
    /// `nan(0x1)`, hex floats) are refused, since no server writes them.
    static func float(_ v: JSONValue, _ what: @autoclosure () -> String) throws(JSONShapeError) -> Double {
        guard let s = v.string else { throw JSONShapeError("\(what()) must be a string, got \(v.kind)") }
        switch s {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            let lower = s.lowercased()
            guard !lower.contains("inf"), !lower.contains("nan"), !lower.contains("x"), let d = Double(s) else {
                throw JSONShapeError("\(what()) \"\(s.prefix(64))\" is not a number")
            }
            return d
        }
    }

    /// Largest magnitude in seconds whose milliseconds fit an Int64 with room to spare.
    static let maxSeconds = 9.2e15

    /// Float seconds (`1435781451.781`) to milliseconds, rounded: the servers write at most millisecond
    /// precision, and a double holds 13-digit millisecond times exactly enough to round back.
    static func milliseconds(fromSeconds v: JSONValue, _ what: @autoclosure () -> String) throws(JSONShapeError) -> Int64 {
        let seconds: Double
        switch v {
        case .number(let d): seconds = d
        case .string(let s):
            guard let d = Double(s) else { throw JSONShapeError("\(what()) \"\(s.prefix(64))\" is not a time") }
            seconds = d
        default:
            throw JSONShapeError("\(what()) must be a number of seconds, got \(v.kind)")
        }
        guard seconds.isFinite, abs(seconds) < maxSeconds / 1000 else {
            throw JSONShapeError("\(what()) \(seconds) is out of range")
        }
        return Int64((seconds * 1000).rounded())
    }

    /// A `[time, "value"]` pair.
    static func point(_ v: JSONValue, _ what: @autoclosure () -> String) throws(JSONShapeError) -> (t: Int64, value: JSONValue) {
        guard let pair = v.array, pair.count == 2 else {
            throw JSONShapeError("\(what()) must be a [time, value] pair, got \(v.kind)")
        }
        return (try milliseconds(fromSeconds: pair[0], "\(what()) time"), pair[1])
    }

    static func labels(_ v: JSONValue?, _ what: @autoclosure () -> String) throws(JSONShapeError) -> Labels {
        guard let v else { return .empty }
        if case .null = v { return .empty }
        guard let object = v.object else { throw JSONShapeError("\(what()) must be an object of labels, got \(v.kind)") }
        var labels: [Label] = []
        labels.reserveCapacity(object.count)
        for (name, value) in object {
            guard let s = value.string else { throw JSONShapeError("\(what()) label \(name) must be a string, got \(value.kind)") }
            labels.append(Label(name, s))
        }
        return Labels(labels)
    }

    static func strings(_ v: JSONValue?, _ what: @autoclosure () -> String) throws(JSONShapeError) -> [String] {
        guard let v else { return [] }
        if case .null = v { return [] }
        guard let array = v.array else { throw JSONShapeError("\(what()) must be an array of strings, got \(v.kind)") }
        var out: [String] = []
        for item in array {
            guard let s = item.string else { throw JSONShapeError("\(what()) must be an array of strings") }
            out.append(s)
        }
        return out
    }
}
