import TimeSeries
import Foundation

/// The log line being formatted by `line_format` / `label_format`.
public struct LokiTemplateContext: Sendable {
    public var line: String
    /// The entry's timestamp (`__timestamp__`) and the current time (`now`).
    public var timestamp: GoTime
    public var now: GoTime
    public init(line: String = "", timestamp: GoTime = GoTime(seconds: 0), now: GoTime = GoTime(seconds: 0)) {
        self.line = line
        self.timestamp = timestamp
        self.now = now
    }
}

extension FunctionSet {
    /// Go builtins plus Loki's `line_format` functions (from the Loki documentation), with no line bound.
    public static let loki = FunctionSet.loki(LokiTemplateContext())

    public static func loki(_ context: LokiTemplateContext) -> FunctionSet {
        FunctionSet.builtins.adding(LokiFunctions.functions(context))
    }
}

/// Loki template functions as documented (mostly Sprig semantics: loose argument conversion).
enum LokiFunctions {
    /// Sprig's `toString`.
    static func str(_ v: TemplateValue) -> String {
        switch v {
        case .string(let s): return s
        case .null: return ""
        default: return GoFormat.sprint([v])
        }
    }

    /// Sprig's `toInt64` (cast.ToInt64: strings parse, floats truncate, failures are 0).
    static func int(_ v: TemplateValue) -> Int {
        switch v {
        case .int(let i): return i
        case .float(let d): return d.isFinite && abs(d) < 9.2e18 ? Int(d) : 0
        case .bool(let b): return b ? 1 : 0
        case .duration(let d): return Int(d)
        case .string(let s): return GoNumber.parseInt(s) ?? 0
        default: return 0
        }
    }

    /// Sprig's `toFloat64`.
    static func float(_ v: TemplateValue) -> Double {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return Double(s) ?? 0
        default: return 0
        }
    }

    static func trunc(_ n: Int, _ s: String) -> String {
        let chars = Array(s.unicodeScalars)
        if n < 0 && n.magnitude < UInt(chars.count) { return String(String.UnicodeScalarView(chars[(chars.count + n)...])) }
        if n >= 0 && n < chars.count { return String(String.UnicodeScalarView(chars[..<n])) }
        return s
    }

    static func substr(_ start: Int, _ end: Int, _ s: String) -> String {
        let b = Array(s.utf8)
        if start < 0 { return String(decoding: b[..<min(max(end, 0), b.count)], as: UTF8.self) }
        if end < 0 || end > b.count { return start <= b.count ? String(decoding: b[start...], as: UTF8.self) : "" }
        if start > end { return "" }
        return String(decoding: b[start..<end], as: UTF8.self)
    }

    static func indent(_ n: Int, _ s: String) throws(FunctionError) -> String {
        let pad = try repeated(" ", max(n, 0))
        let lines = s.utf8.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        try checkSize(pad.utf8.count, times: lines, plus: s.utf8.count)
        return pad + s.replacingOccurrences(of: "\n", with: "\n" + pad)
    }

    /// The most bytes one function result may hold. Go would try to allocate whatever `repeat 1e15 "x"` or
    /// `indent 1e15` asks (and die of it); one template must not take a long-running service down.
    static let maxResultBytes = 64 << 20

    static func checkSize(_ unit: Int, times count: Int, plus extra: Int = 0) throws(FunctionError) {
        let (product, o1) = unit.multipliedReportingOverflow(by: count)
        let (total, o2) = product.addingReportingOverflow(extra)
        if o1 || o2 || total > maxResultBytes {
            throw FunctionError("result would exceed \(maxResultBytes) bytes")
        }
    }

    /// `strings.Repeat`, refusing a negative count as Go does and a result past `maxResultBytes`.
    static func repeated(_ s: String, _ count: Int) throws(FunctionError) -> String {
        if count < 0 { throw FunctionError("strings: negative Repeat count") }
        try checkSize(s.utf8.count, times: count)
        return String(repeating: s, count: count)
    }

    /// Go `strings.Trim`-family cutset trimming.
    static func trim(_ s: String, _ cutset: String, left: Bool, right: Bool) -> String {
        let set = Set(cutset.unicodeScalars)
        var u = Array(s.unicodeScalars)
        if left { while let f = u.first, set.contains(f) { u.removeFirst() } }
        if right { while let l = u.last, set.contains(l) { u.removeLast() } }
        return String(String.UnicodeScalarView(u))
    }

    /// `unixToTime`: seconds, milliseconds, microseconds or nanoseconds chosen by digit count.
    static func unixToTime(_ s: String) throws(FunctionError) -> GoTime {
        guard let v = Int64(s) else { throw FunctionError("strconv.ParseInt: parsing \(GoQuote.quote(s)): invalid syntax") }
        // Go's time.Unix normalizes a negative remainder into the previous second.
        func time(_ unit: Int64) -> GoTime {
            var seconds = v / unit, rest = v % unit
            if rest < 0 { rest += unit; seconds -= 1 }
            return GoTime(seconds: seconds, nanoseconds: Int32(rest * (1_000_000_000 / unit)))
        }
        switch s.count {
        case 5...10: return GoTime(seconds: v)
        case 13: return time(1000)
        case 16: return time(1_000_000)
        case 19: return time(1_000_000_000)
        default: throw FunctionError("cannot convert \(s) to a timestamp")
        }
    }

    /// `bytes "2 KB"`: go-humanize `ParseBytes`.
    static func parseBytes(_ s: String) throws(FunctionError) -> Double {
        let t = s.trimmingCharacters(in: .whitespaces)
        let numEnd = t.firstIndex(where: { !($0.isNumber || $0 == "." || $0 == "-" || $0 == ",") }) ?? t.endIndex
        guard let n = Double(t[..<numEnd].replacingOccurrences(of: ",", with: "")) else {
            throw FunctionError("strconv.ParseFloat: parsing \(GoQuote.quote(String(t[..<numEnd]))): invalid syntax")
        }
        let unit = t[numEnd...].trimmingCharacters(in: .whitespaces).lowercased()
        let table: [String: Double] = [
            "": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
            "p": 1e15, "pb": 1e15, "e": 1e18, "eb": 1e18, "ki": 1024, "kib": 1024, "mi": 1_048_576, "mib": 1_048_576,
            "gi": 1_073_741_824, "gib": 1_073_741_824, "ti": 1_099_511_627_776, "tib": 1_099_511_627_776,
        ]
        guard let m = table[unit] else { throw FunctionError("unhandled size name: \(unit)") }
        return n * m
    }

    /// Go `time.ParseDuration`, in seconds.
    static func goDurationSeconds(_ s: String) throws(FunctionError) -> Double {
        var rest = Substring(s)
        var sign = 1.0
        if rest.hasPrefix("-") || rest.hasPrefix("+") { sign = rest.hasPrefix("-") ? -1 : 1; rest = rest.dropFirst() }
        if rest == "0" { return 0 }
        if rest.isEmpty { throw FunctionError("time: invalid duration \(GoQuote.quote(s))") }
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var total = 0.0
        while !rest.isEmpty {
            let num = rest.prefix(while: { $0.isNumber || $0 == "." })
            guard !num.isEmpty, let v = Double(num) else { throw FunctionError("time: invalid duration \(GoQuote.quote(s))") }
            rest = rest.dropFirst(num.count)
            guard let u = units.first(where: { rest.hasPrefix($0.0) }) else {
                throw FunctionError(rest.isEmpty ? "time: missing unit in duration \(GoQuote.quote(s))"
                                                 : "time: unknown unit \(GoQuote.quote(String(rest.prefix(while: { !$0.isNumber })))) in duration \(GoQuote.quote(s))")
            }
            rest = rest.dropFirst(u.0.count)
            total += v * u.1
        }
        return sign * total
    }

    static func functions(_ ctx: LokiTemplateContext) -> [TemplateFunction] {
        typealias F = TemplateFunction
        func s1(_ name: String, _ f: @escaping @Sendable (String) -> String) -> F {
            F(name, params: [.string]) { a throws(FunctionError) in .string(f(a[0].stringValue ?? "")) }
        }
        return [
            F("__line__", params: []) { _ throws(FunctionError) in .string(ctx.line) },
            F("__timestamp__", params: []) { _ throws(FunctionError) in .time(ctx.timestamp) },
            F("now", params: []) { _ throws(FunctionError) in .time(ctx.now) },
            s1("ToLower") { GoCase.lower($0) }, s1("ToUpper") { GoCase.upper($0) },
            s1("TrimSpace") { $0.trimmingCharacters(in: .whitespacesAndNewlines) },
            F("lower", params: [.any]) { a throws(FunctionError) in .string(GoCase.lower(str(a[0]))) },
            F("upper", params: [.any]) { a throws(FunctionError) in .string(GoCase.upper(str(a[0]))) },
            F("title", params: [.any]) { a throws(FunctionError) in .string(PrometheusFunctions.title(str(a[0]))) },
            F("Replace", params: [.string, .string, .string, .int]) { a throws(FunctionError) in
                let s = a[0].stringValue!, old = a[1].stringValue!, new = a[2].stringValue!
                guard case .int(let n) = a[3] else { return .string(s) }
                if n < 0 { return .string(s.replacingOccurrences(of: old, with: new)) }
                var out = s
                var count = 0
                var searchStart = out.startIndex
                while count < n, let r = out.range(of: old, range: searchStart..<out.endIndex), !old.isEmpty {
                    out.replaceSubrange(r, with: new)
                    searchStart = out.index(r.lowerBound, offsetBy: new.count)
                    count += 1
                }
                return .string(out)
            },
            F("replace", params: [.string, .string, .any]) { a throws(FunctionError) in
                .string(str(a[2]).replacingOccurrences(of: a[0].stringValue!, with: a[1].stringValue!))
            },
            F("Trim", params: [.string, .string]) { a throws(FunctionError) in .string(trim(a[0].stringValue!, a[1].stringValue!, left: true, right: true)) },
            F("TrimLeft", params: [.string, .string]) { a throws(FunctionError) in .string(trim(a[0].stringValue!, a[1].stringValue!, left: true, right: false)) },
            F("TrimRight", params: [.string, .string]) { a throws(FunctionError) in .string(trim(a[0].stringValue!, a[1].stringValue!, left: false, right: true)) },
            F("TrimPrefix", params: [.string, .string]) { a throws(FunctionError) in
                let s = a[0].stringValue!, p = a[1].stringValue!
                return .string(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
            },
            F("TrimSuffix", params: [.string, .string]) { a throws(FunctionError) in
                let s = a[0].stringValue!, p = a[1].stringValue!
                return .string(s.hasSuffix(p) ? String(s.dropLast(p.count)) : s)
            },
            // Sprig-style variants (Loki 2.1+) taking the string last, for pipelines.
            F("trim", params: [.any]) { a throws(FunctionError) in .string(str(a[0]).trimmingCharacters(in: .whitespacesAndNewlines)) },
            F("trimAll", params: [.string, .any]) { a throws(FunctionError) in .string(trim(str(a[1]), a[0].stringValue!, left: true, right: true)) },
            F("trimPrefix", params: [.string, .any]) { a throws(FunctionError) in
                let s = str(a[1]), p = a[0].stringValue!
                return .string(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
            },
            F("trimSuffix", params: [.string, .any]) { a throws(FunctionError) in
                let s = str(a[1]), p = a[0].stringValue!
                return .string(s.hasSuffix(p) ? String(s.dropLast(p.count)) : s)
            },
            F("regexReplaceAll", params: [.string, .any, .string]) { a throws(FunctionError) in
                .string(try TemplateRegex.replaceAll(a[0].stringValue!, a[2].stringValue!, str(a[1])))
            },
            F("regexReplaceAllLiteral", params: [.string, .any, .string]) { a throws(FunctionError) in
                .string(try TemplateRegex.replaceAll(a[0].stringValue!, a[2].stringValue!, str(a[1]), literal: true))
            },
            F("trunc", params: [.any, .any]) { a throws(FunctionError) in .string(trunc(int(a[0]), str(a[1]))) },
            F("substr", params: [.any, .any, .any]) { a throws(FunctionError) in .string(substr(int(a[0]), int(a[1]), str(a[2]))) },
            F("contains", params: [.string, .string]) { a throws(FunctionError) in
                let sub = a[0].stringValue!
                return .bool(sub.isEmpty || a[1].stringValue!.contains(sub))
            },
            F("hasPrefix", params: [.string, .string]) { a throws(FunctionError) in .bool(a[1].stringValue!.hasPrefix(a[0].stringValue!)) },
            F("hasSuffix", params: [.string, .string]) { a throws(FunctionError) in .bool(a[1].stringValue!.hasSuffix(a[0].stringValue!)) },
            F("indent", params: [.int, .string]) { a throws(FunctionError) in .string(try indent(int(a[0]), a[1].stringValue!)) },
            F("nindent", params: [.int, .string]) { a throws(FunctionError) in .string("\n" + (try indent(int(a[0]), a[1].stringValue!))) },
            F("repeat", params: [.int, .string]) { a throws(FunctionError) in
                .string(try repeated(a[1].stringValue!, int(a[0])))
            },
            F("add", params: [], variadic: .any) { a throws(FunctionError) in .int(a.reduce(0) { $0 &+ int($1) }) },
            F("sub", params: [.any, .any]) { a throws(FunctionError) in .int(int(a[0]) &- int(a[1])) },
            F("mul", params: [.any], variadic: .any) { a throws(FunctionError) in .int(a.dropFirst().reduce(int(a[0])) { $0 &* int($1) }) },
            F("div", params: [.any, .any]) { a throws(FunctionError) in
                let d = int(a[1])
                if d == 0 { throw FunctionError("runtime error: integer divide by zero") }
                // Go wraps MinInt64 / -1 to MinInt64 where Swift would trap.
                return .int(int(a[0]).dividedReportingOverflow(by: d).partialValue)
            },
            F("mod", params: [.any, .any]) { a throws(FunctionError) in
                let d = int(a[1])
                if d == 0 { throw FunctionError("runtime error: integer divide by zero") }
                return .int(int(a[0]).remainderReportingOverflow(dividingBy: d).partialValue)
            },
            F("addf", params: [], variadic: .any) { a throws(FunctionError) in .float(a.reduce(0) { $0 + float($1) }) },
            F("subf", params: [.any], variadic: .any) { a throws(FunctionError) in .float(a.dropFirst().reduce(float(a[0])) { $0 - float($1) }) },
            F("mulf", params: [.any], variadic: .any) { a throws(FunctionError) in .float(a.dropFirst().reduce(float(a[0])) { $0 * float($1) }) },
            F("divf", params: [.any], variadic: .any) { a throws(FunctionError) in .float(a.dropFirst().reduce(float(a[0])) { $0 / float($1) }) },
            F("max", params: [.any], variadic: .any) { a throws(FunctionError) in .int(a.map(int).max()!) },
            F("min", params: [.any], variadic: .any) { a throws(FunctionError) in .int(a.map(int).min()!) },
            F("maxf", params: [.any], variadic: .any) { a throws(FunctionError) in .float(a.map(float).max()!) },
            F("minf", params: [.any], variadic: .any) { a throws(FunctionError) in .float(a.map(float).min()!) },
            F("ceil", params: [.any]) { a throws(FunctionError) in .float(float(a[0]).rounded(.up)) },
            F("floor", params: [.any]) { a throws(FunctionError) in .float(float(a[0]).rounded(.down)) },
            F("round", params: [.any, .int], variadic: .float) { a throws(FunctionError) in
                let v = float(a[0]), places = Double(int(a[1]))
                let roundOn = a.count > 2 ? float(a[2]) : 0.5
                let pow10 = Foundation.pow(10.0, places)
                let digit = v * pow10
                let (_, frac) = modf(digit)
                let r = frac >= roundOn ? digit.rounded(.up) : digit.rounded(.down)
                return .float(r / pow10)
            },
            F("fromJson", params: [.string]) { a throws(FunctionError) in
                guard let data = a[0].stringValue!.data(using: .utf8),
                      let obj = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                    throw FunctionError("invalid JSON")
                }
                return TemplateValue(jsonObject: obj)
            },
            F("date", params: [.string, .time]) { a throws(FunctionError) in
                guard case .time(let t) = a[1] else { return .string("") }
                return .string(GoTimeFormat.format(t, layout: a[0].stringValue!))
            },
            F("unixEpoch", params: [.time]) { a throws(FunctionError) in
                guard case .time(let t) = a[0] else { return .string("") }
                return .string(String(t.seconds))
            },
            F("unixEpochMillis", params: [.time]) { a throws(FunctionError) in
                guard case .time(let t) = a[0] else { return .string("") }
                return .string(String(t.unixMilli))
            },
            F("unixEpochNanos", params: [.time]) { a throws(FunctionError) in
                guard case .time(let t) = a[0] else { return .string("") }
                return .string(String(t.unixNano))
            },
            F("unixToTime", params: [.string]) { a throws(FunctionError) in .time(try unixToTime(a[0].stringValue!)) },
            F("alignLeft", params: [.int, .string]) { a throws(FunctionError) in
                let n = int(a[0]), s = a[1].stringValue!
                let c = s.unicodeScalars.count
                if n < 0 { return .string(s) }
                return .string(c >= n ? trunc(n, s) : s + (try repeated(" ", n - c)))
            },
            F("alignRight", params: [.int, .string]) { a throws(FunctionError) in
                let n = int(a[0]), s = a[1].stringValue!
                let c = s.unicodeScalars.count
                if n < 0 { return .string(s) }
                return .string(c >= n ? trunc(-n, s) : (try repeated(" ", n - c)) + s)
            },
            F("b64enc", params: [.string]) { a throws(FunctionError) in .string(Data(a[0].stringValue!.utf8).base64EncodedString()) },
            F("b64dec", params: [.string]) { a throws(FunctionError) in
                guard let d = Data(base64Encoded: a[0].stringValue!) else { return .string("illegal base64 data at input byte 0") }
                return .string(String(decoding: d, as: UTF8.self))
            },
            F("urlencode", params: [.string]) { a throws(FunctionError) in .string(Builtins.queryEscape(a[0].stringValue!)) },
            F("urldecode", params: [.string]) { a throws(FunctionError) in .string(try AlertmanagerFunctions.queryUnescape(a[0].stringValue!)) },
            F("bytes", params: [.string]) { a throws(FunctionError) in .float(try parseBytes(a[0].stringValue!)) },
            F("duration", params: [.string]) { a throws(FunctionError) in .float(try goDurationSeconds(a[0].stringValue!)) },
            F("duration_seconds", params: [.string]) { a throws(FunctionError) in .float(try goDurationSeconds(a[0].stringValue!)) },
            F("default", params: [.any, .any]) { a throws(FunctionError) in a[1].isTruthy ? a[1] : a[0] },
            F("count", params: [.string, .string]) { a throws(FunctionError) in
                .int(try TemplateRegex.countMatches(a[0].stringValue!, a[1].stringValue!))
            },
        ]
    }
}
