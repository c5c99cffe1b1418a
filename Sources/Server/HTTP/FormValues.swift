import Hummingbird
import TimeSeries

/// A request's query parameters read as Go's `url.ParseQuery` reads them, which is what Prometheus's
/// handlers see through `r.Form` and `r.URL.Query()`: `&`-separated `key=value` pairs, `+` and `%XX`
/// decoded, repeated keys kept in order.
///
/// Like Go, parsing goes on past a malformed pair and remembers an error: the first bad escape, or a
/// semicolon (Go no longer treats `;` as a separator and says so, replacing any earlier error). Handlers
/// that call `ParseForm` upstream answer 400 with that error. More than 10,000 pairs is refused outright,
/// as Go's default `urlmaxqueryparams` limit does.
public struct FormValues: Sendable, Equatable {
    public static let maximumPairs = 10_000

    private var pairs: [(key: String, value: String)] = []
    /// Go's error text, or nil when the whole query was well formed.
    public private(set) var error: String?

    public init(query: String) {
        var separators = 0
        for b in query.utf8 where b == UInt8(ascii: "&") { separators += 1 }
        if separators + 1 > Self.maximumPairs {
            error = "number of URL query parameters exceeded limit"
            return
        }
        for part in query.split(separator: "&", omittingEmptySubsequences: false) {
            if part.contains(";") {
                error = "invalid semicolon separator in query"
                continue
            }
            if part.isEmpty { continue }
            let key: Substring
            let value: Substring
            if let eq = part.firstIndex(of: "=") {
                key = part[..<eq]
                value = part[part.index(after: eq)...]
            } else {
                key = part
                value = ""
            }
            switch (Self.unescape(key), Self.unescape(value)) {
            case (.success(let k), .success(let v)):
                pairs.append((k, v))
            case (.failure(let e), _), (_, .failure(let e)):
                if error == nil { error = e.message }
            }
        }
    }

    public static func == (a: FormValues, b: FormValues) -> Bool {
        a.error == b.error && a.pairs.elementsEqual(b.pairs) { $0 == $1 }
    }

    /// Every value of `key`, in order.
    public func values(_ key: String) -> [String] { pairs.filter { $0.key == key }.map(\.value) }

    /// The first value of `key`, or "" (Go's `Values.Get`).
    public func first(_ key: String) -> String { pairs.first { $0.key == key }?.value ?? "" }

    struct EscapeError: Error {
        let message: String
    }

    /// Go's `url.QueryUnescape`: `+` is a space, `%XX` a byte; a `%` without two hex digits is an error
    /// naming up to three bytes from it. Bytes that do not form UTF-8 are replaced, as a Swift string must.
    static func unescape(_ s: Substring) -> Result<String, EscapeError> {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "%"):
                guard i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else {
                    let end = min(i + 3, bytes.count)
                    let bad = String(decoding: bytes[i..<end], as: UTF8.self)
                    return .failure(EscapeError(message: "invalid URL escape \(GoQuote.quote(bad))"))
                }
                out.append(hi << 4 | lo)
                i += 3
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
                i += 1
            default:
                out.append(bytes[i])
                i += 1
            }
        }
        return .success(String(decoding: out, as: UTF8.self))
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension FormValues {
    /// What Go's `r.ParseForm` reads for a query API handler: a form-encoded POST body's values first, then
    /// the URL's; nil when the body is larger than `limit`.
    static func of(_ request: Request, limit: Int) async -> FormValues? {
        var text = request.uri.query ?? ""
        if request.method == .post, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            guard let buffer = try? await request.body.collect(upTo: limit) else { return nil }
            let body = String(decoding: buffer.readableBytesView, as: UTF8.self)
            text = text.isEmpty ? body : body + "&" + text
        }
        return FormValues(query: text)
    }
}
