import Foundation
import GoTemplate

/// The message Alertmanager's email notifier writes: the configured headers (rendered, Q-encoded when
/// not plain ASCII), `Message-Id` unless configured, `Date`, a `multipart/alternative` body with the
/// text part first and the HTML part last (the preferred alternative, RFC 2046 §5.1.4), each
/// quoted-printable. Headers are written in name order; upstream writes them in Go's map order, which
/// varies from message to message.
struct EmailMessage {
    var headers: [String: String]
    var messageID: String?
    var date: GoTime
    var boundary: String
    var text: String?
    var html: String?

    /// The message with CRLF line ends, before dot-stuffing.
    func render() -> String {
        var out = ""
        for name in headers.keys.sorted() {
            out += "\(name): \(MIMEHeaderEncoding.qEncode(headers[name] ?? ""))\r\n"
        }
        if let messageID { out += "Message-Id: \(messageID)\r\n" }
        out += "Date: \(date.format("Mon, 02 Jan 2006 15:04:05 -0700"))\r\n"
        // Two spaces before `boundary`, as upstream writes it.
        out += "Content-Type: multipart/alternative;  boundary=\(boundary)\r\n"
        out += "MIME-Version: 1.0\r\n\r\n"
        var parts = 0
        func part(_ contentType: String, _ body: String) {
            out += (parts == 0 ? "" : "\r\n") + "--\(boundary)\r\n"
            out += "Content-Transfer-Encoding: quoted-printable\r\n"
            out += "Content-Type: \(contentType)\r\n\r\n"
            out += QuotedPrintable.encode(body)
            parts += 1
        }
        if let text, !text.isEmpty { part("text/plain; charset=UTF-8", text) }
        if let html, !html.isEmpty { part("text/html; charset=UTF-8", html) }
        out += (parts == 0 ? "" : "\r\n") + "--\(boundary)--\r\n"
        return out
    }

    /// 30 random bytes in hex, as Go's `multipart.Writer` makes its boundary.
    static func randomBoundary() -> String {
        (0..<30).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// `<unix-nanoseconds.random@hostname>`, upstream's Message-Id.
    static func messageID(now: Date = Date(), hostname: String) -> String {
        let nanos = Int64((now.timeIntervalSince1970 * 1e9).rounded(.down))
        return "<\(nanos).\(UInt64.random(in: 0...UInt64.max))@\(hostname)>"
    }

    /// The current time in the machine's zone (the `Date` header uses local time, as Go's `time.Now()`).
    static func localNow(_ now: Date = Date()) -> GoTime {
        let offset = TimeZone.current.secondsFromGMT(for: now)
        let seconds = now.timeIntervalSince1970.rounded(.down)
        return GoTime(seconds: Int64(seconds), offset: offset, zone: TimeZone.current.abbreviation(for: now) ?? "")
    }

    /// The machine's name (`gethostname`), or `localhost.localdomain` as upstream falls back.
    static var hostname: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost.localdomain" }
        let name = String(cString: buffer)
        return name.isEmpty ? "localhost.localdomain" : name
    }
}

/// The address part of each entry of an address list (`"Ops" <ops@example.com>, dev@example.com`),
/// as Go's `mail.ParseAddressList` gives `Address`: display names and comments dropped.
enum MailAddressList {
    struct ParseError: Error, CustomStringConvertible { var description: String }

    static func parse(_ list: String) throws(ParseError) -> [String] {
        var entries: [String] = []
        var current = ""
        var inQuotes = false, inAngle = false, escaped = false
        for ch in list {
            if escaped { current.append(ch); escaped = false; continue }
            switch ch {
            case "\\" where inQuotes: escaped = true; current.append(ch)
            case "\"": inQuotes.toggle(); current.append(ch)
            case "<" where !inQuotes: inAngle = true; current.append(ch)
            case ">" where !inQuotes: inAngle = false; current.append(ch)
            case "," where !inQuotes && !inAngle: entries.append(current); current = ""
            default: current.append(ch)
            }
        }
        entries.append(current)
        var out: [String] = []
        for raw in entries {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            if entry.isEmpty { throw ParseError(description: "mail: no address") }
            var address = entry
            if entry.hasSuffix(">") {
                guard let open = entry.lastIndex(of: "<") else { throw ParseError(description: "mail: no angle-addr") }
                address = String(entry[entry.index(after: open)..<entry.index(before: entry.endIndex)])
            }
            address = address.trimmingCharacters(in: .whitespaces)
            guard let at = address.lastIndex(of: "@"), at != address.startIndex, address.index(after: at) != address.endIndex else {
                throw ParseError(description: "mail: missing @ in addr-spec")
            }
            if address.contains(where: { $0 == "\r" || $0 == "\n" || $0 == " " || $0 == "<" || $0 == ">" }) {
                throw ParseError(description: "mail: invalid address \(address)")
            }
            out.append(address)
        }
        return out
    }
}
