/// Argument evaluation and Go assignability checks (`evalArg`, `validateType` in exec.go).
extension Executor {
    // MARK: arguments

    func canBeNil(_ t: ParamType) -> Bool {
        switch t {
        case .any, .reflectValue, .stringList, .stringMap, .object: return true
        default: return false
        }
    }

    func zeroValue(_ t: ParamType) -> TemplateValue {
        switch t {
        case .stringList: return .list([])
        case .stringMap: return .stringMap([:])
        case .object(let name): return .object(TemplateObject(typeName: name, isNilPointer: true))
        default: return .null
        }
    }

    func evalArg(_ dot: TemplateValue?, _ typ: ParamType?, _ n: ArgNode) throws(Flow) -> TemplateValue? {
        at(.arg(n))
        switch n {
        case .dot:
            return try validateType(dot, typ)
        case .nilValue:
            if typ == .reflectValue { return nil }
            if let typ, canBeNil(typ) { return zeroValue(typ) }
            throw errorf("cannot assign nil to \(typ?.goName ?? "interface {}")")
        case .field(let ids, _):
            at(.arg(n))
            let v = try evalFieldChain(dot, dot, n, ids, [n], .missing, receiverIsDot: true)
            if typ == .reflectValue { return v }
            return try validateType(v, typ)
        case .variable:
            let v = try evalVariableNode(dot, n, [], .missing)
            if typ == .reflectValue { return v }
            return try validateType(v, typ)
        case .pipe(let p):
            let v = try evalPipeline(dot, p)
            if typ == .reflectValue { return v }
            return try validateType(v, typ)
        case .identifier(let name, _):
            let v = try evalFunction(dot, name, n, .arg(n), [n], .missing)
            if typ == .reflectValue { return v }
            return try validateType(v, typ)
        case .chain:
            let v = try evalChainNode(dot, n, [], .missing)
            if typ == .reflectValue { return v }
            return try validateType(v, typ)
        default:
            break
        }
        guard let typ else { throw errorf("can't handle \(n) for arg of type <nil>") }
        switch typ {
        case .bool:
            if case .bool(let b, _) = n { return .bool(b) }
            throw errorf("expected bool; found \(n)")
        case .float:
            if case .number(let num, _) = n, num.isFloat { return .float(num.floatValue) }
            throw errorf("expected float; found \(n)")
        case .int:
            if case .number(let num, _) = n, num.isInt { return .int(num.intValue) }
            throw errorf("expected integer; found \(n)")
        case .duration:
            if case .number(let num, _) = n, num.isInt { return .duration(Int64(num.intValue)) }
            throw errorf("expected integer; found \(n)")
        case .any, .reflectValue:
            switch n {
            case .bool(let b, _): return .bool(b)
            case .number(let num, _): return try idealConstant(num)
            case .string(_, let text, _): return .string(text)
            default: throw errorf("can't handle assignment of \(n) to empty interface argument")
            }
        case .string:
            if case .string(_, let text, _) = n { return .string(text) }
            throw errorf("expected string; found \(n)")
        default:
            throw errorf("can't handle \(n) for arg of type \(typ.goName)")
        }
    }

    func validateType(_ value: TemplateValue?, _ typ: ParamType?) throws(Flow) -> TemplateValue? {
        guard let typ else { return value }
        guard let value else {
            // (Not a ternary: TemplateValue is ExpressibleByNilLiteral, so `nil` there would mean .null.)
            if typ == .reflectValue { return nil }
            if canBeNil(typ) { return zeroValue(typ) }
            throw errorf("invalid value; expected \(typ.goName)")
        }
        if Executor.assignable(value, typ) { return value }
        let got: String
        if case .null = value { got = "interface {}" } else { got = value.goTypeName }
        throw errorf("wrong type for value; expected \(typ.goName); got \(got)")
    }

    static func assignable(_ v: TemplateValue, _ t: ParamType) -> Bool {
        switch (t, v) {
        case (.any, _), (.reflectValue, _): return true
        case (.string, .string), (.int, .int), (.float, .float), (.bool, .bool), (.time, .time),
             (.duration, .duration), (.stringMap, .stringMap):
            return true
        case (.stringList, .list(let l)):
            return l.allSatisfy { if case .string = $0 { return true }; return false }
        case (.stringMap, .object(let o)):
            if case .stringMap? = o.underlying { return true }
            return false
        case (.stringList, .object(let o)):
            if let u = o.underlying { return assignable(u, .stringList) }
            return false
        case (.object(let name), .object(let o)):
            return o.typeName == name
        default:
            return false
        }
    }
}
