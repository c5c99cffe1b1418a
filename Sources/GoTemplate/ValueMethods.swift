/// Methods Go values carry in templates: `time.Time` (`.Unix`, `.Format "…"`, …) and `time.Duration`
/// (`.Seconds`, …). Objects declare their own methods in `TemplateObject.methods`.
enum ValueMethods {
    static func method(_ receiver: TemplateValue, _ name: String) -> TemplateMethod? {
        switch receiver {
        case .time(let t): return timeMethod(t, name)
        case .duration(let d): return durationMethod(d, name)
        default: return nil
        }
    }

    static func m(_ params: [ParamType] = [], _ body: @escaping @Sendable ([TemplateValue]) throws(FunctionError) -> TemplateValue) -> TemplateMethod {
        TemplateMethod(params: params, body: body)
    }

    static func timeMethod(_ t: GoTime, _ name: String) -> TemplateMethod? {
        let c = t.civil
        switch name {
        case "Unix": return m { _ throws(FunctionError) in .int(Int(t.seconds)) }
        case "UnixMilli": return m { _ throws(FunctionError) in .int(Int(t.unixMilli)) }
        case "UnixMicro": return m { _ throws(FunctionError) in .int(Int(t.unixMicro)) }
        case "UnixNano": return m { _ throws(FunctionError) in .int(Int(t.unixNano)) }
        case "UTC", "Local":
            return m { _ throws(FunctionError) in .time(GoTime(seconds: t.seconds, nanoseconds: t.nanoseconds)) }
        case "String": return m { _ throws(FunctionError) in .string(t.goString) }
        case "Format":
            return m([.string]) { a throws(FunctionError) in .string(GoTimeFormat.format(t, layout: a[0].stringValue ?? "")) }
        case "Year": return m { _ throws(FunctionError) in .int(c.year) }
        case "Month": return m { _ throws(FunctionError) in .string(GoTimeFormat.months[c.month - 1]) }
        case "Day": return m { _ throws(FunctionError) in .int(c.day) }
        case "YearDay": return m { _ throws(FunctionError) in .int(c.yearDay) }
        case "Weekday": return m { _ throws(FunctionError) in .string(GoTimeFormat.days[c.weekday]) }
        case "Hour": return m { _ throws(FunctionError) in .int(c.hour) }
        case "Minute": return m { _ throws(FunctionError) in .int(c.minute) }
        case "Second": return m { _ throws(FunctionError) in .int(c.second) }
        case "Nanosecond": return m { _ throws(FunctionError) in .int(Int(t.nanoseconds)) }
        case "IsZero": return m { _ throws(FunctionError) in .bool(t.seconds == -62_135_596_800 && t.nanoseconds == 0) }
        case "Add":
            return m([.duration]) { a throws(FunctionError) in
                guard case .duration(let d) = a[0] else { return .null }
                return .time(t.adding(nanoseconds: d))
            }
        case "Sub":
            return m([.time]) { a throws(FunctionError) in
                guard case .time(let u) = a[0] else { return .null }
                return .duration(t.subtracting(u))
            }
        case "Before", "After", "Equal":
            return m([.time]) { a throws(FunctionError) in
                guard case .time(let u) = a[0] else { return .null }
                return .bool(name == "Before" ? t < u : name == "After" ? u < t : t == u)
            }
        default: return nil
        }
    }

    static func durationMethod(_ d: Int64, _ name: String) -> TemplateMethod? {
        switch name {
        case "Seconds": return m { _ throws(FunctionError) in .float(Double(d) / 1e9) }
        case "Minutes": return m { _ throws(FunctionError) in .float(Double(d) / 6e10) }
        case "Hours": return m { _ throws(FunctionError) in .float(Double(d) / 3.6e12) }
        case "Milliseconds": return m { _ throws(FunctionError) in .int(Int(d / 1_000_000)) }
        case "Microseconds": return m { _ throws(FunctionError) in .int(Int(d / 1000)) }
        case "Nanoseconds": return m { _ throws(FunctionError) in .int(Int(d)) }
        case "String": return m { _ throws(FunctionError) in .string(GoDuration.string(d)) }
        case "Abs": return m { _ throws(FunctionError) in .duration(d == Int64.min ? Int64.max : abs(d)) }
        default: return nil
        }
    }
}
