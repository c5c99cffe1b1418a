import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The HTTP transport every backend client uses: one base URL, the shared `HTTPClientSettings` (auth,
/// headers, TLS, timeout, retries), and a bounded response body.
///
/// Credentials are added to every request from their sources (files are re-read when they change) and
/// appear in no description or error. Redirects are followed here rather than by AsyncHTTPClient so that,
/// as Go's client does, credentials are not sent to another host.
///
/// Call `shutdown()` when done: the underlying connection pool must be closed explicitly. A client dropped
/// without it (a path that threw before reaching `shutdown()`) is shut down in the background by `deinit`
/// rather than stopping the process, as AsyncHTTPClient's debug-build check would.
public final class BackendHTTPClient: Sendable {
    public let baseURL: String
    public let settings: HTTPClientSettings
    public let maxResponseBytes: Int
    /// Sent as `User-Agent` on every request.
    public let userAgent: String

    private let http: HTTPClient
    private let shutDown = ShutdownFlag()
    private let sleeper: any Sleeper
    private let base: BaseURL
    private let credentials: Credentials
    private let extraHeaders: [(name: String, source: HeaderSource)]

    private enum HeaderSource: Sendable {
        case plain(String)
        case secret(SecretSource)
    }

    private enum Credentials: Sendable {
        case none
        case basic(username: SecretSource, password: SecretSource?)
        case authorization(type: String, credentials: SecretSource?)
    }

    /// The base URL split once: scheme, host, port and path prefix.
    private struct BaseURL: Sendable {
        var scheme: String
        var host: String
        var port: Int?
        var pathPrefix: String

        /// `host[:port]` as a Host header writes it.
        var hostHeader: String {
            let h = host.contains(":") ? "[\(host)]" : host
            return port.map { "\(h):\($0)" } ?? h
        }
    }

    public init(baseURL: String, settings: HTTPClientSettings = HTTPClientSettings(), sleeper: any Sleeper = TaskSleeper(),
                maxResponseBytes: Int = 64 << 20, userAgent: String = "Vigil") throws(BackendError) {
        try settings.validate()
        guard let components = URLComponents(string: baseURL), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            throw .configuration("\(RedactedURL.string(baseURL)) is not an http or https URL with a host")
        }
        var prefix = components.percentEncodedPath
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.base = BaseURL(scheme: scheme, host: host, port: components.port, pathPrefix: prefix)
        self.baseURL = baseURL
        self.settings = settings
        self.sleeper = sleeper
        self.maxResponseBytes = maxResponseBytes
        self.userAgent = userAgent

        func source(inline: Secret?, file: String?) -> SecretSource? {
            if let file, !file.isEmpty { return .file(SecretFile(path: file)) }
            if let inline { return .inline(inline) }
            return nil
        }
        if let auth = settings.authorization {
            credentials = .authorization(type: auth.effectiveType, credentials: source(inline: auth.credentials, file: auth.credentialsFile))
        } else if let basic = settings.basicAuth {
            credentials = .basic(username: source(inline: Secret(basic.username), file: basic.usernameFile) ?? .inline(""),
                                 password: source(inline: basic.password, file: basic.passwordFile))
        } else {
            credentials = .none
        }
        var headers: [(String, HeaderSource)] = []
        for name in settings.httpHeaders.keys.sorted() {
            guard let h = settings.httpHeaders[name] else { continue }
            headers += h.values.map { (name, .plain($0)) }
            headers += h.secrets.map { (name, .secret(.inline($0))) }
            headers += h.files.map { (name, .secret(.file(SecretFile(path: $0)))) }
        }
        extraHeaders = headers

        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        // A refused connection fails at once and goes through the retry policy, instead of AsyncHTTPClient
        // retrying it quietly until the request's deadline (a down backend would cost a full timeout per try).
        configuration.connectionPool.retryConnectionEstablishment = false
        if scheme == "https" {
            configuration.tlsConfiguration = try Self.tlsConfiguration(settings.tlsConfig)
            // server_name: connect to the URL's host but verify (and send as SNI) the configured name.
            // AsyncHTTPClient verifies the request's host and connects to its DNS override.
            if let name = settings.tlsConfig.serverName, !name.isEmpty, name != host {
                configuration.dnsOverride = [name: host]
            }
        }
        http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    static func tlsConfiguration(_ tls: TLSSettings) throws(BackendError) -> TLSConfiguration {
        var c = TLSConfiguration.makeClientConfiguration()
        if let ca = tls.caFile, !ca.isEmpty {
            do {
                c.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
            } catch {
                throw .configuration("unable to use CA cert \(ca): \(error)")
            }
        }
        if let cert = tls.certFile, !cert.isEmpty, let key = tls.keyFile, !key.isEmpty {
            do {
                c.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                c.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            } catch {
                // The key file's path is named; its content never is.
                throw .configuration("unable to use specified client cert (\(cert)) & key (\(key)): \(error)")
            }
        }
        if tls.insecureSkipVerify { c.certificateVerification = .none }
        return c
    }

    public func shutdown() async {
        guard shutDown.begin() else { return }
        try? await http.shutdown()
    }

    deinit {
        // The shutdown keeps the HTTPClient alive until it has closed its connections.
        if shutDown.begin() { http.shutdown { _ in } }
    }

    /// The endpoint as error messages name it (no query string, password redacted).
    public func endpoint(_ path: String) -> String {
        RedactedURL.string("\(base.scheme)://\(base.hostHeader)\(base.pathPrefix)\(path)")
    }

    /// Sends a request, retrying network errors, timeouts, 5xx and 429 as the retry policy allows. Any
    /// other status is returned as it is, for the caller to decode (APIs put their errors in the body);
    /// a 5xx or 429 left after the last attempt is returned too.
    public func send(_ request: BackendRequest) async throws(BackendError) -> BackendResponse {
        let policy = settings.retry
        var attempt = 1
        while true {
            do {
                let response = try await sendFollowingRedirects(request)
                guard HTTPStatusText.isRetryable(response.status), attempt < policy.maxAttempts else { return response }
            } catch where error.isRetryable && attempt < policy.maxAttempts {
                // Fall through to the backoff below.
            }
            do {
                try await sleeper.sleep(for: policy.backoff(beforeRetry: attempt))
            } catch {
                throw .cancelled(endpoint: endpoint(request.path))
            }
            attempt += 1
        }
    }

    private func sendFollowingRedirects(_ original: BackendRequest) async throws(BackendError) -> BackendResponse {
        var url = absoluteURL(original)
        var method = original.method
        var body = original.body
        var sameHost = true
        for _ in 0..<10 {
            let response = try await sendOnce(url: url, method: method, headers: original.headers, body: body,
                                              withCredentials: sameHost, endpoint: endpoint(original.path))
            guard settings.followRedirects, [301, 302, 303, 307, 308].contains(response.status),
                  let location = response.header("Location"),
                  let next = URL(string: location, relativeTo: URL(string: url))?.absoluteURL else {
                return response
            }
            // As Go: 301/302/303 turn a POST into a GET without body; 307/308 repeat the request.
            if [301, 302, 303].contains(response.status) && method != "GET" && method != "HEAD" {
                method = "GET"
                body = nil
            }
            let nextHost = (next.host ?? "").lowercased()
            if nextHost != base.host.lowercased() || next.port != base.port { sameHost = false }
            url = next.absoluteString
        }
        throw .transport(endpoint: endpoint(original.path), message: "stopped after 10 redirects")
    }

    private func absoluteURL(_ request: BackendRequest) -> String {
        // With server_name the request names the certificate's host; the DNS override connects to the real one.
        var host = base.host.contains(":") ? "[\(base.host)]" : base.host
        if base.scheme == "https", let name = settings.tlsConfig.serverName, !name.isEmpty { host = name }
        var url = "\(base.scheme)://\(host)\(base.port.map { ":\($0)" } ?? "")\(base.pathPrefix)\(request.path)"
        if !request.query.isEmpty { url += "?" + FormEncoding.encode(request.query) }
        return url
    }

    private func sendOnce(url: String, method: String, headers: [(String, String)], body: [UInt8]?,
                          withCredentials: Bool, endpoint: String) async throws(BackendError) -> BackendResponse {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "User-Agent", value: userAgent)
        if base.scheme == "https", let name = settings.tlsConfig.serverName, !name.isEmpty {
            request.headers.add(name: "Host", value: base.hostHeader)
        }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if withCredentials {
            for (name, source) in extraHeaders {
                switch source {
                case .plain(let v): request.headers.add(name: name, value: v)
                case .secret(let s): request.headers.add(name: name, value: try s.current())
                }
            }
            switch credentials {
            case .none:
                break
            case let .basic(username, password):
                let pair = try username.current() + ":" + (try password?.current() ?? "")
                request.headers.replaceOrAdd(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
            case let .authorization(type, credentials):
                request.headers.replaceOrAdd(name: "Authorization", value: "\(type) \(try credentials?.current() ?? "")")
            }
        }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }

        let timeout = settings.timeout.duration
        let http = self.http, limit = maxResponseBytes, prepared = request
        do {
            // The timeout bounds the whole exchange, body included: AsyncHTTPClient's deadline covers the
            // response head only, so a server that answers and then drips its body would hold a rule's
            // evaluation indefinitely. The race also holds when the client's own timer is late.
            return try await withThrowingTaskGroup(of: BackendResponse?.self) { group in
                defer { group.cancelAll() }
                group.addTask {
                    let response = try await http.execute(prepared, deadline: .now() + TimeAmount(timeout))
                    let buffer = try await response.body.collect(upTo: limit)
                    return BackendResponse(status: Int(response.status.code),
                                           headers: response.headers.map { ($0.name, $0.value) },
                                           body: Array(buffer.readableBytesView))
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                guard let first = try await group.next(), let response = first else {
                    throw HTTPClientError.deadlineExceeded
                }
                return response
            }
        } catch {
            throw mapError(error, endpoint: endpoint, timeout: settings.timeout.seconds)
        }
    }

    private func mapError(_ error: any Error, endpoint: String, timeout: Double) -> BackendError {
        if let e = error as? BackendError { return e }
        if error is NIOTooManyBytesError { return .responseTooLarge(endpoint: endpoint, limit: maxResponseBytes) }
        if error is CancellationError { return .cancelled(endpoint: endpoint) }
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout:
                return .timeout(endpoint: endpoint, seconds: timeout)
            case .cancelled, .alreadyShutdown:
                return .cancelled(endpoint: endpoint)
            default:
                break
            }
        }
        return .transport(endpoint: endpoint, message: String(describing: error))
    }
}

extension TimeAmount {
    init(_ d: Duration) {
        let (s, atto) = d.components
        // Saturating: a timeout past Int64 nanoseconds is "never", not a wrapped negative one.
        let (ns, overflow) = s.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow2) = ns.addingReportingOverflow(atto / 1_000_000_000)
        self = overflow || overflow2 ? .nanoseconds(Int64.max) : .nanoseconds(total)
    }
}

/// Whether `shutdown()` has begun: it happens once, from `shutdown()` or from `deinit`.
private final class ShutdownFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var begun = false

    /// True for the first caller only.
    func begin() -> Bool {
        lock.withLock {
            if begun { return false }
            begun = true
            return true
        }
    }
}
