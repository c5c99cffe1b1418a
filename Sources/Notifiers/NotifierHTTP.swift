import Backends
import Foundation
import Routing

/// The HTTP side every HTTP integration shares: one POST to a URL that may change between notifications
/// (templated URLs, `url_file`), with the receiver's `http_config`, and upstream's reading of the answer.
struct NotifierHTTP: Sendable {
    let settings: HTTPClientSettings

    /// `timeout` bounds one request, body included.
    init(config: HTTPConfig?, timeout: Duration) throws(NotifyError) {
        settings = try HTTPSettingsMapping.settings(config, timeout: timeout)
        do { try settings.validate() } catch { throw .permanent(error.description) }
    }

    /// Sends one request and returns the response whatever its status. Network errors and timeouts are
    /// retryable; the URL appears in errors without its query string or password.
    func send(method: String = "POST", url: String, contentType: String?, body: [UInt8]?,
              headers: [(String, String)] = []) async throws(NotifyError) -> BackendResponse {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw .permanent("\(Self.origin(url)) is not an http or https URL with a host")
        }
        var origin = URLComponents()
        origin.scheme = scheme
        origin.host = host
        origin.port = components.port
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        if let q = components.percentEncodedQuery { path += "?" + q }
        let client: BackendHTTPClient
        do {
            client = try BackendHTTPClient(baseURL: origin.string ?? url, settings: settings, userAgent: NotifierUserAgent.value)
        } catch {
            throw .permanent(error.description)
        }
        var all = headers
        if let contentType { all.insert(("Content-Type", contentType), at: 0) }
        let result: Result<BackendResponse, BackendError>
        do {
            result = .success(try await client.send(BackendRequest(method: method, path: path, headers: all, body: body)))
        } catch {
            result = .failure(error)
        }
        await client.shutdown()
        switch result {
        case .success(let r): return r
        case .failure(let e): throw Self.error(e, method: method, url: url)
        }
    }

    /// The client's error, worded as Go's `url.Error` (`Post "URL": cause`) with the URL cut to its origin:
    /// receiver URLs often carry their token in the path (Slack, Telegram, Discord).
    static func error(_ e: BackendError, method: String, url: String) -> NotifyError {
        let prefix = "\(method.prefix(1))\(method.dropFirst().lowercased()) \"\(origin(url))\": "
        switch e {
        case .timeout(_, let seconds):
            return NotifyError(retryable: true, reason: .contextDeadlineExceeded, message: prefix + "timed out after \(seconds)s")
        case .cancelled: return NotifyError(retryable: false, reason: .contextCanceled, message: prefix + "context canceled")
        case .transport(_, let message), .invalidResponse(_, let message): return NotifyError(retryable: true, message: prefix + message)
        case .responseTooLarge(_, let limit): return NotifyError(retryable: true, message: prefix + "response larger than \(limit) bytes")
        case .httpStatus(_, let status, _):
            return NotifyError(retryable: status / 100 == 5, reason: .init(status: status), status: status, message: prefix + "HTTP \(status)")
        case .configuration(let message): return .permanent(message)
        }
    }

    /// `scheme://host[:port]` of a URL: what errors and logs may show of it.
    static func origin(_ url: String) -> String {
        guard let c = URLComponents(string: url), let scheme = c.scheme, let host = c.host else { return "<invalid URL>" }
        return "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)\(c.port.map { ":\($0)" } ?? "")"
    }

    /// Upstream's `Retrier.Check`: 2xx succeeds; 5xx and the integration's `retryCodes` are retryable;
    /// the message is `unexpected status code N` plus the response body (or the integration's details).
    static func check(_ response: BackendResponse, retryCodes: Set<Int> = [],
                      details: ((BackendResponse) -> String)? = nil) throws(NotifyError) -> NotifyOutcome {
        if response.status / 100 == 2 { return NotifyOutcome(status: response.status, details: "HTTP \(response.status)") }
        var message = "unexpected status code \(response.status)"
        let extra = details?(response) ?? String(decoding: response.body.prefix(4096), as: UTF8.self)
        if !extra.isEmpty { message += ": " + extra }
        throw NotifyError(retryable: response.status / 100 == 5 || retryCodes.contains(response.status),
                          reason: .init(status: response.status), status: response.status, message: message)
    }
}
