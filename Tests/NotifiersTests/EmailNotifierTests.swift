import Foundation
import GoTemplate
import Routing
import Testing
@testable import Notifiers

@Suite struct EmailEncodingTests {
    @Test func quotedPrintableAsGoWritesIt() {
        #expect(QuotedPrintable.encode("a=b\nc \nd\t") == "a=3Db\r\nc=20\r\nd=09")
        #expect(QuotedPrintable.encode("é") == "=C3=A9")
        // 75 characters and a soft break per line.
        let long = String(repeating: "x", count: 80)
        #expect(QuotedPrintable.encode(long) == String(repeating: "x", count: 75) + "=\r\n" + "xxxxx")
        #expect(QuotedPrintable.encode("line\r\nnext") == "line\r\nnext")
    }

    @Test func headerEncodedWords() {
        #expect(MIMEHeaderEncoding.qEncode("[FIRING:1] Disk full") == "[FIRING:1] Disk full")
        #expect(MIMEHeaderEncoding.qEncode("Disk plein à 95%") == "=?utf-8?q?Disk_plein_=C3=A0_95%?=")
        let long = MIMEHeaderEncoding.qEncode(String(repeating: "é", count: 40))
        #expect(long.split(separator: " ").allSatisfy { $0.count <= 75 })
    }

    @Test func dotStuffing() {
        #expect(DotStuffing.encode(Array(".a\r\nb\n..c".utf8)) == Array("..a\r\nb\r\n...c\r\n.\r\n".utf8))
        #expect(DotStuffing.encode(Array("x\r\n".utf8)) == Array("x\r\n.\r\n".utf8))
    }

    @Test func md5AndHMAC() {
        #expect(MD5.hex(MD5.digest([])) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.hex(MD5.digest(Array("The quick brown fox jumps over the lazy dog".utf8))) == "9e107d9d372bb6826bd81d3542a419d6")
        // RFC 2104's test vector 2.
        #expect(MD5.hex(MD5.hmac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "750c783e6ab0b503eaa86e310a5db738")
    }

    @Test func addressLists() throws {
        #expect(try MailAddressList.parse("\"Ops, EU\" <ops@example.com>, dev@example.com") == ["ops@example.com", "dev@example.com"])
        #expect(throws: MailAddressList.ParseError.self) { try MailAddressList.parse("nobody") }
    }
}

@Suite(.enabled(if: SMTPTestServer.isAvailable, "python3 with aiosmtpd is not installed"))
struct EmailNotifierTests {
    static func notifier(_ server: SMTPTestServer, extra: String = "", password: String = "s3cret") throws -> EmailNotifier {
        let receiver = try Fixtures.receiver("""
            global:
              smtp_smarthost: '127.0.0.1:\(server.port)'
              smtp_from: 'Vigil <vigil@example.com>'
              smtp_auth_username: alice
              smtp_auth_password: '\(password)'
              smtp_auth_secret: cram-secret
            route: {receiver: r}
            receivers:
              - name: r
                email_configs:
                  - to: 'ops@example.com, "Dev Team" <dev@example.com>'
                    hello: vigil.test
                    headers: {X-Group: '{{ .GroupLabels.alertname }}'}
                    text: "Alerts: {{ len .Alerts }}\\n.leading dot\\nTrailing space \\nLong line {{ range .Alerts }}{{ .Labels.instance }} {{ end }}é"
                    tls_config: {ca_file: '\(server.caFile)'}
            \(extra)
            """)
        return try EmailNotifier(config: receiver.emailConfigs[0], template: try Fixtures.template(), timeout: .seconds(60))
    }

    @Test func starttlsWithLoginAuthDeliversTheMessage() async throws {
        try await SMTPTestServer.with(mode: .starttls) { server in
            let outcome = try await Self.notifier(server).notify(Notification(data: Fixtures.data(), groupKey: "k"))
            #expect(outcome.status == 250)
            let m = try #require(server.received.first)
            #expect(m.tls)
            // aiosmtpd offers CRAM-MD5 LOGIN PLAIN: the first usable one is taken, as upstream does.
            #expect(m.mechanism == "CRAM-MD5")
            #expect(m.login == "alice")
            #expect(m.mailFrom == "vigil@example.com")
            #expect(m.rcptTos == ["ops@example.com", "dev@example.com"])
            #expect(m.header("From") == "Vigil <vigil@example.com>")
            #expect(m.rawText.contains("\r\nTo: ops@example.com, \"Dev Team\" <dev@example.com>\r\n"))
            #expect(m.header("X-Group") == "DiskFull")
            #expect(m.header("MIME-Version") == "1.0")
            #expect(m.header("Message-Id")?.hasPrefix("<") == true)
            #expect(m.header("Date") != nil)
            #expect(m.header("Subject")?.isEmpty == false)
            #expect(m.parts.map(\.contentType) == ["text/plain", "text/html"])
            #expect(m.parts.map(\.transferEncoding) == ["quoted-printable", "quoted-printable"])
            #expect(m.parts[0].content.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines) == "Alerts: 2\n.leading dot\nTrailing space \nLong line a:9100 b:9100 é")
            #expect(m.parts[1].content.contains("DiskFull"))
            #expect(m.rawText.contains("Content-Type: multipart/alternative;  boundary="))
        }
    }

    @Test func plainAndLoginWhenCramIsNotOffered() async throws {
        try await SMTPTestServer.with(mode: .starttls, excludeMechanisms: ["CRAM-MD5"]) { server in
            _ = try await Self.notifier(server).notify(Notification(data: Fixtures.data(), groupKey: "k"))
            #expect(server.received.first?.mechanism == "LOGIN")
        }
        try await SMTPTestServer.with(mode: .starttls, excludeMechanisms: ["CRAM-MD5", "LOGIN"]) { server in
            _ = try await Self.notifier(server).notify(Notification(data: Fixtures.data(), groupKey: "k"))
            #expect(server.received.first?.mechanism == "PLAIN")
            #expect(server.received.first?.login == "alice")
        }
    }

    @Test func implicitTLS() async throws {
        try await SMTPTestServer.with(mode: .implicit, excludeMechanisms: ["CRAM-MD5"]) { server in
            let n = try Self.notifier(server, extra: "", password: "s3cret")
            var config = n.config
            config.forceImplicitTLS = true
            let implicit = try EmailNotifier(config: config, template: try Fixtures.template(), timeout: .seconds(60))
            _ = try await implicit.notify(Notification(data: Fixtures.data(), groupKey: "k"))
            let m = try #require(server.received.first)
            #expect(m.tls)
            #expect(m.mechanism == "LOGIN")
        }
    }

    @Test func requireTLSAgainstAServerWithoutStartTLS() async throws {
        try await SMTPTestServer.with(mode: .plain) { server in
            let e = await #expect(throws: NotifyError.self) {
                _ = try await Self.notifier(server).notify(Notification(data: Fixtures.data(), groupKey: "k"))
            }
            #expect(e?.retryable == true)
            #expect(e?.message == "'require_tls' is true (default) but \"127.0.0.1:\(server.port)\" does not advertise the STARTTLS extension")
            #expect(server.received.isEmpty)
            // Without require_tls, PLAIN goes to the loopback address in the clear (Go allows localhost).
            var config = try Self.notifier(server).config
            config.requireTLS = false
            config.authSecret = SecretSource()
            _ = try await EmailNotifier(config: config, template: try Fixtures.template()).notify(Notification(data: Fixtures.data(), groupKey: "k"))
            #expect(server.received.first?.tls == false)
            #expect(server.received.first?.login == "alice")
        }
    }

    /// aiosmtpd 1.4.6 with this script's authenticator never answers a failed LOGIN (Python's smtplib
    /// waits too), so this checks the conversation's timeout: a retryable error, nothing delivered.
    @Test func unansweredAuthTimesOutRetryably() async throws {
        try await SMTPTestServer.with(mode: .starttls, excludeMechanisms: ["CRAM-MD5"]) { server in
            let base = try Self.notifier(server, password: "wrong")
            let notifier = try EmailNotifier(config: base.config, template: try Fixtures.template(), timeout: .seconds(2))
            let e = await #expect(throws: NotifyError.self) {
                _ = try await notifier.notify(Notification(data: Fixtures.data(), groupKey: "k"))
            }
            #expect(e?.retryable == true)
            #expect(e?.reason == .contextDeadlineExceeded)
            #expect(server.received.isEmpty)
        }
    }

    @Test func nothingListening() async throws {
        let receiver = try Fixtures.receiver("""
            route: {receiver: r}
            receivers: [{name: r, email_configs: [{to: a@b.c, from: x@y.z, smarthost: '127.0.0.1:1'}]}]
            """)
        let e = await #expect(throws: NotifyError.self) {
            _ = try await EmailNotifier(config: receiver.emailConfigs[0], template: try Fixtures.template())
                .notify(Notification(data: Fixtures.data(), groupKey: "k"))
        }
        #expect(e?.retryable == true)
    }
}
