import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import ServiceLifecycle

/// Vigil's HTTP server: Hummingbird serving the route groups it is given (Prometheus's rules and alerts
/// API, health, metrics; later Alertmanager's API and the web page) on one listen address.
///
/// `start()` returns once the socket is bound, with the port (so tests can listen on port 0);
/// `shutdown()` stops accepting connections, lets requests in flight finish (at most
/// `Configuration.shutdownGracePeriod`), and returns when the server is gone.
public actor VigilHTTPServer {
    public struct Configuration: Sendable {
        public var listenAddress: ListenAddress
        /// Requests declaring a larger body are refused with 413; handlers that read a body collect at most
        /// this many bytes.
        public var requestBodyLimit: Int
        /// How long in-flight requests may take to finish on shutdown before they are cancelled.
        public var shutdownGracePeriod: Duration
        public var logger: Logger
        /// When set, every request but the health probes needs credentials it accepts (401 otherwise).
        public var authenticator: (any RequestAuthenticator)?
        /// When set, the server speaks HTTPS only.
        public var tls: TLS?
        /// When set, every answered request is counted and timed there.
        public var requestMetrics: HTTPRequestMetrics?

        public init(listenAddress: ListenAddress, requestBodyLimit: Int = 4 * 1024 * 1024,
                    shutdownGracePeriod: Duration = .seconds(10), logger: Logger = Logger(label: "vigil.http"),
                    authenticator: (any RequestAuthenticator)? = nil, tls: TLS? = nil,
                    requestMetrics: HTTPRequestMetrics? = nil) {
            self.listenAddress = listenAddress
            self.requestBodyLimit = requestBodyLimit
            self.shutdownGracePeriod = shutdownGracePeriod
            self.logger = logger
            self.authenticator = authenticator
            self.tls = tls
            self.requestMetrics = requestMetrics
        }
    }

    /// HTTPS: the certificate files (re-read when they change) and the oldest protocol version accepted.
    public struct TLS: Sendable {
        public enum MinimumVersion: Sendable { case tls12, tls13 }
        /// Client certificates: not asked for, verified when presented, or required and verified against
        /// `clientCAFile`.
        public enum ClientCertificates: Sendable { case none, verifyIfGiven, required }
        public var certificates: TLSCertificateFiles
        public var minimumVersion: MinimumVersion
        public var clientCertificates: ClientCertificates
        /// The authorities client certificates must chain to (PEM), read at start.
        public var clientCAFile: String?

        public init(certificates: TLSCertificateFiles, minimumVersion: MinimumVersion = .tls12,
                    clientCertificates: ClientCertificates = .none, clientCAFile: String? = nil) {
            self.certificates = certificates
            self.minimumVersion = minimumVersion
            self.clientCertificates = clientCertificates
            self.clientCAFile = clientCAFile
        }

        /// Throws what would stop the server from starting with these settings (an unreadable client CA file).
        public func validate() throws { _ = try configuration() }

        func configuration() throws -> TLSConfiguration {
            var c = certificates.serverConfiguration(minimumVersion: minimumVersion == .tls13 ? .tlsv13 : .tlsv12)
            switch clientCertificates {
            case .none: c.certificateVerification = .none
            case .verifyIfGiven: c.certificateVerification = .optionalVerification
            case .required: c.certificateVerification = .noHostnameVerification
            }
            if clientCertificates != .none, let file = clientCAFile {
                let bytes = try TLSCertificateFiles.read(file, role: "client_ca_file")
                let authorities: [NIOSSLCertificate]
                do { authorities = try NIOSSLCertificate.fromPEMBytes(bytes) } catch {
                    throw TLSCertificateFiles.LoadError("client_ca_file \(file): not a PEM certificate file")
                }
                guard !authorities.isEmpty else { throw TLSCertificateFiles.LoadError("client_ca_file \(file): no certificate in it") }
                c.trustRoots = .certificates(authorities)
            }
            return c
        }
    }

    public enum ServerError: Error, CustomStringConvertible {
        case alreadyStarted
        case stoppedBeforeListening(String)

        public var description: String {
            switch self {
            case .alreadyStarted: return "the HTTP server was already started"
            case .stoppedBeforeListening(let reason): return "the HTTP server stopped before listening: \(reason)"
            }
        }
    }

    public let configuration: Configuration
    private let routes: RouteTable
    private var serviceGroup: ServiceGroup?
    private var runTask: Task<Void, Never>?
    /// The port the server listens on, once started.
    public private(set) var port: Int?

    /// Fails when two groups register the same method on the same path.
    public init(configuration: Configuration, routeGroups: [any HTTPRouteGroup]) throws {
        self.configuration = configuration
        routes = try RouteTable(groups: routeGroups)
    }

    /// Binds the listen address and serves until `shutdown()`. Returns the bound port; throws when the
    /// address cannot be bound.
    @discardableResult
    public func start() async throws -> Int {
        guard serviceGroup == nil else { throw ServerError.alreadyStarted }
        let signal = StartupSignal()
        let server: HTTPServerBuilder = try configuration.tls.map {
            try .tls(.http1(), tlsConfiguration: $0.configuration())
        } ?? .http1()
        let app = Application(
            router: routes.router(requestBodyLimit: configuration.requestBodyLimit, authenticator: configuration.authenticator,
                          metrics: configuration.requestMetrics),
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.listenAddress.host, port: configuration.listenAddress.port),
                serverName: nil),
            onServerRunning: { channel in await signal.listening(port: channel.localAddress?.port ?? 0) },
            logger: configuration.logger)
        var groupConfiguration = ServiceGroupConfiguration(services: [.init(service: app)], logger: configuration.logger)
        groupConfiguration.maximumGracefulShutdownDuration = configuration.shutdownGracePeriod
        let group = ServiceGroup(configuration: groupConfiguration)
        serviceGroup = group
        runTask = Task {
            do {
                try await group.run()
                await signal.stopped("it returned")
            } catch {
                await signal.stopped(String(describing: error))
            }
        }
        switch await signal.wait() {
        case .success(let bound):
            port = bound
            return bound
        case .failure(let error):
            await runTask?.value
            serviceGroup = nil
            runTask = nil
            throw error
        }
    }

    /// Stops the server gracefully and waits until it is gone. Does nothing if it is not running.
    public func shutdown() async {
        guard let group = serviceGroup else { return }
        await group.triggerGracefulShutdown()
        await runTask?.value
        serviceGroup = nil
        runTask = nil
        port = nil
    }
}

/// Carries the first of "listening on port N" and "stopped" from the server's task to `start()`.
private actor StartupSignal {
    private var outcome: Result<Int, VigilHTTPServer.ServerError>?
    private var waiter: CheckedContinuation<Result<Int, VigilHTTPServer.ServerError>, Never>?

    func listening(port: Int) { settle(.success(port)) }
    func stopped(_ reason: String) { settle(.failure(.stoppedBeforeListening(reason))) }

    func wait() async -> Result<Int, VigilHTTPServer.ServerError> {
        if let outcome { return outcome }
        return await withCheckedContinuation { waiter = $0 }
    }

    private func settle(_ result: Result<Int, VigilHTTPServer.ServerError>) {
        guard outcome == nil else { return }
        outcome = result
        waiter?.resume(returning: result)
        waiter = nil
    }
}
