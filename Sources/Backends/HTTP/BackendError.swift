/// What went wrong talking to a backend. Every case names the endpoint (with any password in the URL
/// redacted) and says what a user can check; none carries a credential or a request header.
public enum BackendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The settings cannot be used: a missing secret file, two exclusive fields, a bad URL.
    case configuration(String)
    /// No HTTP response: connection refused, reset, DNS, TLS handshake.
    case transport(endpoint: String, message: String)
    /// No complete response within the request's timeout.
    case timeout(endpoint: String, seconds: Double)
    /// The response body was larger than the client accepts.
    case responseTooLarge(endpoint: String, limit: Int)
    /// A status the caller cannot use (after retries, for 5xx and 429), with the start of the body.
    case httpStatus(endpoint: String, status: Int, body: String)
    /// A 2xx response whose body is not what the API promises (HTML, truncated JSON, wrong shape).
    case invalidResponse(endpoint: String, message: String)
    /// The client was shut down, or the task cancelled.
    case cancelled(endpoint: String)

    public var description: String {
        switch self {
        case .configuration(let message):
            return "invalid backend configuration: \(message)"
        case let .transport(endpoint, message):
            return "request to \(endpoint) failed: \(message)"
        case let .timeout(endpoint, seconds):
            return "request to \(endpoint) timed out after \(Self.formatSeconds(seconds))"
        case let .responseTooLarge(endpoint, limit):
            return "response from \(endpoint) is larger than \(limit) bytes"
        case let .httpStatus(endpoint, status, body):
            let excerpt = body.isEmpty ? "" : ": \(body)"
            return "server returned HTTP status \(status) \(HTTPStatusText.reason(status)) for \(endpoint)\(excerpt)"
        case let .invalidResponse(endpoint, message):
            return "invalid response from \(endpoint): \(message)"
        case .cancelled(let endpoint):
            return "request to \(endpoint) was cancelled"
        }
    }

    /// Whether trying again may succeed: network errors, timeouts, 5xx and 429 (never other 4xx).
    public var isRetryable: Bool {
        switch self {
        case .transport, .timeout: return true
        case .httpStatus(_, let status, _): return HTTPStatusText.isRetryable(status)
        case .configuration, .responseTooLarge, .invalidResponse, .cancelled: return false
        }
    }

    static func formatSeconds(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e15 ? "\(Int64(s))s" : "\(s)s"
    }
}

enum HTTPStatusText {
    static func isRetryable(_ status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }

    /// The start of a body for an error message: printable, one line, bounded, so an HTML page or binary
    /// garbage makes a readable message.
    static func excerpt(_ body: [UInt8], limit: Int = 256) -> String {
        var text = String(decoding: body.prefix(limit), as: UTF8.self)
        text = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        text = text.trimmingCharacters(in: .whitespaces)
        if body.count > limit { text += "…" }
        return text
    }
}

import Foundation

/// A URL as error messages show it: any `user:password@` reduced to `user:xxxxx@`, as Go's `URL.Redacted`.
enum RedactedURL {
    static func string(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userinfo = authority[..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return url }
        return String(url[..<schemeEnd.upperBound]) + userinfo[..<colon] + ":xxxxx" + authority[at...] + afterScheme[authorityEnd...]
    }
}
