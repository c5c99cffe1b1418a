import Foundation

/// The dynamic data model a template is executed against: Go values as seen through reflection.
///
/// Go type names (used in error messages and `printf "%T"`) are: `string`, `int`, `float64`, `bool`,
/// `[]interface {}`, `map[string]interface {}`, `map[string]string`, `time.Time`, `time.Duration`,
/// and an object's own `typeName`. `.null` is a nil interface (printed `<no value>` by an action,
/// `<nil>` by `fmt`).
public indirect enum TemplateValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([TemplateValue])
    /// `map[string]interface {}`: missing keys index to `nil`.
    case map([String: TemplateValue])
    /// `map[string]string` (labels): missing keys index to `""`.
    case stringMap([String: String])
    case time(GoTime)
    /// Nanoseconds, like Go's `time.Duration`.
    case duration(Int64)
    case object(TemplateObject)
    case function(TemplateFunction)

    /// The Go type name of this value.
    public var goTypeName: String {
        switch self {
        case .null: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float64"
        case .string: return "string"
        case .list: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .stringMap: return "map[string]string"
        case .time: return "time.Time"
        case .duration: return "time.Duration"
        case .object(let o): return o.typeName
        case .function(let f): return f.goSignature
        }
    }

    /// Go's truthiness (`if`, `with`, `and`, `or`, `not`).
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.isEmpty
        case .map(let m): return !m.isEmpty
        case .stringMap(let m): return !m.isEmpty
        case .time: return true
        case .duration(let d): return d != 0
        case .object(let o):
            if let u = o.underlying { return u.isTruthy }
            return !o.isNilPointer
        case .function: return true
        }
    }

    /// Converts a Foundation JSON object (`JSONSerialization` output) the way Go's `json.Unmarshal`
    /// into `interface{}` does: numbers become `float64`, objects `map[string]interface {}`.
    public init(jsonObject: Any) {
        switch jsonObject {
        case let s as String: self = .string(s)
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { self = .bool(n.boolValue) } else { self = .float(n.doubleValue) }
        case let a as [Any]: self = .list(a.map { TemplateValue(jsonObject: $0) })
        case let d as [String: Any]: self = .map(d.mapValues { TemplateValue(jsonObject: $0) })
        default: self = .null
        }
    }

    /// A Go `[]string`.
    public static func stringList(_ l: [String]) -> TemplateValue {
        .object(TemplateObject(typeName: "[]string", underlying: .list(l.map { .string($0) })))
    }

    /// A Go label set as `map[string]string`.
    public static func labels(_ l: [String: String]) -> TemplateValue { .stringMap(l) }

    /// Sorted keys, for ranging and printing maps.
    var sortedMapEntries: [(String, TemplateValue)]? {
        switch self {
        case .map(let m): return m.keys.sorted().map { ($0, m[$0]!) }
        case .stringMap(let m): return m.keys.sorted().map { ($0, .string(m[$0]!)) }
        case .object(let o): return o.underlying?.sortedMapEntries
        default: return nil
        }
    }

    var listElements: [TemplateValue]? {
        switch self {
        case .list(let l): return l
        case .object(let o): return o.underlying?.listElements
        default: return nil
        }
    }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        if case .object(let o) = self, let u = o.underlying, case .string(let s) = u { return s }
        return nil
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        var m: [String: TemplateValue] = [:]
        for (k, v) in elements { m[k] = v }
        self = .map(m)
    }
    public init(nilLiteral: ()) { self = .null }
}

/// A Go method on an object: `.Obj.Method arg…`.
public struct TemplateMethod: Sendable {
    public var params: [ParamType]
    public var body: @Sendable ([TemplateValue]) throws(FunctionError) -> TemplateValue
    public init(params: [ParamType] = [], body: @escaping @Sendable ([TemplateValue]) throws(FunctionError) -> TemplateValue) {
        self.params = params
        self.body = body
    }
}

/// A Go struct (or named map/slice type) with fields and methods.
///
/// Template data can hold hundreds of thousands of these (one per alert and per label set), so an object
/// is kept small: field names are an array the caller can share between objects of one type, values an
/// array beside it, and methods of a whole type can come from one thin function (`methodTable`) instead of
/// closures allocated for every object.
public final class TemplateObject: Sendable {
    public let typeName: String
    public let fieldOrder: [String]
    let fieldValues: [TemplateValue]
    let ownMethods: [String: TemplateMethod]
    /// Methods shared by every object of a type: given the object and a name, the method.
    let methodTable: (@Sendable (TemplateObject, String) -> TemplateMethod?)?
    /// For named map or slice types (Alertmanager's `KV`, `Alerts`): the value ranged, indexed, measured.
    public let underlying: TemplateValue?
    let ownStringer: (@Sendable () -> String)?
    let describe: (@Sendable (TemplateObject) -> String)?
    /// A nil pointer of this type (`*sample(nil)`).
    public let isNilPointer: Bool

    public init(typeName: String, fields: [(String, TemplateValue)] = [], methods: [String: TemplateMethod] = [:],
                underlying: TemplateValue? = nil, isNilPointer: Bool = false,
                stringer: (@Sendable () -> String)? = nil) {
        self.typeName = typeName
        self.fieldOrder = fields.map(\.0)
        self.fieldValues = fields.map(\.1)
        self.ownMethods = methods
        self.methodTable = nil
        self.underlying = underlying
        self.ownStringer = stringer
        self.describe = nil
        self.isNilPointer = isNilPointer
    }

    /// An object whose field names (`fieldNames`, shared) and methods (`methodTable`, `describe`) belong to
    /// its type; `values` are in the order of `fieldNames`.
    public init(typeName: String, fieldNames: [String], values: [TemplateValue], underlying: TemplateValue? = nil,
                methodTable: (@Sendable (TemplateObject, String) -> TemplateMethod?)? = nil,
                describe: (@Sendable (TemplateObject) -> String)? = nil) {
        precondition(fieldNames.count == values.count, "one value per field name")
        self.typeName = typeName
        self.fieldOrder = fieldNames
        self.fieldValues = values
        self.ownMethods = [:]
        self.methodTable = methodTable
        self.underlying = underlying
        self.ownStringer = nil
        self.describe = describe
        self.isNilPointer = false
    }

    /// The field named `name`.
    public func field(_ name: String) -> TemplateValue? {
        guard let i = fieldOrder.firstIndex(of: name) else { return nil }
        return fieldValues[i]
    }

    /// All fields by name.
    public var fields: [String: TemplateValue] {
        Dictionary(zip(fieldOrder, fieldValues), uniquingKeysWith: { _, last in last })
    }

    /// The method named `name`.
    public func method(_ name: String) -> TemplateMethod? {
        ownMethods[name] ?? methodTable?(self, name)
    }

    /// What `fmt` prints for it (a Go `String()` method), if any.
    public var stringer: (@Sendable () -> String)? {
        if let ownStringer { return ownStringer }
        guard let describe else { return nil }
        return { describe(self) }
    }
}

/// A point in time, like Go's `time.Time`, kept as Unix seconds and nanoseconds plus a zone.
public struct GoTime: Sendable, Equatable, Comparable {
    public var seconds: Int64
    public var nanoseconds: Int32
    /// Offset from UTC in seconds, and zone abbreviation (`UTC`).
    public var offset: Int
    public var zone: String

    public init(seconds: Int64, nanoseconds: Int32 = 0, offset: Int = 0, zone: String = "UTC") {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.offset = offset
        self.zone = zone
    }

    /// A time from Unix seconds; values outside what Int64 seconds hold (and NaN) are clamped, never trapped.
    public init(unixSeconds: Double) {
        let whole = unixSeconds.isNaN ? 0 : unixSeconds.rounded(.down)
        var seconds: Int64 = unixSeconds.isNaN ? 0 : whole < 0 ? Int64.min : Int64.max
        var nanoseconds: Int32 = 0
        if unixSeconds.isFinite, whole > -9.2e18, whole < 9.2e18 {
            seconds = Int64(whole)
            nanoseconds = Int32(((unixSeconds - whole) * 1e9).rounded())
            if nanoseconds >= 1_000_000_000 { seconds += 1; nanoseconds -= 1_000_000_000 }
        }
        self.init(seconds: seconds, nanoseconds: nanoseconds)
    }

    public static func < (a: GoTime, b: GoTime) -> Bool {
        (a.seconds, a.nanoseconds) < (b.seconds, b.nanoseconds)
    }

    public var unixDouble: Double { Double(seconds) + Double(nanoseconds) / 1e9 }

    /// Civil date fields in the time's zone.
    public var civil: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, weekday: Int, yearDay: Int) {
        let local = seconds &+ Int64(offset)
        // Floor division without the `local - 86399` that overflows near Int64.min.
        var days = local / 86400
        var rest = local % 86400
        if rest < 0 { days -= 1; rest += 86400 }
        let secOfDay = Int(rest)
        let weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        // Civil from days (Howard Hinnant's algorithm).
        days += 719468
        let era = (days >= 0 ? days : days - 146096) / 146097
        let doe = days - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        var y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        if m <= 2 { y += 1 }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        var yday = cumulative[Int(m) - 1] + Int(d)
        if leap && m > 2 { yday += 1 }
        return (Int(y), Int(m), Int(d), secOfDay / 3600, (secOfDay / 60) % 60, secOfDay % 60, weekday, yday)
    }

    /// Go's `t.Add(d)`: whole seconds saturate at the ends of the representable range, as Go's `addSec` does.
    public func adding(nanoseconds d: Int64) -> GoTime {
        var dsec = d / 1_000_000_000
        var nsec = Int64(nanoseconds) + d % 1_000_000_000
        if nsec >= 1_000_000_000 { dsec += 1; nsec -= 1_000_000_000 } else if nsec < 0 { dsec -= 1; nsec += 1_000_000_000 }
        let (sum, overflow) = seconds.addingReportingOverflow(dsec)
        let secs = overflow ? (dsec > 0 ? Int64.max : Int64.min) : sum
        return GoTime(seconds: secs, nanoseconds: Int32(nsec), offset: offset, zone: zone)
    }

    /// Go's `t.Sub(u)`: the duration in nanoseconds, saturated at the ends of `time.Duration` when it does not fit.
    public func subtracting(_ u: GoTime) -> Int64 {
        let d = (seconds &- u.seconds) &* 1_000_000_000 &+ Int64(nanoseconds - u.nanoseconds)
        let back = u.adding(nanoseconds: d)
        if back.seconds == seconds && back.nanoseconds == nanoseconds { return d }
        return self < u ? Int64.min : Int64.max
    }

    /// Go's `UnixMilli`, `UnixMicro` and `UnixNano`: wrapping, as Go's int64 arithmetic does.
    public var unixMilli: Int64 { seconds &* 1000 &+ Int64(nanoseconds) / 1_000_000 }
    public var unixMicro: Int64 { seconds &* 1_000_000 &+ Int64(nanoseconds) / 1000 }
    public var unixNano: Int64 { seconds &* 1_000_000_000 &+ Int64(nanoseconds) }

    /// Go's `time.Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    public var goString: String {
        GoTimeFormat.format(self, layout: "2006-01-02 15:04:05.999999999 -0700 MST")
    }
}
