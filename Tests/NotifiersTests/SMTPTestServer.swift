import Foundation

/// aiosmtpd (PyPI) on 127.0.0.1 for a test: plain, STARTTLS or implicit TLS, with PLAIN, LOGIN and a
/// CRAM-MD5 mechanism of the script's own. Every message is recorded with its envelope, whether it came
/// over TLS, the mechanism used, and the message parsed by Python's `email` package (an independent
/// reading of the MIME structure, quoted-printable and encoded words).
final class SMTPTestServer {
    enum Mode: String { case plain, starttls, implicit }

    struct Received: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        var mailOptions: [String]
        var tls: Bool
        var mechanism: String?
        var login: String?
        var raw: String
        var headers: [[String]]
        var parts: [Part]
        struct Part: Decodable {
            var contentType: String
            var transferEncoding: String?
            var content: String
            enum CodingKeys: String, CodingKey { case contentType = "content_type", transferEncoding = "transfer_encoding", content }
        }
        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from", rcptTos = "rcpt_tos", mailOptions = "mail_options", tls, mechanism, login, raw, headers, parts
        }
        func header(_ name: String) -> String? { headers.first { $0[0].lowercased() == name.lowercased() }?[1] }
        var rawText: String { String(decoding: Data(base64Encoded: raw) ?? Data(), as: UTF8.self) }
    }

    static var isAvailable: Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import aiosmtpd"]
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    let port: Int
    let directory: URL
    let caFile: String
    private let process: Process
    private var outFile: URL { directory.appendingPathComponent("received.jsonl") }

    init(mode: Mode, user: String = "alice", password: String = "s3cret", secret: String = "cram-secret",
         excludeMechanisms: [String] = []) throws {
        directory = try Fixtures.temporaryDirectory()
        let script = directory.appendingPathComponent("smtp_server.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        try Self.run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                                          "-days", "1", "-subj", "/CN=localhost",
                                          "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        caFile = cert
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--mode", mode.rawValue, "--cert", cert, "--key", key,
                             "--out", directory.appendingPathComponent("received.jsonl").path, "--user", user, "--password", password, "--secret", secret,
                             "--exclude", excludeMechanisms.joined(separator: ",")]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // The script prints `READY <port>` once it accepts connections.
        var line = ""
        let handle = stdout.fileHandleForReading
        while !line.hasSuffix("\n") {
            let chunk = handle.readData(ofLength: 1)
            if chunk.isEmpty { break }
            line += String(decoding: chunk, as: UTF8.self)
        }
        guard line.hasPrefix("READY "), let p = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestFailure("aiosmtpd did not start: \(line)")
        }
        port = p
    }

    func stop() {
        // SIGKILL: the child inherits the test thread's blocked signals, so SIGTERM may never arrive.
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    var received: [Received] {
        guard let text = try? String(contentsOf: outFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Received.self, from: Data($0.utf8)) }
    }

    static func with<T>(mode: Mode, excludeMechanisms: [String] = [], _ body: (SMTPTestServer) async throws -> T) async throws -> T {
        let server = try SMTPTestServer(mode: mode, excludeMechanisms: excludeMechanisms)
        defer { server.stop() }
        return try await body(server)
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TestFailure("\(tool) failed") }
    }

    static let script = #"""
        import argparse, base64, hashlib, hmac, json, socket, ssl, sys, time
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword, MISSING
        import email, email.policy

        ap = argparse.ArgumentParser()
        for a in ("--mode", "--cert", "--key", "--out", "--user", "--password", "--secret", "--exclude"):
            ap.add_argument(a)
        args = ap.parse_args()
        state = {"mechanism": None, "login": None}

        def authenticator(server, session, envelope, mechanism, auth_data):
            state["mechanism"] = mechanism
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
            state["login"] = auth_data.login.decode() if ok else None
            return AuthResult(success=ok)

        class Handler:
            async def auth_CRAM__MD5(self, server, cmd_args):
                challenge = b"<12345.67890@vigil.test>"
                resp = await server.challenge_auth(challenge)
                if resp is MISSING:
                    return AuthResult(success=False, handled=False)
                user, _, digest = resp.decode().partition(" ")
                ok = user == args.user and digest == hmac.new(args.secret.encode(), challenge, hashlib.md5).hexdigest()
                state["mechanism"], state["login"] = "CRAM-MD5", (user if ok else None)
                return AuthResult(success=ok, handled=False)

            async def handle_DATA(self, server, session, envelope):
                raw = envelope.original_content
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                parts = []
                for part in (msg.iter_parts() if msg.is_multipart() else [msg]):
                    parts.append({"content_type": part.get_content_type(), "transfer_encoding": part.get("Content-Transfer-Encoding"),
                                  "content": part.get_content()})
                rec = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "mail_options": envelope.mail_options,
                       "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None, "mechanism": state["mechanism"], "login": state["login"],
                       "raw": base64.b64encode(raw).decode(), "headers": [[k, str(v)] for k, v in msg.items()], "parts": parts}
                with open(args.out, "a") as f:
                    f.write(json.dumps(rec) + "\n")
                return "250 OK: queued as vigil-test"

        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
        kw = dict(hostname="127.0.0.1", port=port, authenticator=authenticator,
                  auth_exclude_mechanism=[m for m in args.exclude.split(",") if m])
        if args.mode == "starttls":
            kw.update(tls_context=ctx, require_starttls=True, auth_require_tls=True)
        elif args.mode == "implicit":
            kw.update(ssl_context=ctx, auth_require_tls=False)
        else:
            kw.update(auth_require_tls=False)
        controller = Controller(Handler(), **kw)
        controller.start()
        print("READY %d" % port, flush=True)
        while True:
            time.sleep(3600)
        """#
}
