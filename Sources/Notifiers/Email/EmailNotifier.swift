import Foundation
import GoTemplate
import NIOSSL
import Routing

/// `email_configs`: one message per notification over SMTP, as Alertmanager sends it.
///
/// The conversation: connect (TLS from the start when `force_implicit_tls` says so or, unset, on port
/// 465), greeting, `EHLO hello` (`HELO` when EHLO is refused), `STARTTLS` when `require_tls` (a server
/// that does not offer it is an error), `AUTH` with the first usable offered mechanism, `MAIL FROM`,
/// `RCPT TO` for each `to` address, `DATA` (dot-stuffed), `QUIT`. Templates are rendered before
/// connecting, so a template error costs no connection. Connection and SMTP errors are retryable;
/// template, address and TLS-configuration errors are not.
public struct EmailNotifier: Notifier {
    public let integration = "email"
    public let config: EmailConfig
    public var sendResolved: Bool { config.sendResolved }
    let template: AlertmanagerTemplate
    /// Bounds the whole conversation, connection included.
    let timeout: Duration

    public init(config: EmailConfig, template: AlertmanagerTemplate, timeout: Duration = .seconds(60)) throws(NotifyError) {
        if config.threading.enabled { throw .permanent("email threading is not supported by Vigil yet") }
        self.config = config
        self.template = template
        self.timeout = timeout
    }

    var useImplicitTLS: Bool { config.forceImplicitTLS ?? (config.smarthost.port == "465") }

    public func notify(_ notification: Notification) async throws(NotifyError) -> NotifyOutcome {
        let data = notification.data
        let message = try render(data)
        let from: [String], to: [String]
        do {
            from = try MailAddressList.parse(try template.executeText(config.from, data: data))
            to = try MailAddressList.parse(try template.executeText(config.to, data: data))
        } catch {
            throw .permanent("parse 'from'/'to' addresses: \(error)")
        }
        guard from.count == 1 else { throw .permanent("must be exactly one 'from' address (got: \(from.count))") }
        guard let port = Int(config.smarthost.port), (1...65535).contains(port) else {
            throw .permanent("invalid smarthost port \(config.smarthost.port)")
        }
        let tls = try tlsContext()
        let host = config.smarthost.host
        let serverName = Self.sniName(config.tlsConfig?.serverName ?? "", host: host)
        let implicit = useImplicitTLS
        let requireTLS = config.requireTLS ?? true
        let hello = config.hello.isEmpty ? "localhost" : config.hello
        let smarthost = "\(host):\(config.smarthost.port)"
        let username = config.authUsername, identity = config.authIdentity
        let password = config.authPassword, secret = config.authSecret
        let payload = DotStuffing.encode(Array(message.utf8))
        let timeout = self.timeout

        let work: @Sendable () async throws -> SMTPReply = {
            try await SMTPConnection.with(host: host, port: port, implicitTLS: implicit ? (tls, serverName) : nil,
                                          connectTimeout: timeout) { c in
                _ = try SMTPConnection.check(try await c.readReply(), expect: 220, command: "greeting")
                var extensions = try await Self.hello(c, name: hello)
                if requireTLS && !implicit {
                    guard extensions["STARTTLS"] != nil else {
                        throw SMTPStepError(step: "", retryable: true, message:
                            "'require_tls' is true (default) but \"\(smarthost)\" does not advertise the STARTTLS extension")
                    }
                    try await Self.step("send STARTTLS command") { try await c.command("STARTTLS", expect: 220) }
                    try await c.startTLS(context: tls, serverName: serverName)
                    extensions = try await Self.step("send EHLO command") { try await Self.ehlo(c, name: hello) }
                }
                if let offered = extensions["AUTH"] {
                    let auth: SMTPAuth?
                    do {
                        auth = try SMTPAuth.choose(offered: offered, username: username,
                                                   password: { try SecretReader.read(password) },
                                                   secret: { try SecretReader.read(secret) }, identity: identity, host: host)
                    } catch {
                        throw SMTPStepError(step: "find auth mechanism", retryable: true, message: "\(error)")
                    }
                    if let auth {
                        try await Self.step("\(auth.mechanism) auth") { try await auth.authenticate(on: c, serverName: host) }
                    }
                }
                var mail = "MAIL FROM:<\(from[0])>"
                if extensions["8BITMIME"] != nil { mail += " BODY=8BITMIME" }
                if extensions["SMTPUTF8"] != nil { mail += " SMTPUTF8" }
                try await Self.step("send MAIL command") { try await c.command(mail, expect: 250) }
                for address in to {
                    try await Self.step("send RCPT command") { try await c.command("RCPT TO:<\(address)>", expect: 25) }
                }
                try await Self.step("send DATA command") { try await c.command("DATA", expect: 354) }
                try await c.write(payload)
                let accepted = try await Self.step("delivery failure") {
                    try SMTPConnection.check(try await c.readReply(), expect: 250, command: "end of DATA")
                }
                // The message is accepted; a failed QUIT changes nothing.
                _ = try? await c.command("QUIT", expect: 221)
                return accepted
            }
        }
        do {
            let reply = try await Self.withTimeout(timeout, work)
            return NotifyOutcome(status: reply.code, details: reply.description)
        } catch let e as SMTPStepError {
            throw NotifyError(retryable: e.retryable, status: e.code, message: e.step.isEmpty ? e.message : "\(e.step): \(e.message)")
        } catch let e as SMTPError {
            if case .timedOut = e { throw NotifyError(retryable: true, reason: .contextDeadlineExceeded, message: "\(smarthost): \(e)") }
            throw NotifyError(retryable: true, status: e.code, message: "\(smarthost): \(e)")
        } catch {
            throw NotifyError(retryable: true, message: "establish connection to server \(smarthost): \(error)")
        }
    }

    /// The message text: headers and parts rendered from their templates.
    func render(_ data: AlertmanagerData) throws(NotifyError) -> String {
        var headerTemplates = config.headers
        if headerTemplates["Subject"] == nil { headerTemplates["Subject"] = EmailConfig.defaultSubject }
        if headerTemplates["To"] == nil { headerTemplates["To"] = config.to }
        if headerTemplates["From"] == nil { headerTemplates["From"] = config.from }
        var headers: [String: String] = [:]
        for (name, text) in headerTemplates {
            do {
                headers[name] = try template.executeText(text, data: data)
            } catch {
                throw .permanent("execute \"\(name)\" header template: \(error.description)")
            }
        }
        var text: String?, html: String?
        do {
            if !config.text.isEmpty { text = try template.executeText(config.text, data: data) }
        } catch {
            throw .permanent("execute text template: \(error.description)")
        }
        do {
            if !config.html.isEmpty { html = try template.executeHTML(config.html, data: data) }
        } catch {
            throw .permanent("execute html template: \(error.description)")
        }
        let hostname = EmailMessage.hostname
        return EmailMessage(headers: headers,
                            messageID: headers["Message-Id"] == nil ? EmailMessage.messageID(hostname: hostname) : nil,
                            date: EmailMessage.localNow(), boundary: EmailMessage.randomBoundary(), text: text, html: html).render()
    }

    /// The TLS settings for implicit TLS and STARTTLS, from `tls_config`.
    func tlsContext() throws(NotifyError) -> NIOSSLContext {
        let t = config.tlsConfig ?? TLSConfig()
        var c = TLSConfiguration.makeClientConfiguration()
        do {
            if !t.caFile.isEmpty { c.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(t.caFile)) }
            if !t.ca.isEmpty { c.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(t.ca.utf8))) }
            if !t.certFile.isEmpty { c.certificateChain = try NIOSSLCertificate.fromPEMFile(t.certFile).map { .certificate($0) } }
            if !t.cert.isEmpty { c.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(t.cert.utf8)).map { .certificate($0) } }
            if !t.keyFile.isEmpty { c.privateKey = .privateKey(try NIOSSLPrivateKey(file: t.keyFile, format: .pem)) }
            if let key = t.key, !key.isEmpty { c.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.revealed.utf8), format: .pem)) }
        } catch {
            throw .permanent("parse TLS configuration: \(error)")
        }
        if t.insecureSkipVerify { c.certificateVerification = .none }
        let versions: [String: TLSVersion] = ["TLS10": .tlsv1, "TLS11": .tlsv11, "TLS12": .tlsv12, "TLS13": .tlsv13]
        if let v = t.minVersion.flatMap({ versions[$0] }) { c.minimumTLSVersion = v }
        if let v = t.maxVersion.flatMap({ versions[$0] }) { c.maximumTLSVersion = v }
        do {
            return try NIOSSLContext(configuration: c)
        } catch {
            throw .permanent("parse TLS configuration: \(error)")
        }
    }

    /// The name sent as SNI and checked against the certificate: `server_name`, else the smarthost's
    /// host. An IP address is not a valid SNI name; the certificate is then checked against the address.
    static func sniName(_ configured: String, host: String) -> String? {
        let name = configured.isEmpty ? host : configured
        let isIP = name.contains(":") || name.split(separator: ".").count == 4 && name.allSatisfy { $0.isNumber || $0 == "." }
        return isIP || name.isEmpty ? nil : name
    }

    /// `EHLO name`, falling back to `HELO name` as Go's client does; returns the extensions (name →
    /// parameters) the server announced.
    static func hello(_ c: SMTPConnection, name: String) async throws -> [String: String] {
        do {
            return try await ehlo(c, name: name)
        } catch SMTPError.reply {
            try await step("send EHLO command") { try await c.command("HELO \(name)", expect: 250) }
            return [:]
        }
    }

    static func ehlo(_ c: SMTPConnection, name: String) async throws -> [String: String] {
        let reply = try await c.command("EHLO \(name)", expect: 250)
        var extensions: [String: String] = [:]
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            extensions[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return extensions
    }

    /// Runs one step; an SMTP error in it is reported with the step's name, as upstream words them.
    @discardableResult
    static func step<T>(_ name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let e as SMTPStepError {
            throw e
        } catch {
            throw SMTPStepError(step: name, retryable: true, message: "\(error)", code: (error as? SMTPError)?.code)
        }
    }

    static func withTimeout<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else { throw SMTPError.timedOut(timeout) }
            return result
        }
    }
}

/// An SMTP step that failed, with upstream's wording of the step (`send MAIL command: 550 …`).
struct SMTPStepError: Error {
    var step: String
    var retryable: Bool
    var message: String
    var code: Int?
}
