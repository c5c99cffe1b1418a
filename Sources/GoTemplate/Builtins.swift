import TimeSeries
import Foundation

/// Go `text/template`'s builtin functions (`text/template/funcs.go`).
enum Builtins {
    static let all: [TemplateFunction] = [
        TemplateFunction("and", special: .and),
        TemplateFunction("or", special: .or),
        TemplateFunction("call", special: .call),
        TemplateFunction("not", params: [.reflectValue]) { a throws(FunctionError) in .bool(!a[0].isTruthy) },
        TemplateFunction("len", params: [.reflectValue]) { a throws(FunctionError) in try length(a[0]) },
        TemplateFunction("index", params: [.reflectValue], variadic: .reflectValue) { a throws(FunctionError) in
            try index(a[0], Array(a.dropFirst()))
        },
        TemplateFunction("slice", params: [.reflectValue], variadic: .reflectValue) { a throws(FunctionError) in
            try slice(a[0], Array(a.dropFirst()))
        },
        TemplateFunction("print", params: [], variadic: .any) { a throws(FunctionError) in .string(GoFormat.sprint(a)) },
        TemplateFunction("println", params: [], variadic: .any) { a throws(FunctionError) in .string(GoFormat.sprintln(a)) },
        TemplateFunction("printf", params: [.string], variadic: .any) { a throws(FunctionError) in
            .string(GoFormat.sprintf(a[0].stringValue ?? "", Array(a.dropFirst())))
        },
        TemplateFunction("html", params: [], variadic: .any) { a throws(FunctionError) in .string(GoHTMLEscape.string(evalArgs(a))) },
        TemplateFunction("js", params: [], variadic: .any) { a throws(FunctionError) in .string(jsEscape(evalArgs(a))) },
        TemplateFunction("urlquery", params: [], variadic: .any) { a throws(FunctionError) in .string(queryEscape(evalArgs(a))) },
        TemplateFunction("eq", params: [.reflectValue], variadic: .reflectValue) { a throws(FunctionError) in
            .bool(try eq(a[0], Array(a.dropFirst())))
        },
        TemplateFunction("ne", params: [.reflectValue, .reflectValue]) { a throws(FunctionError) in
            .bool(try !eq(a[0], [a[1]]))
        },
        TemplateFunction("lt", params: [.reflectValue, .reflectValue]) { a throws(FunctionError) in .bool(try lt(a[0], a[1])) },
        TemplateFunction("le", params: [.reflectValue, .reflectValue]) { a throws(FunctionError) in
            let l = try lt(a[0], a[1])
            let e = try eq(a[0], [a[1]])
            return .bool(l || e)
        },
        TemplateFunction("gt", params: [.reflectValue, .reflectValue]) { a throws(FunctionError) in
            let l = try lt(a[0], a[1])
            let e = try eq(a[0], [a[1]])
            return .bool(!(l || e))
        },
        TemplateFunction("ge", params: [.reflectValue, .reflectValue]) { a throws(FunctionError) in .bool(try !lt(a[0], a[1])) },
    ]

    static func length(_ v: TemplateValue) throws(FunctionError) -> TemplateValue {
        switch v {
        case .string(let s): return .int(s.utf8.count)
        case .list(let l): return .int(l.count)
        case .map(let m): return .int(m.count)
        case .stringMap(let m): return .int(m.count)
        case .object(let o):
            if let u = o.underlying { return try length(u) }
            if o.isNilPointer { throw FunctionError("len of nil pointer") }
        case .null: throw FunctionError("len of nil pointer")
        default: break
        }
        throw FunctionError("len of type \(v.goTypeName)")
    }

    static func indexArg(_ v: TemplateValue, _ cap: Int) throws(FunctionError) -> Int {
        let x: Int
        switch v {
        case .int(let i): x = i
        case .duration(let d): x = Int(d)
        case .null: throw FunctionError("cannot index slice/array with nil")
        default: throw FunctionError("cannot index slice/array with type \(v.goTypeName)")
        }
        if x < 0 || x > cap { throw FunctionError("index out of range: \(x)") }
        return x
    }

    static func index(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(FunctionError) -> TemplateValue {
        var item = item
        if case .null = item { throw FunctionError("index of untyped nil") }
        for idx in indexes {
            if case .object(let o) = item, let u = o.underlying { item = u }
            switch item {
            case .list(let l):
                let x = try indexArg(idx, l.count)
                if x == l.count { throw FunctionError("index out of range: \(x)") }
                item = l[x]
            case .string(let s):
                let b = Array(s.utf8)
                let x = try indexArg(idx, b.count)
                if x == b.count { throw FunctionError("index out of range: \(x)") }
                item = .int(Int(b[x]))
            case .map(let m):
                guard case .string(let k) = idx else {
                    throw FunctionError(idx.isNullValue ? "value is nil; should be of type string" : "value has type \(idx.goTypeName); should be string")
                }
                item = m[k] ?? .null
            case .stringMap(let m):
                guard case .string(let k) = idx else {
                    throw FunctionError(idx.isNullValue ? "value is nil; should be of type string" : "value has type \(idx.goTypeName); should be string")
                }
                item = .string(m[k] ?? "")
            case .null:
                throw FunctionError("index of nil pointer")
            default:
                throw FunctionError("can't index item of type \(item.goTypeName)")
            }
        }
        return item
    }

    static func slice(_ item: TemplateValue, _ indexes: [TemplateValue]) throws(FunctionError) -> TemplateValue {
        var item = item
        if case .object(let o) = item, let u = o.underlying { item = u }
        if case .null = item { throw FunctionError("slice of untyped nil") }
        if indexes.count > 3 { throw FunctionError("too many slice indexes: \(indexes.count)") }
        let len: Int
        switch item {
        case .string(let s):
            if indexes.count == 3 { throw FunctionError("cannot 3-index slice a string") }
            len = s.utf8.count
        case .list(let l): len = l.count
        default: throw FunctionError("can't slice item of type \(item.goTypeName)")
        }
        var idx = [0, len, len]
        for (i, v) in indexes.enumerated() { idx[i] = try indexArg(v, len) }
        if idx[0] > idx[1] { throw FunctionError("invalid slice index: \(idx[0]) > \(idx[1])") }
        if indexes.count == 3 && idx[1] > idx[2] { throw FunctionError("invalid slice index: \(idx[1]) > \(idx[2])") }
        switch item {
        case .string(let s):
            let b = Array(s.utf8)[idx[0]..<idx[1]]
            return .string(String(decoding: b, as: UTF8.self))
        case .list(let l):
            return .list(Array(l[idx[0]..<idx[1]]))
        default:
            return .null
        }
    }

    // MARK: comparison

    enum Kind { case bool, int, float, string, complex, other }

    static func basicKind(_ v: TemplateValue) -> Kind {
        switch v {
        case .bool: return .bool
        case .int, .duration: return .int
        case .float: return .float
        case .string: return .string
        default: return .other
        }
    }

    /// Named basic types (`template.HTML`) compare as their underlying kind.
    static func basic(_ v: TemplateValue) -> TemplateValue {
        if case .object(let o) = v, let u = o.underlying {
            switch u {
            case .string, .int, .float, .bool: return u
            default: return v
            }
        }
        return v
    }

    static func eq(_ a0: TemplateValue, _ bs0: [TemplateValue]) throws(FunctionError) -> Bool {
        let a = basic(a0), bs = bs0.map(basic)
        if bs.isEmpty { throw FunctionError("missing argument for comparison") }
        let k1 = basicKind(a)
        for b in bs {
            let k2 = basicKind(b)
            var truth = false
            if k1 != k2 {
                if !a.isNullValue && !b.isNullValue { throw FunctionError("incompatible types for comparison") }
            } else {
                switch (a, b) {
                case (.bool(let x), .bool(let y)): truth = x == y
                case (.int(let x), .int(let y)): truth = x == y
                case (.duration(let x), .duration(let y)): truth = x == y
                case (.int(let x), .duration(let y)): truth = Int64(x) == y
                case (.duration(let x), .int(let y)): truth = x == Int64(y)
                case (.float(let x), .float(let y)): truth = x == y
                case (.string(let x), .string(let y)): truth = x == y
                default:
                    if a.isNullValue || b.isNullValue {
                        truth = a.isNullValue == b.isNullValue
                    } else if case .time(let x) = a, case .time(let y) = b {
                        truth = x == y
                    } else {
                        throw FunctionError("non-comparable type \(GoFormat.sprintf("%s", [b])): \(b.goTypeName)")
                    }
                }
            }
            if truth { return true }
        }
        return false
    }

    static func lt(_ a0: TemplateValue, _ b0: TemplateValue) throws(FunctionError) -> Bool {
        let a = basic(a0), b = basic(b0)
        let k1 = basicKind(a), k2 = basicKind(b)
        if k1 == .other || k2 == .other { throw FunctionError("invalid type for comparison") }
        if k1 != k2 { throw FunctionError("incompatible types for comparison") }
        switch (a, b) {
        case (.bool, .bool): throw FunctionError("invalid type for comparison")
        case (.int(let x), .int(let y)): return x < y
        case (.duration(let x), .duration(let y)): return x < y
        case (.int(let x), .duration(let y)): return Int64(x) < y
        case (.duration(let x), .int(let y)): return x < Int64(y)
        case (.float(let x), .float(let y)): return x < y
        case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        default: throw FunctionError("invalid type for comparison")
        }
    }

    // MARK: escaping

    /// Go's `evalArgs`: a lone string is used as is, otherwise `fmt.Sprint`.
    static func evalArgs(_ a: [TemplateValue]) -> String {
        if a.count == 1, case .string(let s) = a[0] { return s }
        // printableValue turns a nil interface into "<no value>".
        return GoFormat.sprint(a.map { $0.isNullValue ? .string("<no value>") : $0 })
    }

    static func jsEscape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if u.value < 0x20 {
                    out += "\\u00" + GoQuote.hex(u.value, width: 2).uppercased()
                } else if u.value < 0x80 || GoQuote.isPrint(u) {
                    out.unicodeScalars.append(u)
                } else {
                    out += "\\u" + GoQuote.hex(u.value, width: 4).uppercased()
                }
            }
        }
        return out
    }

    /// Go's `url.QueryEscape`.
    static func queryEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + GoQuote.hex(UInt32(b), width: 2).uppercased()
            }
        }
        return out
    }

    /// Go's `url.PathEscape`.
    static func pathEscape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "$"), UInt8(ascii: "&"),
                 UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + GoQuote.hex(UInt32(b), width: 2).uppercased()
            }
        }
        return out
    }
}

extension TemplateValue {
    var isNullValue: Bool { if case .null = self { return true }; return false }
}
