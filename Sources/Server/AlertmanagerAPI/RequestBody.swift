import Foundation
import TimeSeries

/// Why a request body was refused before its handler ran, in go-swagger's terms: a body that is not the
/// JSON the operation takes is a 400 (`parsing alerts body from "" failed, because ...`); one that breaks
/// the spec's rules (a required field missing, an empty matcher list) is a 422 with a validation code.
struct RequestBodyError: Error, Equatable {
    var code: Int
    var message: String

    /// go-openapi's validation codes.
    static let requiredCode = 602
    static let minItemsCode = 612
    /// go-openapi's `CompositeErrorCode`, used when several rules fail at once.
    static let compositeCode = 422

    /// An unreadable body of the named parameter (`alerts`, `silence`).
    static func unreadable(_ parameter: String, _ reason: String) -> RequestBodyError {
        RequestBodyError(code: 400, message: "parsing \(parameter) body from \"\" failed, because \(reason)")
    }

    /// One error as is; several as go-openapi's `validation failure list:` with one line each.
    static func validation(_ problems: [(code: Int, message: String)]) -> RequestBodyError? {
        guard let first = problems.first else { return nil }
        if problems.count == 1 { return RequestBodyError(code: first.code, message: first.message) }
        return RequestBodyError(code: compositeCode,
                                message: (["validation failure list:"] + problems.map(\.message)).joined(separator: "\n"))
    }
}

/// Reads a JSON body into Foundation's values, with the error Go's decoder would give for the usual
/// mistakes (a body that is not JSON at all, or ends early).
enum RequestJSON {
    /// nil for an empty body (go-swagger then reports the body parameter as required).
    static func parse(_ bytes: [UInt8], parameter: String) -> Result<Any?, RequestBodyError> {
        guard let first = bytes.firstIndex(where: { !isJSONSpace($0) }) else { return .success(nil) }
        do {
            let value = try RequestJSONReader.parse(bytes)
            return .success(value is RequestJSONReader.Null ? nil : value)
        } catch {
            let c = bytes[first]
            let starts = Array("{[\"-0123456789tfn".utf8)
            let reason = starts.contains(c)
                ? "unexpected end of JSON input or invalid JSON"
                : "invalid character \(goCharacter(c)) looking for beginning of value"
            return .failure(.unreadable(parameter, reason))
        }
    }

    static func isJSONSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// Go's `quoteChar`: `'g'`, with `'\''` and `'"'` spelled as Go spells them.
    static func goCharacter(_ b: UInt8) -> String {
        switch b {
        case UInt8(ascii: "'"): return "'\\''"
        case UInt8(ascii: "\""): return "'\"'"
        default:
            if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
            return "'\\x\(String(b, radix: 16))'"
        }
    }

    /// The JSON kind of a decoded value as Go's unmarshal errors name it.
    static func kind(_ value: Any) -> String {
        switch value {
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        case is Bool: return "bool"
        case is Double: return "number"
        default: return "null"
        }
    }

    /// A `map[string]string` field (labels, annotations): nil when absent or null.
    static func stringMap(_ value: Any?, field: String, type: String) throws(FieldError) -> [String: String]? {
        guard let value, !(value is RequestJSONReader.Null) else { return nil }
        guard let object = value as? [String: Any] else {
            throw FieldError("json: cannot unmarshal \(kind(value)) into Go struct field \(type).\(field) of type models.LabelSet")
        }
        var out: [String: String] = [:]
        for (k, v) in object {
            guard let s = v as? String else {
                throw FieldError("json: cannot unmarshal \(kind(v)) into Go struct field \(type).\(field) of type string")
            }
            out[k] = s
        }
        return out
    }

    static func string(_ value: Any?, field: String, type: String) throws(FieldError) -> String? {
        guard let value, !(value is RequestJSONReader.Null) else { return nil }
        guard let s = value as? String else {
            throw FieldError("json: cannot unmarshal \(kind(value)) into Go struct field \(type).\(field) of type string")
        }
        return s
    }

    static func bool(_ value: Any?, field: String, type: String) throws(FieldError) -> Bool? {
        guard let value, !(value is RequestJSONReader.Null) else { return nil }
        guard let b = value as? Bool else {
            throw FieldError("json: cannot unmarshal \(kind(value)) into Go struct field \(type).\(field) of type bool")
        }
        return b
    }

    /// A `strfmt.DateTime` field. Go's zero time means "not set" to the API (`IsZero`), and clients built
    /// on go-swagger send it for every time they leave empty (`0001-01-01T00:00:00.000Z`, amtool's
    /// `alert add` among them); strfmt also reads an empty string as the zero time.
    static func date(_ value: Any?, field: String, type: String) throws(FieldError) -> Date? {
        guard let text = try string(value, field: field, type: type), !text.isEmpty else { return nil }
        guard let d = AlertmanagerTime.parse(text) else {
            throw FieldError("parsing time \(quoteGo(text)) as \"2006-01-02T15:04:05.000Z07:00\": cannot parse \(quoteGo(text)) as RFC 3339")
        }
        return d == AlertmanagerTime.goZero ? nil : d
    }
}

/// A field of a body that does not fit the model; the message is in Go's words.
struct FieldError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
