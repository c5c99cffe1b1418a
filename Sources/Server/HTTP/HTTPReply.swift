import HTTPTypes
import Hummingbird

/// The few response shapes the server writes, with the headers Prometheus's Go server sends with them.
public enum HTTPReply {
    /// A plain-text answer (`text/plain; charset=utf-8`, as Go's `http.Error` and the health endpoints).
    public static func text(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/plain; charset=utf-8"
        return bytes(status, body, headers: fields)
    }

    /// A JSON answer.
    public static func json(_ status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        bytes(status, value.text, headers: [.contentType: "application/json"])
    }

    /// Go's `http.NotFound`: `404 page not found`.
    public static func notFound() -> Response {
        text(.notFound, "404 page not found\n", headers: [.xContentTypeOptions: "nosniff"])
    }

    /// The router's answer to a known path asked with another method, with the `Allow` header listing
    /// the methods it has (httprouter's `Method Not Allowed`).
    public static func methodNotAllowed(allowed: [HTTPRequest.Method]) -> Response {
        text(.methodNotAllowed, "Method Not Allowed\n",
             headers: [.allow: allowed.map(\.rawValue).joined(separator: ", "), .xContentTypeOptions: "nosniff"])
    }

    static func bytes(_ status: HTTPResponse.Status, _ body: String, headers: HTTPFields) -> Response {
        let buffer = ByteBuffer(string: body)
        var fields = headers
        fields[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    static let wwwAuthenticate = HTTPField.Name("WWW-Authenticate")!
}
