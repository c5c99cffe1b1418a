import Foundation

/// SMTP authentication as Alertmanager chooses it: the first mechanism in the server's `AUTH` list for
/// which credentials are configured (CRAM-MD5 needs `auth_secret`; PLAIN and LOGIN `auth_password`),
/// nothing without `auth_username`.
enum SMTPAuth {
    case plain(identity: String, username: String, password: String, host: String)
    case login(username: String, password: String)
    case cramMD5(username: String, secret: String)

    var mechanism: String {
        switch self {
        case .plain: "PLAIN"
        case .login: "LOGIN"
        case .cramMD5: "CRAM-MD5"
        }
    }

    /// nil: send without authenticating. Throws with every reason when no offered mechanism is usable.
    static func choose(offered: String, username: String, password: () throws -> String, secret: () throws -> String,
                       identity: String, host: String) throws -> SMTPAuth? {
        if username.isEmpty { return nil }
        var reasons: [String] = []
        for mech in offered.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            switch mech {
            case "CRAM-MD5":
                do {
                    let s = try secret()
                    if s.isEmpty { reasons.append("missing secret for CRAM-MD5 auth mechanism"); continue }
                    return .cramMD5(username: username, secret: s)
                } catch { reasons.append("\(error)") }
            case "PLAIN", "LOGIN":
                do {
                    let p = try password()
                    if p.isEmpty { reasons.append("missing password for \(mech) auth mechanism"); continue }
                    return mech == "PLAIN" ? .plain(identity: identity, username: username, password: p, host: host)
                                           : .login(username: username, password: p)
                } catch { reasons.append("\(error)") }
            default:
                reasons.append("unknown auth mechanism: " + mech)
            }
        }
        throw SMTPAuthError(reasons.joined(separator: "\n"))
    }

    /// The initial response sent with `AUTH`, as Go's `smtp.Auth.Start` gives it. PLAIN refuses to send
    /// a password in the clear except to the local machine, and to another host than the smarthost's.
    func start(isTLS: Bool, serverName: String) throws -> [UInt8] {
        switch self {
        case let .plain(identity, username, password, host):
            if !isTLS && !["localhost", "127.0.0.1", "::1"].contains(serverName) { throw SMTPAuthError("unencrypted connection") }
            if serverName != host { throw SMTPAuthError("wrong host name") }
            return Array("\(identity)\u{0}\(username)\u{0}\(password)".utf8)
        case .login, .cramMD5:
            return []
        }
    }

    /// The answer to a server challenge (`more`: a 334), or nil when the exchange is complete.
    func next(challenge: [UInt8], more: Bool) throws -> [UInt8]? {
        guard more else { return nil }
        switch self {
        case .plain:
            throw SMTPAuthError("unexpected server challenge")
        case let .login(username, password):
            // Upstream accepts exactly `Username:` and `Password:`; servers also say `User Name` (with a NUL,
            // as aiosmtpd does), so the prompt is compared without case, spaces, NULs and the colon.
            let prompt = String(decoding: challenge.filter { $0 != 0 && $0 != 0x20 && $0 != UInt8(ascii: ":") }, as: UTF8.self).lowercased()
            switch prompt {
            case "username": return Array(username.utf8)
            case "password": return Array(password.utf8)
            default: throw SMTPAuthError("unexpected server challenge")
            }
        case let .cramMD5(username, secret):
            return Array("\(username) \(MD5.hex(MD5.hmac(key: Array(secret.utf8), message: challenge)))".utf8)
        }
    }

    /// Runs the exchange on `connection`: `AUTH <mech> [initial]`, then challenges until 235.
    func authenticate(on connection: SMTPConnection, serverName: String) async throws {
        let initial = try start(isTLS: connection.isTLS, serverName: serverName)
        var line = "AUTH \(mechanism) \(Data(initial).base64EncodedString())".trimmingCharacters(in: .whitespaces)
        while true {
            try await connection.write(Array((line + "\r\n").utf8))
            let reply = try await connection.readReply()
            let challenge: [UInt8]
            switch reply.code {
            case 334:
                guard let decoded = Data(base64Encoded: reply.message) else {
                    _ = try? await connection.command("*", expect: 501)
                    throw SMTPAuthError("illegal base64 data in server challenge")
                }
                challenge = Array(decoded)
            case 235:
                challenge = Array(reply.message.utf8)
            default:
                throw SMTPError.reply(reply)
            }
            let answer: [UInt8]?
            do {
                answer = try next(challenge: challenge, more: reply.code == 334)
            } catch {
                _ = try? await connection.command("*", expect: 501)
                throw error
            }
            guard let answer else { return }
            line = Data(answer).base64EncodedString()
        }
    }
}

struct SMTPAuthError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
