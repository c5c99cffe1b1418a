import TimeSeries
import Foundation

/// One sample of a `query` result, as Prometheus's template `sample` (`Labels`, `Value`).
public struct PrometheusSample: Sendable {
    public var labels: [String: String]
    public var value: Double
    public init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// What Prometheus rule templates need from their surroundings.
public struct PrometheusTemplateContext: Sendable {
    /// Runs a PromQL instant query at the evaluation time.
    public var query: @Sendable (String) throws -> [PrometheusSample]
    /// The external URL; nil behaves as Prometheus with no URL configured (`externalURL` fails).
    public var externalURL: String?
    /// Evaluation time in Unix seconds (`now`).
    public var timestamp: Double
    /// `title`: Prometheus 3 uses `cases.Title(…, cases.NoLower)`; 2.x used Go's `strings.Title`.
    public var legacyTitle: Bool

    public init(query: @escaping @Sendable (String) throws -> [PrometheusSample] = { _ in throw FunctionError("no query engine configured") },
                externalURL: String? = nil, timestamp: Double = 0, legacyTitle: Bool = false) {
        self.query = query
        self.externalURL = externalURL
        self.timestamp = timestamp
        self.legacyTitle = legacyTitle
    }
}

extension FunctionSet {
    /// Go builtins plus Prometheus's rule template functions, without a query engine.
    public static let prometheus = FunctionSet.prometheus(PrometheusTemplateContext())

    /// Go builtins plus Prometheus's rule template functions bound to `context`.
    public static func prometheus(_ context: PrometheusTemplateContext) -> FunctionSet {
        FunctionSet.builtins.adding(PrometheusFunctions.functions(context))
    }
}

public enum PrometheusFunctions {
    public static let alertTemplatePrefix = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

    static let nilDereference = "runtime error: invalid memory address or nil pointer dereference"
    static let sampleType = "*template.sample"
    static let resultType = "template.queryResult"

    static func sampleValue(_ s: PrometheusSample) -> TemplateValue {
        .object(TemplateObject(typeName: sampleType, fields: [("Labels", .stringMap(s.labels)), ("Value", .float(s.value))]))
    }

    static func queryResult(_ items: [TemplateValue]) -> TemplateValue {
        .object(TemplateObject(typeName: resultType, underlying: .list(items)))
    }

    static func sampleLabels(_ v: TemplateValue) -> [String: String] {
        if case .object(let o) = v, case .stringMap(let m)? = o.field("Labels") { return m }
        return [:]
    }

    /// Prometheus's `ConvertToFloat`.
    static func toFloat(_ v: TemplateValue) throws(FunctionError) -> Double {
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .duration(let d): return Double(d) / 1e9
        case .string(let s): return try parseFloat(s)
        default: throw FunctionError("can't convert \(v.goTypeName) to float")
        }
    }

    /// `strconv.ParseFloat(s, 64)` with its error texts.
    static func parseFloat(_ s: String) throws(FunctionError) -> Double {
        let lower = s.lowercased()
        var body = lower
        var sign = 1.0
        if body.hasPrefix("+") || body.hasPrefix("-") { sign = body.hasPrefix("-") ? -1 : 1; body.removeFirst() }
        if body == "inf" || body == "infinity" { return sign * .infinity }
        if body == "nan" { return .nan }
        // Underscores must sit between digits (Go's underscoreOK).
        let underscoresOK = !s.contains("__") && !s.hasPrefix("_") && !s.hasSuffix("_") && !s.contains("._") && !s.contains("_.")
        if underscoresOK, let d = GoNumber.parseFloat(s) {
            return d
        }
        if !s.contains("_"), let first = body.first, first.isNumber || first == ".", let d = Double(s), d.isInfinite {
            throw FunctionError("strconv.ParseFloat: parsing \(GoQuote.quote(s)): value out of range")
        }
        throw FunctionError("strconv.ParseFloat: parsing \(GoQuote.quote(s)): invalid syntax")
    }

    static func g4(_ v: Double) -> String { GoFormat.sprintf("%.4g", [.float(v)]) }

    static func humanize(_ x: Double) -> String {
        var v = x
        if v == 0 || v.isNaN || v.isInfinite { return g4(v) }
        if abs(v) >= 1 {
            var prefix = ""
            for p in ["k", "M", "G", "T", "P", "E", "Z", "Y"] {
                if abs(v) < 1000 { break }
                prefix = p
                v /= 1000
            }
            return g4(v) + prefix
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v) + prefix
    }

    static func humanize1024(_ x: Double) -> String {
        var v = x
        if abs(v) <= 1 || v.isNaN || v.isInfinite { return g4(v) }
        var prefix = ""
        for p in ["ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"] {
            if abs(v) < 1024 { break }
            prefix = p
            v /= 1024
        }
        return g4(v) + prefix
    }

    static func humanizeDuration(_ x: Double) -> String {
        var v = x
        if v.isNaN || v.isInfinite { return g4(v) }
        if v == 0 { return g4(v) + "s" }
        if abs(v) >= 1 {
            var sign = ""
            if v < 0 { sign = "-"; v = -v }
            // Go converts out-of-range floats to int64 as 0x8000000000000000 (amd64).
            let d = v < 9.223372036854775807e18 ? Int64(v) : Int64.min
            let seconds = d % 60, minutes = (d / 60) % 60, hours = (d / 3600) % 24, days = d / 86400
            if days != 0 { return "\(sign)\(days)d \(hours)h \(minutes)m \(seconds)s" }
            if hours != 0 { return "\(sign)\(hours)h \(minutes)m \(seconds)s" }
            if minutes != 0 { return "\(sign)\(minutes)m \(seconds)s" }
            return sign + g4(v) + "s"
        }
        var prefix = ""
        for p in ["m", "u", "n", "p", "f", "a", "z", "y"] {
            if abs(v) >= 1 { break }
            prefix = p
            v *= 1000
        }
        return g4(v) + prefix + "s"
    }

    static func floatToTime(_ v: Double) throws(FunctionError) -> GoTime {
        if v.isNaN || v.isInfinite { throw FunctionError("value is NaN or Inf") }
        let ts = v * 1e9
        if ts > 9.223372036854775807e18 || ts < -9.223372036854775808e18 {
            throw FunctionError("\(GoFormat.sprint([.float(v)])) cannot be represented as a nanoseconds timestamp since it overflows int64")
        }
        // model.TimeFromUnixNano keeps millisecond precision. Exactly 2^63 passes Go's check (MaxInt64 rounds
        // up to it as a float64) and converts to MinInt64 on amd64.
        let nanos = ts >= 9.223372036854775808e18 ? Int64.min : Int64(ts)
        let millis = nanos / 1_000_000
        var secs = millis / 1000
        var ms = millis % 1000
        if ms < 0 { ms += 1000; secs -= 1 }
        return GoTime(seconds: secs, nanoseconds: Int32(ms * 1_000_000))
    }

    /// Go's deprecated `strings.Title`.
    static func title(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var prev: Unicode.Scalar = " "
        func isSeparator(_ r: Unicode.Scalar) -> Bool {
            if r.value <= 0x7F {
                if (r.value >= 48 && r.value <= 57) || (r.value >= 65 && r.value <= 90) || (r.value >= 97 && r.value <= 122) || r == "_" { return false }
                return true
            }
            if r.properties.isAlphabetic || r.properties.numericType != nil { return false }
            return r.properties.isWhitespace
        }
        for r in s.unicodeScalars {
            if isSeparator(prev) {
                out.append(contentsOf: String(r).uppercased().unicodeScalars.prefix(1).count == 1 ? titleCase(r) : [r])
            } else {
                out.append(r)
            }
            prev = r
        }
        return String(out)
    }

    static func titleCase(_ r: Unicode.Scalar) -> [Unicode.Scalar] {
        let t = r.properties.titlecaseMapping.unicodeScalars
        return t.count == 1 ? Array(t) : [r]
    }

    /// `net.SplitHostPort`; nil when it fails.
    static func splitHostPort(_ hp: String) -> (String, String)? {
        guard let colon = hp.lastIndex(of: ":") else { return nil }
        var host = String(hp[..<colon])
        let port = String(hp[hp.index(after: colon)...])
        if host.hasPrefix("[") {
            guard host.hasSuffix("]") else { return nil }
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil
        }
        if host.contains("[") || host.contains("]") || port.contains("[") || port.contains("]") { return nil }
        return (host, port)
    }

    static func isIP(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ p in !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isNumber) && Int(p)! <= 255 }) {
            return true
        }
        return s.contains(":") && s.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }

    static func joinHostPort(_ host: String, _ port: String) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func functions(_ ctx: PrometheusTemplateContext) -> [TemplateFunction] {
        let externalURL = ctx.externalURL
        let query = ctx.query
        let ts = ctx.timestamp
        let legacyTitle = ctx.legacyTitle
        return [
            TemplateFunction("query", params: [.string]) { a throws(FunctionError) in
                do {
                    return queryResult(try query(a[0].stringValue ?? "").map(sampleValue))
                } catch let e as FunctionError {
                    throw e
                } catch {
                    throw FunctionError("\(error)")
                }
            },
            TemplateFunction("first", params: [.object(resultType)]) { a throws(FunctionError) in
                guard let l = a[0].listElements, let f = l.first else {
                    throw FunctionError("first() called on vector with no elements")
                }
                return f
            },
            TemplateFunction("label", params: [.string, .object(sampleType)]) { a throws(FunctionError) in
                if case .object(let o) = a[1], o.isNilPointer { throw FunctionError("runtime error: invalid memory address or nil pointer dereference") }
                return .string(sampleLabels(a[1])[a[0].stringValue ?? ""] ?? "")
            },
            TemplateFunction("value", params: [.object(sampleType)]) { a throws(FunctionError) in
                guard case .object(let o) = a[0], let v = o.field("Value") else {
                    throw FunctionError("runtime error: invalid memory address or nil pointer dereference")
                }
                return v
            },
            TemplateFunction("strvalue", params: [.object(sampleType)]) { a throws(FunctionError) in
                .string(sampleLabels(a[0])["__value__"] ?? "")
            },
            TemplateFunction("args", params: [], variadic: .any) { a throws(FunctionError) in
                var m: [String: TemplateValue] = [:]
                for (i, v) in a.enumerated() { m["arg\(i)"] = v }
                return .map(m)
            },
            TemplateFunction("reReplaceAll", params: [.string, .string, .string]) { a throws(FunctionError) in
                .string(try TemplateRegex.replaceAll(a[0].stringValue!, a[1].stringValue!, a[2].stringValue!))
            },
            TemplateFunction("safeHtml", params: [.string]) { a throws(FunctionError) in
                .object(TemplateObject(typeName: "template.HTML", underlying: a[0]))
            },
            TemplateFunction("match", params: [.string, .string]) { a throws(FunctionError) in
                .bool(try TemplateRegex.matchString(a[0].stringValue!, a[1].stringValue!))
            },
            TemplateFunction("title", params: [.string]) { a throws(FunctionError) in
                let s = a[0].stringValue!
                return .string(legacyTitle ? title(s) : UnicodeTitle.title(s, lowerRest: false))
            },
            TemplateFunction("toUpper", params: [.string]) { a throws(FunctionError) in .string(GoCase.upper(a[0].stringValue!)) },
            TemplateFunction("toLower", params: [.string]) { a throws(FunctionError) in .string(GoCase.lower(a[0].stringValue!)) },
            TemplateFunction("graphLink", params: [.string]) { a throws(FunctionError) in
                .string("/graph?g0.expr=\(Builtins.queryEscape(a[0].stringValue!))&g0.tab=0")
            },
            TemplateFunction("tableLink", params: [.string]) { a throws(FunctionError) in
                .string("/graph?g0.expr=\(Builtins.queryEscape(a[0].stringValue!))&g0.tab=1")
            },
            TemplateFunction("sortByLabel", params: [.string, .object(resultType)]) { a throws(FunctionError) in
                let label = a[0].stringValue!
                let items = a[1].listElements ?? []
                let sorted = items.enumerated().sorted { x, y in
                    let lx = sampleLabels(x.element)[label] ?? "", ly = sampleLabels(y.element)[label] ?? ""
                    if lx != ly { return Array(lx.utf8).lexicographicallyPrecedes(Array(ly.utf8)) }
                    return x.offset < y.offset
                }.map(\.element)
                return queryResult(sorted)
            },
            TemplateFunction("humanize", params: [.any]) { a throws(FunctionError) in .string(humanize(try toFloat(a[0]))) },
            TemplateFunction("humanize1024", params: [.any]) { a throws(FunctionError) in .string(humanize1024(try toFloat(a[0]))) },
            TemplateFunction("humanizeDuration", params: [.any]) { a throws(FunctionError) in
                .string(humanizeDuration(try toFloat(a[0])))
            },
            TemplateFunction("humanizePercentage", params: [.any]) { a throws(FunctionError) in
                .string(GoFormat.sprintf("%.4g%%", [.float(try toFloat(a[0]) * 100)]))
            },
            TemplateFunction("humanizeTimestamp", params: [.any]) { a throws(FunctionError) in
                let v = try toFloat(a[0])
                if v.isNaN || v.isInfinite { return .string(g4(v)) }
                return .string(try floatToTime(v).goString)
            },
            TemplateFunction("toTime", params: [.any]) { a throws(FunctionError) in .time(try floatToTime(try toFloat(a[0]))) },
            TemplateFunction("toDuration", params: [.any]) { a throws(FunctionError) in
                let v = try toFloat(a[0])
                if v.isNaN || v.isInfinite { throw FunctionError("value is NaN or Inf") }
                let ns = v * 1e9
                if ns > 9.223372036854775807e18 || ns < -9.223372036854775808e18 {
                    throw FunctionError("\(GoFormat.sprint([.float(v)])) cannot be represented as a nanoseconds duration since it overflows int64")
                }
                return .duration(ns >= 9.223372036854775808e18 ? Int64.min : Int64(ns))
            },
            TemplateFunction("now", params: []) { _ throws(FunctionError) in .float(ts) },
            TemplateFunction("pathPrefix", params: []) { _ throws(FunctionError) in
                guard let externalURL else { throw FunctionError(nilDereference) }
                return .string(URLComponents(string: externalURL)?.path ?? "")
            },
            TemplateFunction("externalURL", params: []) { _ throws(FunctionError) in
                guard let externalURL else { throw FunctionError(nilDereference) }
                return .string(externalURL)
            },
            TemplateFunction("parseDuration", params: [.string]) { a throws(FunctionError) in
                let text = a[0].stringValue ?? ""
                do throws(PromDuration.ParseError) {
                    return .float(try PromDuration(parsing: text).seconds)
                } catch {
                    // The model.ParseDuration of Prometheus 2.x checks the shape with a regular expression
                    // first, so a text with a unit it does not know is "not a valid duration string".
                    if error.message.hasPrefix("unknown unit") {
                        throw FunctionError("not a valid duration string: \(GoQuote.quote(text))")
                    }
                    throw FunctionError(error.message)
                }
            },
            TemplateFunction("urlQueryEscape", params: [.string]) { a throws(FunctionError) in
                .string(Builtins.queryEscape(a[0].stringValue!))
            },
            TemplateFunction("stripPort", params: [.string]) { a throws(FunctionError) in
                let hp = a[0].stringValue!
                return .string(splitHostPort(hp)?.0 ?? hp)
            },
            TemplateFunction("stripDomain", params: [.string]) { a throws(FunctionError) in
                let hp = a[0].stringValue!
                let split = splitHostPort(hp)
                var host = split?.0 ?? hp
                if isIP(host) { return .string(hp) }
                host = String(host.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
                if let port = split?.1, !port.isEmpty { return .string(joinHostPort(host, port)) }
                return .string(host)
            },
        ]
    }
}
