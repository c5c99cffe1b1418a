import HTTPTypes
import Hummingbird

/// Alertmanager's CORS handling (`cors.Default()` of rs/cors around the API): every answer varies on
/// `Origin` and carries `Access-Control-Allow-Origin: *` when the request has an `Origin`; a preflight
/// (`OPTIONS` with `Access-Control-Request-Method`) is answered 200 with the allowed method and headers
/// when they are among the defaults (GET, POST, HEAD; Origin, Accept, Content-Type, X-Requested-With),
/// and with only the `Vary` headers otherwise (so browsers cannot DELETE across origins, as with
/// Alertmanager). An `OPTIONS` that is not a preflight reaches go-swagger, which answers 405.
enum AlertmanagerCORS {
    static let allowedMethods: Set<String> = ["GET", "POST", "HEAD"]
    static let allowedHeaders: Set<String> = ["Origin", "Accept", "Content-Type", "X-Requested-With"]
    static let accessControlRequestMethod = HTTPField.Name("Access-Control-Request-Method")!
    static let accessControlRequestHeaders = HTTPField.Name("Access-Control-Request-Headers")!
    static let vary = HTTPField.Name("Vary")!

    static func wrap(_ handler: @escaping HTTPHandler) -> HTTPHandler {
        { request, context in
            var response = try await handler(request, context)
            response.headers.append(HTTPField(name: vary, value: "Origin"))
            if let origin = request.headers[.origin], !origin.isEmpty {
                response.headers[.accessControlAllowOrigin] = "*"
            }
            return response
        }
    }

    /// The `OPTIONS` handler of a path whose other methods are `methods` (in go-swagger's order).
    static func options(methods: [String]) -> HTTPHandler {
        { request, _ in
            guard let requested = request.headers[accessControlRequestMethod], !requested.isEmpty else {
                var response = AlertmanagerReply.swaggerError(
                    code: 405, "method OPTIONS is not allowed, but [\(methods.joined(separator: ","))] are")
                response.headers[.allow] = methods.joined(separator: ",")
                response.headers.append(HTTPField(name: vary, value: "Origin"))
                return response
            }
            var headers: HTTPFields = [:]
            for v in ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"] {
                headers.append(HTTPField(name: vary, value: v))
            }
            headers[.contentLength] = "0"
            let origin = request.headers[.origin] ?? ""
            let method = requested.uppercased()
            let asked = (request.headers[accessControlRequestHeaders] ?? "")
                .split(separator: ",").map { canonical($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
            if !origin.isEmpty && allowedMethods.contains(method) && asked.allSatisfy(allowedHeaders.contains) {
                headers[.accessControlAllowOrigin] = "*"
                headers[.accessControlAllowMethods] = method
                if !asked.isEmpty { headers[.accessControlAllowHeaders] = asked.joined(separator: ", ") }
            }
            return Response(status: .ok, headers: headers)
        }
    }

    /// Go's `http.CanonicalHeaderKey`: each dash-separated word capitalised.
    static func canonical(_ name: String) -> String {
        name.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: "-")
    }
}
