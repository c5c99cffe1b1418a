import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP reply: its code and its lines' texts (without the code and separator).
struct SMTPReply: Sendable, CustomStringConvertible {
    var code: Int
    var lines: [String]
    var message: String { lines.joined(separator: "\n") }
    var description: String { "\(code) \(message)" }
}

/// An SMTP conversation over a SwiftNIO channel: commands out, replies in, TLS added in place for
/// STARTTLS. Used only inside `SMTPConnection.with`, which closes the channel on every path.
final class SMTPConnection {
    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var pending: [UInt8] = []
    /// Whether the channel is encrypted (implicit TLS or after STARTTLS).
    private(set) var isTLS: Bool

    /// A reply line longer than this is not SMTP: the server is refused rather than buffered without end.
    static let maxLineBytes = 64 * 1024
    static let maxReplyLines = 1000

    private init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, inbound: NIOAsyncChannelInboundStream<ByteBuffer>,
                 outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, isTLS: Bool) {
        self.channel = channel
        self.inbound = inbound.makeAsyncIterator()
        self.outbound = outbound
        self.isTLS = isTLS
    }

    /// Connects to `host:port` (with TLS from the start when `implicitTLS` is given), runs `body`, and
    /// closes the connection whatever happens.
    static func with<T>(host: String, port: Int, implicitTLS: (NIOSSLContext, String?)?, connectTimeout: Duration,
                        _ body: (SMTPConnection) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TimeAmount.nanoseconds(Int64(connectTimeout.components.seconds) * 1_000_000_000))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let (context, serverName) = implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let connection = SMTPConnection(channel: channel, inbound: inbound, outbound: outbound, isTLS: implicitTLS != nil)
            return try await body(connection)
        }
    }

    /// Reads one (possibly multi-line) reply: `250-first`, `250-second`, `250 last`.
    func readReply() async throws -> SMTPReply {
        var lines: [String] = []
        while true {
            let line = try await readLine()
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, let code = Int(String(line.prefix(3))), (100...599).contains(code) else {
                throw SMTPError.protocolViolation("short or malformed response: \(line.prefix(200))")
            }
            let continued = bytes.count > 3 && bytes[3] == UInt8(ascii: "-")
            lines.append(bytes.count > 4 ? String(line.dropFirst(4)) : "")
            if !continued { return SMTPReply(code: code, lines: lines) }
            if lines.count >= Self.maxReplyLines { throw SMTPError.protocolViolation("reply of more than \(Self.maxReplyLines) lines") }
        }
    }

    /// Sends `command` (CRLF added) and reads the reply; `expect` is the first digit or the full code
    /// wanted (2 for any 2xx, 354 exactly), as Go's `textproto.ReadResponse` checks it.
    @discardableResult
    func command(_ command: String, expect: Int) async throws -> SMTPReply {
        try await write(Array((command + "\r\n").utf8))
        return try Self.check(try await readReply(), expect: expect, command: command)
    }

    static func check(_ reply: SMTPReply, expect: Int, command: String) throws -> SMTPReply {
        let ok = expect < 10 ? reply.code / 100 == expect : expect < 100 ? reply.code / 10 == expect : reply.code == expect
        guard ok else { throw SMTPError.reply(reply) }
        return reply
    }

    func write(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Puts TLS under the conversation (after the server's 220 to STARTTLS).
    func startTLS(context: NIOSSLContext, serverName: String?) async throws {
        let channel = self.channel.channel
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName),
                                                           position: .first)
        }.get()
        isTLS = true
    }

    private func readLine() async throws -> String {
        while true {
            if let newline = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if pending.count > Self.maxLineBytes { throw SMTPError.protocolViolation("reply line longer than \(Self.maxLineBytes) bytes") }
            guard let chunk = try await inbound.next() else { throw SMTPError.closed }
            pending += chunk.readableBytesView
        }
    }
}

/// What went wrong in an SMTP conversation.
enum SMTPError: Error, CustomStringConvertible {
    /// The server answered with an unexpected code.
    case reply(SMTPReply)
    case protocolViolation(String)
    case closed
    case timedOut(Duration)

    var description: String {
        switch self {
        case .reply(let r): return r.description
        case .protocolViolation(let m): return m
        case .closed: return "connection closed by the server"
        case .timedOut(let d): return "no answer within \(d)"
        }
    }

    var code: Int? { if case .reply(let r) = self { return r.code }; return nil }
}
