/// A listen address as Prometheus and Alertmanager take it (`--web.listen-address`): `host:port`,
/// `[ipv6]:port`, or `:port` for every interface. Port 0 asks the system for a free port (tests).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `text` as Go's `net.SplitHostPort` splits it, with its error texts; an empty host means every
    /// IPv4 interface.
    public init(parsing text: String) throws(ListenAddressError) {
        func fail(_ reason: String) -> ListenAddressError { ListenAddressError(address: text, reason: reason) }
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw fail("missing ']' in address") }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw fail(rest.isEmpty ? "missing port in address" : "unexpected character after ']' in address")
            }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw fail("missing port in address") }
            host = text[..<colon]
            if host.contains(":") { throw fail("too many colons in address") }
            portText = text[text.index(after: colon)...]
        }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCII), portText.allSatisfy(\.isNumber),
              let port = Int(portText), port <= 65535
        else { throw fail("invalid port \"\(portText)\"") }
        self.host = host.isEmpty ? "0.0.0.0" : String(host)
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public struct ListenAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    public var address: String
    public var reason: String
    public var description: String { "listen address \"\(address)\": \(reason)" }
}
