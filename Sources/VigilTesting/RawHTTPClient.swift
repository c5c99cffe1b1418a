import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 response as received.
public struct HTTPResult: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: String

    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// The body parsed as a JSON object.
    public var json: [String: Any] {
        get throws {
            let object = try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
            guard let dict = object as? [String: Any] else { throw ClientError("body is not a JSON object: \(body)") }
            return dict
        }
    }
}

public struct ClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A deliberately plain HTTP client over a loopback socket: it sends exactly the bytes a test writes
/// (malformed query strings included, which URL types refuse to build), asks the server to close the
/// connection, and reads until it does. Blocking socket calls run on a thread of their own, never on the
/// concurrency pool the server's handlers need; every read is bounded by a timeout.
public enum RawHTTPClient {
    public static func request(port: Int, method: String = "GET", target: String, headers: [String: String] = [:],
                        body: String = "", host: String = "127.0.0.1") async throws -> HTTPResult {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        if !body.isEmpty && headers["Content-Length"] == nil { head += "Content-Length: \(body.utf8.count)\r\n" }
        let raw = Array((head + "\r\n" + body).utf8)
        let bytes = try await exchange(port: port, host: host, raw: raw)
        return try parse(bytes, isHead: method == "HEAD")
    }

    /// A request with a binary body (a protobuf or compressed upload).
    public static func request(port: Int, method: String = "POST", target: String, headers: [String: String] = [:],
                               bytes body: [UInt8], host: String = "127.0.0.1") async throws -> HTTPResult {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        let bytes = try await exchange(port: port, host: host, raw: Array(head.utf8) + body)
        return try parse(bytes, isHead: method == "HEAD")
    }

    public static func get(_ port: Int, _ target: String) async throws -> HTTPResult {
        try await request(port: port, target: target)
    }

    private static func exchange(port: Int, host: String, raw: [UInt8]) async throws -> [UInt8] {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<[UInt8], any Error>) in
            let thread = Thread {
                c.resume(with: Result { try blockingExchange(port: port, host: host, raw: raw) })
            }
            thread.start()
        }
    }

    private static func blockingExchange(port: Int, host: String, raw: [UInt8]) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        // Generous: on two loaded cores an in-process server may wait a while for a cooperative thread.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw ClientError("bad address \(host)") }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ClientError("connect to \(host):\(port) failed: errno \(errno)") }
        var sent = 0
        while sent < raw.count {
            let n = raw[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The server may answer (413) and close before reading a large body: stop sending, read the answer.
            if n <= 0 { break }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.count < 64 * 1024 * 1024 {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET, !received.isEmpty { break }
                throw ClientError("recv failed: errno \(errno) after \(received.count) bytes")
            }
            received += buffer[0..<n]
        }
        return received
    }

    static func parse(_ bytes: [UInt8], isHead: Bool) throws -> HTTPResult {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw ClientError("no complete response head in \(bytes.count) bytes: \(String(decoding: bytes, as: UTF8.self))")
        }
        let head = String(decoding: bytes[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ClientError("bad status line in \(head)") }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Array(bytes[(end + 4)...])
        let result = HTTPResult(status: status, headers: headers, body: "")
        if isHead { return result }
        if result.header("Transfer-Encoding")?.lowercased() == "chunked" {
            body = try dechunk(body)
        } else if let length = result.header("Content-Length").flatMap({ Int($0) }), length <= body.count {
            body = Array(body[..<length])
        }
        return HTTPResult(status: status, headers: headers, body: String(decoding: body, as: UTF8.self))
    }

    private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let lineEnd = (i..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                  let size = Int(String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16)
            else { throw ClientError("bad chunk") }
            if size == 0 { break }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { throw ClientError("short chunk") }
            out += bytes[start..<start + size]
            i = start + size + 2
        }
        return out
    }
}
