/// One HTTP request of a backend client, relative to the client's base URL.
public struct BackendRequest: Sendable {
    public var method: String
    /// Path below the base URL's path (`/api/v1/query`); the base's path prefix is kept in front.
    public var path: String
    /// Query parameters, in order; encoded as Go's `url.Values` would.
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]?

    public init(method: String = "GET", path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
                body: [UInt8]? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A POST of an `application/x-www-form-urlencoded` form, as Prometheus's and Loki's clients send queries.
    public static func form(path: String, _ fields: [(String, String)], headers: [(String, String)] = []) -> BackendRequest {
        let body = FormEncoding.encode(fields)
        return BackendRequest(method: "POST", path: path,
                              headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
                              body: Array(body.utf8))
    }
}

/// A complete response: status, headers and the whole body (bounded by the client's limit).
public struct BackendResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }

    public var isSuccess: Bool { (200...299).contains(status) }
}

/// `application/x-www-form-urlencoded` as Go's `url.Values.Encode` writes it (keys in the given order here:
/// the server does not care, and tests read the order they wrote).
enum FormEncoding {
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// Go's `url.QueryEscape`.
    static func escape(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(b)
            case UInt8(ascii: " "):
                out.append(UInt8(ascii: "+"))
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
