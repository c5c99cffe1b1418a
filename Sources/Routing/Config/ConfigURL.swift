import ConfigYAML
import Foundation

/// An `http`/`https` URL with a host, as Alertmanager's `config.URL` accepts it.
public struct ConfigURL: Sendable, Hashable, Decodable, CustomStringConvertible {
    public var text: String

    public init(validating text: String) throws(ConfigValueError) {
        guard let c = URLComponents(string: text) else { throw ConfigValueError("parse \(Self.quote(text)): invalid URL") }
        let scheme = c.scheme ?? ""
        guard scheme == "http" || scheme == "https" else {
            throw ConfigValueError("unsupported scheme \(Self.quote(scheme)) for URL")
        }
        guard let host = c.host, !host.isEmpty else { throw ConfigValueError("missing host for URL") }
        self.text = text
    }

    public init(from decoder: any Decoder) throws {
        try self.init(validating: try decoder.singleValueContainer().decode(String.self))
    }

    public var description: String { text }

    /// The same URL with its path ending in `/` (Alertmanager appends one to OpsGenie, VictorOps and
    /// WeChat API URLs).
    func withTrailingSlashPath() -> ConfigURL {
        guard var c = URLComponents(string: text), !c.path.hasSuffix("/") else { return self }
        c.path += "/"
        return ConfigURL(unchecked: c.string ?? text)
    }

    init(unchecked text: String) { self.text = text }

    static func quote(_ s: String) -> String { "\"" + s + "\"" }
}

/// A URL that is also a secret (a Slack or Discord webhook URL holds its token): validated as a
/// `ConfigURL`, printed as `<secret>`. `<secret>` itself is accepted, so a redacted configuration can
/// be read back.
public struct SecretURL: Sendable, Hashable, Decodable, CustomStringConvertible {
    public let secret: Secret

    public init(_ url: String) { secret = Secret(url) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if text != Secret.redacted { _ = try ConfigURL(validating: text) }
        secret = Secret(text)
    }

    public var description: String { Secret.redacted }
}

/// `smarthost: host:port` (Go's `net.SplitHostPort`); empty when not set.
public struct HostPort: Sendable, Hashable, Decodable, CustomStringConvertible {
    public var host: String
    public var port: String

    public init(host: String = "", port: String = "") {
        self.host = host
        self.port = port
    }

    public init(from decoder: any Decoder) throws {
        (host, port) = try Self.split(try decoder.singleValueContainer().decode(String.self))
    }

    static func split(_ s: String) throws(ConfigValueError) -> (String, String) {
        if s.isEmpty { return ("", "") }
        let missing = ConfigValueError("address \(s): missing port in address")
        let host: String, port: String
        if s.hasPrefix("[") {
            guard let close = s.firstIndex(of: "]") else { throw ConfigValueError("address \(s): missing ']' in address") }
            let rest = s[s.index(after: close)...]
            guard rest.hasPrefix(":") else { throw missing }
            host = String(s[s.index(after: s.startIndex)..<close])
            port = String(rest.dropFirst())
        } else {
            guard let colon = s.lastIndex(of: ":") else { throw missing }
            host = String(s[..<colon])
            if host.contains(":") { throw ConfigValueError("address \(s): too many colons in address") }
            port = String(s[s.index(after: colon)...])
        }
        if port.contains(":") || port.contains("[") || port.contains("]") {
            throw ConfigValueError("address \(s): too many colons in address")
        }
        if port.isEmpty { throw ConfigValueError("address \"\(s)\": port cannot be empty") }
        return (host, port)
    }

    public var isEmpty: Bool { host.isEmpty && port.isEmpty }

    /// `host:port`, with brackets around an IPv6 host (Go's `net.JoinHostPort`).
    public var description: String {
        if isEmpty { return "" }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
