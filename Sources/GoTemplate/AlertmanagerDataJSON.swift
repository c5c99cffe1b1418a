import TimeSeries
import Foundation

extension AlertmanagerData {
    /// Decodes notification data as Go's `json.Unmarshal` into `template.Data` does, so a webhook
    /// payload or an `amtool template render --template.data` file can be used as is: keys match the
    /// json tags case-insensitively, unknown keys (`version`, `groupKey`, …) are ignored, `null` or a
    /// missing key leaves the zero value, and group/common labels are taken as given, never derived.
    public init(json: Data) throws(AlertmanagerDataJSONError) {
        try self.init(bytes: json)
    }

    /// As `init(json:)`, from the file's bytes as read (no copy into `Data`: a 40 MB file would be held twice).
    public init(jsonBytes: [UInt8]) throws(AlertmanagerDataJSONError) {
        try self.init(bytes: jsonBytes)
    }

    private init<Bytes: ContiguousBytes & Sendable>(bytes json: Bytes) throws(AlertmanagerDataJSONError) {
        // Parse and decode on one large stack: both recurse once per nesting level.
        self = try LargeStack.run { () throws(AlertmanagerDataJSONError) -> AlertmanagerData in
            let result = json.withUnsafeBytes { bytes -> Result<AlertmanagerData, AlertmanagerDataJSONError> in
                var parser = JSONParser(bytes.bindMemory(to: UInt8.self))
                return Result { () throws(AlertmanagerDataJSONError) -> AlertmanagerData in try AlertmanagerData.stream(&parser) }
            }
            return try result.get()
        }
    }

    /// Reads the document with the alerts decoded one at a time, so that only one alert's JSON tree exists
    /// at once: notification data is mostly its alerts, and holding the tree of all of them next to their
    /// decoded form took twice the memory amtool needs for the same file.
    ///
    /// Go checks the syntax of the whole document before decoding any of it, so a syntax error anywhere
    /// wins over a type error; type errors are therefore kept until the end of the document is reached.
    static func stream(_ parser: inout JSONParser) throws(AlertmanagerDataJSONError) -> AlertmanagerData {
        func syntax<T>(_ body: (inout JSONParser) throws(JSONValue.SyntaxError) -> T) throws(AlertmanagerDataJSONError) -> T {
            do throws(JSONValue.SyntaxError) {
                return try body(&parser)
            } catch {
                throw AlertmanagerDataJSONError(message: error.description)
            }
        }
        try syntax { p throws(JSONValue.SyntaxError) in p.skipSpace() }
        guard parser.i < parser.b.count, parser.b[parser.i] == UInt8(ascii: "{") else {
            // Not an object: the whole value is small or wrong; decode it as a tree for Go's messages.
            let root = try syntax { p throws(JSONValue.SyntaxError) in try p.document() }
            return try decode(root)
        }
        var members: [(key: String, value: JSONValue)] = []
        var alerts: [AlertmanagerAlert] = []
        var typeError: AlertmanagerDataJSONError?
        try syntax { p throws(JSONValue.SyntaxError) in
            try p.members { p, key throws(JSONValue.SyntaxError) in
                guard key.utf8.count == 6, key.lowercased() == "alerts" else {
                    members.append((key, try p.value()))
                    return
                }
                // Go stores each occurrence in turn: the last one wins, `null` empties the list.
                guard p.i < p.b.count, p.b[p.i] == UInt8(ascii: "[") else {
                    let v = try p.value()
                    if case .null = v {
                        alerts = []
                    } else if typeError == nil {
                        typeError = JSONField(members: [], structName: "Data", path: "").mismatch("alerts", v, "template.Alerts")
                    }
                    return
                }
                var list: [AlertmanagerAlert] = []
                try p.elements { p throws(JSONValue.SyntaxError) in
                    let item = try p.value()
                    guard typeError == nil else { return }
                    do throws(AlertmanagerDataJSONError) {
                        if let alert = try decodeAlert(item) { list.append(alert) }
                    } catch {
                        typeError = error
                    }
                }
                alerts = list
            }
            p.skipSpace()
            if p.i < p.b.count { throw p.invalid("after top-level value") }
        }
        if let typeError { throw typeError }
        let d = JSONField(members: members, structName: "Data", path: "")
        return AlertmanagerData(receiver: try d.string("receiver"), status: try d.string("status"), alerts: alerts,
                                groupLabels: try d.kv("groupLabels"), commonLabels: try d.kv("commonLabels"),
                                commonAnnotations: try d.kv("commonAnnotations"), externalURL: try d.string("externalURL"))
    }

    /// One element of `alerts`; nil for `null`.
    static func decodeAlert(_ item: JSONValue) throws(AlertmanagerDataJSONError) -> AlertmanagerAlert? {
        if case .null = item { return nil }
        guard case .object(let a) = item else {
            throw JSONField(members: [], structName: "Data", path: "").mismatch("alerts", item, "template.Alert")
        }
        let f = JSONField(members: a, structName: "Alert", path: "alerts.")
        return AlertmanagerAlert(
            status: try f.string("status"), labels: try f.kv("labels"), annotations: try f.kv("annotations"),
            startsAt: try f.time("startsAt"), endsAt: try f.time("endsAt"),
            generatorURL: try f.string("generatorURL"), fingerprint: try f.string("fingerprint"))
    }

    static func decode(_ root: JSONValue) throws(AlertmanagerDataJSONError) -> AlertmanagerData {
        if case .null = root {
            return AlertmanagerData(receiver: "", status: "", alerts: [], commonLabels: [:], commonAnnotations: [:])
        }
        guard case .object(let object) = root else {
            throw AlertmanagerDataJSONError(message: "json: cannot unmarshal \(JSONField.kind(root)) into Go value of type template.Data")
        }
        let d = JSONField(members: object, structName: "Data", path: "")
        var alerts: [AlertmanagerAlert] = []
        if let list = d.value("alerts") {
            guard case .array(let items) = list else { throw d.mismatch("alerts", list, "template.Alerts") }
            alerts.reserveCapacity(items.count)
            for item in items {
                if let alert = try decodeAlert(item) { alerts.append(alert) }
            }
        }
        return AlertmanagerData(receiver: try d.string("receiver"), status: try d.string("status"), alerts: alerts,
                                groupLabels: try d.kv("groupLabels"), commonLabels: try d.kv("commonLabels"),
                                commonAnnotations: try d.kv("commonAnnotations"), externalURL: try d.string("externalURL"))
    }
}

public struct AlertmanagerDataJSONError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// One JSON object being read into a Go struct: field lookup and Go's error wording.
private struct JSONField {
    let members: [(key: String, value: JSONValue)]
    let structName: String
    let path: String

    /// Go's `json.Unmarshal` into a struct: every member whose key equals the field name, exactly or
    /// case-insensitively, is stored in turn, so the last one wins; nil for absent or null.
    func value(_ key: String) -> JSONValue? {
        var found: JSONValue?
        for m in members where m.key == key || (m.key.count == key.count && m.key.lowercased() == key.lowercased()) {
            found = m.value
        }
        if case .null? = found { return nil }
        return found
    }

    func string(_ key: String) throws(AlertmanagerDataJSONError) -> String {
        guard let v = value(key) else { return "" }
        guard case .string(let s) = v else { throw mismatch(key, v, "string") }
        return s
    }

    func kv(_ key: String) throws(AlertmanagerDataJSONError) -> [String: String] {
        guard let v = value(key) else { return [:] }
        guard case .object(let m) = v else { throw mismatch(key, v, "template.KV") }
        var out: [String: String] = Dictionary(minimumCapacity: m.count)
        for (k, item) in m {
            switch item {
            case .null: out[k] = ""
            case .string(let s): out[k] = s
            default: throw mismatch(key, item, "string")
            }
        }
        return out
    }

    func time(_ key: String) throws(AlertmanagerDataJSONError) -> GoTime {
        let zero = GoTime(seconds: -62_135_596_800)
        guard let v = value(key) else { return zero }
        guard case .string(let s) = v else { throw mismatch(key, v, "time.Time") }
        guard let t = RFC3339.parse(s) else {
            throw AlertmanagerDataJSONError(message: "parsing time \(GoQuote.quote("\"" + s + "\"")) as \"\\\"2006-01-02T15:04:05Z07:00\\\"\": cannot parse \(GoQuote.quote(s)) as RFC 3339")
        }
        return t
    }

    func mismatch(_ key: String, _ value: JSONValue, _ type: String) -> AlertmanagerDataJSONError {
        AlertmanagerDataJSONError(message: "json: cannot unmarshal \(JSONField.kind(value)) into Go struct field \(structName).\(path)\(key) of type \(type)")
    }

    static func kind(_ v: JSONValue) -> String {
        switch v {
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        case .number: return "number"
        case .bool: return "bool"
        case .null: return "value"
        }
    }
}

/// Go's `time.Time.UnmarshalJSON`: RFC 3339 with optional fractional seconds.
enum RFC3339 {
    static func parse(_ s: String) -> GoTime? {
        let b = Array(s.utf8)
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        func byte(_ at: Int, _ c: Character) -> Bool { at < b.count && b[at] == c.asciiValue! }
        guard let year = digits(0, 4), byte(4, "-"), let month = digits(5, 2), byte(7, "-"), let day = digits(8, 2),
              byte(10, "T"), let hour = digits(11, 2), byte(13, ":"), let minute = digits(14, 2), byte(16, ":"),
              let second = digits(17, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month, year), hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var nanos = 0
        if byte(i, ".") || byte(i, ",") {
            i += 1
            var n = 0
            var scale = 100_000_000
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if scale > 0 { nanos += Int(b[i] - 0x30) * scale; scale /= 10 }
                i += 1
                n += 1
            }
            if n == 0 { return nil }
        }
        var offset = 0
        if byte(i, "Z") {
            i += 1
        } else if byte(i, "+") || byte(i, "-") {
            guard let oh = digits(i + 1, 2), byte(i + 3, ":"), let om = digits(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (byte(i, "-") ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let secs = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        if offset == 0 { return GoTime(seconds: secs, nanoseconds: Int32(nanos)) }
        // Go names a zone it cannot identify by its offset ("+0200").
        let o = abs(offset)
        let name = (offset < 0 ? "-" : "+") + GoTimeFormat.pad(o / 3600, 2) + GoTimeFormat.pad((o / 60) % 60, 2)
        return GoTime(seconds: secs, nanoseconds: Int32(nanos), offset: offset, zone: name)
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
