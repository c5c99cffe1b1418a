import HTTPTypes
import Hummingbird
import TimeSeries

/// The answers of Alertmanager's API v2 as its go-swagger server writes them: JSON without HTML escaping
/// (the runtime's producer turns it off, so `<secret>` in the status stays readable), `Cache-Control:
/// no-store` on every answer, error payloads that are a bare JSON string, and go-swagger's own
/// `{"code":602,"message":"..."}` (422) when a request fails the spec's validation before any handler runs.
enum AlertmanagerReply {
    static let cacheControl: (HTTPField.Name, String) = (.cacheControl, "no-store")

    /// 200 with a JSON document.
    static func ok(_ value: JSONValue) -> Response { json(.ok, text(value)) }

    /// 200 without a body (accepted alerts, an expired silence).
    static func emptyOK() -> Response { empty(.ok) }

    /// A status without a body (the 404 of an unknown silence).
    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentLength: "0", cacheControl.0: cacheControl.1])
    }

    /// An error whose payload is a string (`400 "bad matcher format: foo"`).
    static func message(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(status, quote(message))
    }

    /// go-swagger's validation failure: `{"code":602,"message":"labels in body is required"}` with 422,
    /// or the code as the HTTP status when it is one (400 for an unreadable body).
    static func swaggerError(code: Int, _ message: String) -> Response {
        let status = (100..<600).contains(code) ? HTTPResponse.Status(code: code) : .unprocessableContent
        return json(status, text(.object([("code", .integer(code)), ("message", .string(message))])))
    }

    static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        let buffer = ByteBuffer(string: body + "\n")
        return Response(status: status, headers: [
            .contentType: "application/json", .contentLength: String(buffer.readableBytes), cacheControl.0: cacheControl.1,
        ], body: .init(byteBuffer: buffer))
    }

    /// The JSON text of a value the way Go's encoder writes it with HTML escaping off.
    static func text(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    private static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .string(let s): out += quote(s)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, (key, item)) in fields.enumerated() {
                if i > 0 { out += "," }
                out += quote(key) + ":"
                write(item, to: &out)
            }
            out += "}"
        case .number, .integer, .bool, .null, .raw: out += value.text
        }
    }

    /// Go's `encoding/json` string with `SetEscapeHTML(false)`: only quotes, backslashes, control
    /// characters and the two line separators JavaScript cannot hold are escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}", "\u{2029}": out += "\\u" + GoQuote.hex(u.value, width: 4)
            default:
                if u.value < 0x20 { out += "\\u" + GoQuote.hex(u.value, width: 4) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
