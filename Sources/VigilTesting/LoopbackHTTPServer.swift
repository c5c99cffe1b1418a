import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// TLS for the loopback server: its certificate and key (PEM files), and optionally the CA whose client
/// certificates it requires.
public struct LoopbackTLS: Sendable {
    public var certificateFile: String
    public var keyFile: String
    /// When set, a client must present a certificate signed by this CA.
    public var clientCAFile: String?

    public init(certificateFile: String, keyFile: String, clientCAFile: String? = nil) {
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.clientCAFile = clientCAFile
    }
}

/// A request the loopback server received.
public struct RecordedRequest: Sendable {
    public var method: String
    /// Path and query as sent (`/api/v1/query?x=1`).
    public var uri: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public var path: String { String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }

    /// The query string's parameters, decoded.
    public var query: [(String, String)] {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count > 1 ? FormDecoding.decode(String(parts[1])) : []
    }

    /// The body as an `application/x-www-form-urlencoded` form.
    public var form: [(String, String)] { FormDecoding.decode(bodyText) }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first value of a header (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }

    /// Every value of a header, in order.
    public func headerValues(_ name: String) -> [String] {
        let lower = name.lowercased()
        return headers.filter { $0.0.lowercased() == lower }.map(\.1)
    }

    /// A form field or query parameter.
    public func parameter(_ name: String) -> String? {
        (query + form).first { $0.0 == name }?.1
    }
}

/// What the loopback server answers: status, headers, body, and how long to wait before answering.
public struct ScriptedResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var delay: Duration
    /// Close the connection after the headers and this many body bytes, without the rest (a truncated
    /// transfer); nil sends everything.
    public var truncateAfter: Int?
    /// Send the headers at once and the body this much later (a server that stalls mid-response).
    public var bodyDelay: Duration

    public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], delay: Duration = .zero,
                truncateAfter: Int? = nil, bodyDelay: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.truncateAfter = truncateAfter
        self.bodyDelay = bodyDelay
    }

    public static func json(_ text: String, status: Int = 200, delay: Duration = .zero) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8), delay: delay)
    }

    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8",
                            delay: Duration = .zero) -> ScriptedResponse {
        ScriptedResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8), delay: delay)
    }
}

/// A tiny HTTP/1.1 server on 127.0.0.1 for tests: it records every request and answers with scripted
/// responses (queued ones first, in order, then the fallback), so a test plays Loki, a webhook receiver or
/// a failing backend. Start it with `LoopbackHTTPServer.with { server in … }`, which stops it on every path.
public final class LoopbackHTTPServer: Sendable {
    public let port: Int
    public let isTLS: Bool
    public var baseURL: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)" }

    private let channel: any Channel
    private let state: State

    final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var recorded: [RecordedRequest] = []
        private var scripted: [ScriptedResponse] = []
        private let fallback: @Sendable (RecordedRequest) -> ScriptedResponse

        init(fallback: @escaping @Sendable (RecordedRequest) -> ScriptedResponse) { self.fallback = fallback }

        func receive(_ request: RecordedRequest) -> ScriptedResponse {
            lock.lock()
            recorded.append(request)
            let next = scripted.isEmpty ? nil : scripted.removeFirst()
            lock.unlock()
            return next ?? fallback(request)
        }

        func enqueue(_ responses: [ScriptedResponse]) {
            lock.lock()
            scripted += responses
            lock.unlock()
        }

        var requests: [RecordedRequest] {
            lock.lock()
            defer { lock.unlock() }
            return recorded
        }
    }

    private init(channel: any Channel, port: Int, isTLS: Bool, state: State) {
        self.channel = channel
        self.port = port
        self.isTLS = isTLS
        self.state = state
    }

    /// Starts a server; `respond` answers every request no scripted response is queued for.
    public static func start(tls: LoopbackTLS? = nil,
                             respond: @escaping @Sendable (RecordedRequest) -> ScriptedResponse = { _ in ScriptedResponse(status: 200) })
        async throws -> LoopbackHTTPServer
    {
        let state = State(fallback: respond)
        let sslContext = try tls.map { tls in
            var c = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(tls.certificateFile).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.keyFile, format: .pem)))
            if let ca = tls.clientCAFile {
                c.certificateVerification = .noHostnameVerification
                c.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
            }
            return try NIOSSLContext(configuration: c)
        }
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(state: state))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close()
            throw LoopbackServerError("the loopback server has no port")
        }
        return LoopbackHTTPServer(channel: channel, port: port, isTLS: tls != nil, state: state)
    }

    /// Runs `body` with a started server and stops the server afterwards, also when `body` throws.
    public static func with<T>(tls: LoopbackTLS? = nil,
                               respond: @escaping @Sendable (RecordedRequest) -> ScriptedResponse = { _ in ScriptedResponse(status: 200) },
                               _ body: (LoopbackHTTPServer) async throws -> T) async throws -> T {
        let server = try await start(tls: tls, respond: respond)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Queues responses for the next requests, in order.
    public func enqueue(_ responses: ScriptedResponse...) { state.enqueue(responses) }
    public func enqueue(_ responses: [ScriptedResponse]) { state.enqueue(responses) }

    /// Every request received so far, in order.
    public var requests: [RecordedRequest] { state.requests }

    public func stop() async {
        try? await channel.close()
    }

    /// Collects one request (head and body) and writes the scripted answer.
    private final class RequestHandler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let state: State
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(state: State) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h):
                head = h
                body = []
            case .body(var buffer):
                body += buffer.readBytes(length: buffer.readableBytes) ?? []
            case .end:
                guard let head else { return }
                let request = RecordedRequest(method: head.method.rawValue, uri: head.uri,
                                              headers: head.headers.map { ($0.name, $0.value) }, body: body)
                let response = state.receive(request)
                let keepAlive = head.isKeepAlive
                if response.delay > .zero {
                    let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    context.eventLoop.scheduleTask(in: TimeAmount.nanoseconds(Self.nanoseconds(response.delay))) {
                        let (handler, context) = bound.value
                        handler.write(response, keepAlive: keepAlive, context: context)
                    }
                } else {
                    write(response, keepAlive: keepAlive, context: context)
                }
            }
        }

        private static func nanoseconds(_ d: Duration) -> Int64 {
            let (s, atto) = d.components
            return s * 1_000_000_000 + atto / 1_000_000_000
        }

        private func write(_ response: ScriptedResponse, keepAlive: Bool, context: ChannelHandlerContext) {
            guard context.channel.isActive else { return }
            var headers = HTTPHeaders(response.headers)
            headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
            if !keepAlive || response.truncateAfter != nil { headers.replaceOrAdd(name: "Connection", value: "close") }
            let status = HTTPResponseStatus(statusCode: response.status)
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            if let cut = response.truncateAfter {
                let partial = context.channel.allocator.buffer(bytes: response.body.prefix(cut))
                context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(partial))), promise: nil)
                context.close(promise: nil)
                return
            }
            if response.bodyDelay > .zero {
                context.flush()
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: TimeAmount.nanoseconds(Self.nanoseconds(response.bodyDelay))) {
                    let (handler, context) = bound.value
                    guard context.channel.isActive else { return }
                    handler.writeBody(response, keepAlive: keepAlive, context: context)
                }
                return
            }
            writeBody(response, keepAlive: keepAlive, context: context)
        }

        private func writeBody(_ response: ScriptedResponse, keepAlive: Bool, context: ChannelHandlerContext) {
            if !response.body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
            }
            let close = !keepAlive
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if close { bound.value.close(promise: nil) }
            }
        }
    }
}

public struct LoopbackServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// `application/x-www-form-urlencoded` decoding (`+` is a space, `%XX` a byte).
public enum FormDecoding {
    public static func decode(_ s: String) -> [(String, String)] {
        s.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (unescape(String(parts[0])), parts.count > 1 ? unescape(String(parts[1])) : "")
        }
    }

    public static func unescape(_ s: String) -> String {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), bytes.count >= 2,
                      let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
