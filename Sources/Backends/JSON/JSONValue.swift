import Foundation

/// A parsed JSON document, for the query APIs whose results mix types inside arrays
/// (`[1435781451.781, "1"]`) and whose shape depends on a field (`resultType`).
indirect enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var number: Double? { if case .number(let d) = self { return d } else { return nil } }
    var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    var object: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }

    /// What the value is, for error messages (`a string`, `an object`).
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Why a body could not be decoded; the client wraps it with the endpoint.
struct JSONShapeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum JSONBody {
    /// Parses a response body, explaining the usual ways it is not JSON: an HTML error page from a proxy,
    /// an empty body, a truncated document.
    static func parse(_ body: [UInt8], contentType: String?) throws(JSONShapeError) -> JSONValue {
        let trimmed = body.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        if trimmed.isEmpty { throw JSONShapeError("empty body, expected JSON") }
        if trimmed.first == UInt8(ascii: "<") || (contentType ?? "").lowercased().contains("text/html") {
            throw JSONShapeError("got an HTML page instead of JSON\(htmlTitle(body).map { " (title \"\($0)\")" } ?? ""): \(HTTPStatusText.excerpt(body, limit: 120))")
        }
        do {
            return try JSONParser.parse(body)
        } catch {
            let last = trimmed.reversed().first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) })
            let truncated = (trimmed.first == UInt8(ascii: "{") && last != UInt8(ascii: "}"))
                || (trimmed.first == UInt8(ascii: "[") && last != UInt8(ascii: "]"))
            let why = truncated ? "truncated JSON (\(body.count) bytes)" : "body is not valid JSON"
            throw JSONShapeError("\(why): \(HTTPStatusText.excerpt(body, limit: 120))")
        }
    }

    private static func htmlTitle(_ body: [UInt8]) -> String? {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        guard let open = text.range(of: "<title>", options: .caseInsensitive),
              let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex) else { return nil }
        return text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
