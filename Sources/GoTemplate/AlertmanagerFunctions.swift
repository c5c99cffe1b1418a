import TimeSeries
import Foundation

/// What Alertmanager templates need from their surroundings.
public struct AlertmanagerTemplateContext: Sendable {
    /// The current time in Unix seconds (`since`), read at each call: a service's templates are parsed
    /// once and executed for hours, so a fixed time would make `since` wrong.
    public var clock: @Sendable () -> Double

    /// A fixed time (renders and tests).
    public init(now: Double = 0) { clock = { now } }

    /// A time read at each call (the router: the injected clock).
    public init(clock: @escaping @Sendable () -> Double) { self.clock = clock }

    public var now: Double { clock() }
}

extension FunctionSet {
    /// Go builtins plus Alertmanager's `DefaultFuncs`.
    public static let alertmanager = FunctionSet.alertmanager(AlertmanagerTemplateContext())

    public static func alertmanager(_ context: AlertmanagerTemplateContext) -> FunctionSet {
        FunctionSet.builtins.adding(AlertmanagerFunctions.functions(context))
    }
}

enum AlertmanagerFunctions {
    /// `cases.Title(language.AmericanEnglish)`: first letter of each word upper, the rest lower.
    static func title(_ s: String) -> String { UnicodeTitle.title(s, lowerRest: true) }

    /// `url.QueryUnescape`.
    static func queryUnescape(_ s: String) throws(FunctionError) -> String {
        var bytes: [UInt8] = []
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%") {
                guard i + 2 < b.count, let h = UInt8(String(decoding: b[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) else {
                    let bad = String(decoding: b[i..<min(i + 3, b.count)], as: UTF8.self)
                    throw FunctionError("invalid URL escape \(GoQuote.quote(bad))")
                }
                bytes.append(h)
                i += 3
            } else if b[i] == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                i += 1
            } else {
                bytes.append(b[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func timeIn(_ name: String, _ t: GoTime) throws(FunctionError) -> GoTime {
        if name == "" || name == "UTC" { return GoTime(seconds: t.seconds, nanoseconds: t.nanoseconds) }
        guard let tz = TimeZone(identifier: name) else {
            throw FunctionError("unknown time zone \(name)")
        }
        let date = Date(timeIntervalSince1970: TimeInterval(t.seconds))
        let offset = tz.secondsFromGMT(for: date)
        return GoTime(seconds: t.seconds, nanoseconds: t.nanoseconds, offset: offset, zone: zoneAbbreviation(tz, date, offset))
    }

    /// The tzdata abbreviation Go would print. Foundation (ICU) only knows a few (EST, PDT, …), so
    /// common zones are named here; others fall back to Go's numeric form ("+03", "+0530").
    static func zoneAbbreviation(_ tz: TimeZone, _ date: Date, _ offset: Int) -> String {
        let id = tz.identifier
        let dst = tz.isDaylightSavingTime(for: date)
        let standard = offset - (dst ? 3600 : 0)
        let named: [String: (String, String)] = [
            "Europe/London": ("GMT", "BST"), "Europe/Dublin": ("GMT", "IST"), "Europe/Lisbon": ("WET", "WEST"),
            "Europe/Moscow": ("MSK", "MSK"), "Asia/Tokyo": ("JST", "JST"), "Asia/Seoul": ("KST", "KST"),
            "Asia/Kolkata": ("IST", "IST"), "Asia/Calcutta": ("IST", "IST"), "Asia/Shanghai": ("CST", "CST"),
            "Asia/Hong_Kong": ("HKT", "HKT"), "Asia/Jerusalem": ("IST", "IDT"), "Asia/Manila": ("PST", "PST"),
            "Australia/Perth": ("AWST", "AWST"), "Australia/Adelaide": ("ACST", "ACDT"), "Australia/Darwin": ("ACST", "ACST"),
            "Australia/Brisbane": ("AEST", "AEST"), "Australia/Sydney": ("AEST", "AEDT"), "Australia/Melbourne": ("AEST", "AEDT"),
            "Australia/Hobart": ("AEST", "AEDT"), "Pacific/Auckland": ("NZST", "NZDT"), "Africa/Johannesburg": ("SAST", "SAST"),
            "Africa/Lagos": ("WAT", "WAT"), "Africa/Nairobi": ("EAT", "EAT"), "Africa/Cairo": ("EET", "EEST"),
        ]
        if let n = named[id] { return dst ? n.1 : n.0 }
        if id == "UTC" || id == "Etc/UTC" || id == "GMT" || id == "Etc/GMT" { return id.hasSuffix("GMT") ? "GMT" : "UTC" }
        if id.hasPrefix("Europe/") {
            switch standard {
            case 0: return dst ? "BST" : "GMT"
            case 3600: return dst ? "CEST" : "CET"
            case 7200: return dst ? "EEST" : "EET"
            default: break
            }
        }
        if let icu = tz.localizedName(for: dst ? .shortDaylightSaving : .shortStandard, locale: Locale(identifier: "en_US")),
           !icu.hasPrefix("GMT"), !icu.hasPrefix("UTC") {
            return icu
        }
        let o = abs(offset)
        return (offset < 0 ? "-" : "+") + GoTimeFormat.pad(o / 3600, 2) + (o % 3600 != 0 ? GoTimeFormat.pad((o / 60) % 60, 2) : "")
    }

    static func functions(_ ctx: AlertmanagerTemplateContext) -> [TemplateFunction] {
        let clock = ctx.clock
        return [
            TemplateFunction("toUpper", params: [.string]) { a throws(FunctionError) in .string(GoCase.upper(a[0].stringValue!)) },
            TemplateFunction("toLower", params: [.string]) { a throws(FunctionError) in .string(GoCase.lower(a[0].stringValue!)) },
            TemplateFunction("title", params: [.string]) { a throws(FunctionError) in .string(title(a[0].stringValue!)) },
            TemplateFunction("trimSpace", params: [.string]) { a throws(FunctionError) in
                .string(a[0].stringValue!.trimmingCharacters(in: .whitespacesAndNewlines))
            },
            TemplateFunction("join", params: [.string, .stringList]) { a throws(FunctionError) in
                .string((a[1].listElements ?? []).compactMap(\.stringValue).joined(separator: a[0].stringValue!))
            },
            TemplateFunction("match", params: [.string, .string]) { a throws(FunctionError) in
                .bool(try TemplateRegex.matchString(a[0].stringValue!, a[1].stringValue!))
            },
            TemplateFunction("safeHtml", params: [.string]) { a throws(FunctionError) in
                .object(TemplateObject(typeName: "template.HTML", underlying: a[0]))
            },
            TemplateFunction("safeUrl", params: [.string]) { a throws(FunctionError) in
                .object(TemplateObject(typeName: "template.URL", underlying: a[0]))
            },
            TemplateFunction("urlUnescape", params: [.string]) { a throws(FunctionError) in
                .string(try queryUnescape(a[0].stringValue!))
            },
            TemplateFunction("reReplaceAll", params: [.string, .string, .string]) { a throws(FunctionError) in
                .string(try TemplateRegex.replaceAll(a[0].stringValue!, a[1].stringValue!, a[2].stringValue!))
            },
            TemplateFunction("stringSlice", params: [], variadic: .string) { a throws(FunctionError) in .stringList(a.compactMap(\.stringValue)) },
            TemplateFunction("date", params: [.string, .time]) { a throws(FunctionError) in
                guard case .time(let t) = a[1] else { return .string("") }
                return .string(GoTimeFormat.format(t, layout: a[0].stringValue!))
            },
            TemplateFunction("tz", params: [.string, .time]) { a throws(FunctionError) in
                guard case .time(let t) = a[1] else { return .null }
                return .time(try timeIn(a[0].stringValue!, t))
            },
            TemplateFunction("since", params: [.time]) { a throws(FunctionError) in
                guard case .time(let t) = a[0] else { return .null }
                let nowT = GoTime(unixSeconds: clock())
                return .duration(nowT.subtracting(t))
            },
            TemplateFunction("humanizeDuration", params: [.any]) { a throws(FunctionError) in
                .string(PrometheusFunctions.humanizeDuration(try PrometheusFunctions.toFloat(a[0])))
            },
            TemplateFunction("toJson", params: [.any]) { a throws(FunctionError) in .string(try GoJSON.marshal(a[0])) },
        ]
    }
}
