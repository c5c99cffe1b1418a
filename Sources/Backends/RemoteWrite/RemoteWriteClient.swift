import SwiftProtobuf
import TimeSeries

/// Sends remote write 1.0 requests: a protobuf `WriteRequest`, Snappy-compressed (block format), POSTed with
/// `Content-Encoding: snappy`, `Content-Type: application/x-protobuf` and
/// `X-Prometheus-Remote-Write-Version: 0.1.0`.
///
/// Network errors, 5xx and 429 are retried by the HTTP client's policy; another 4xx means the receiver
/// refuses the data (out of order, bad labels) and sending it again is pointless, so it fails at once.
/// Batching, bounded buffering and counters are `RemoteWriteQueue`'s.
public final class RemoteWriteClient: Sendable {
    public let http: BackendHTTPClient
    /// The receiver's path below the base URL (`/api/v1/write` for Prometheus).
    public let path: String

    public static let remoteWriteVersion = "0.1.0"

    /// - Parameter url: the full write URL, as Prometheus's `remote_write.url` (`http://host:9090/api/v1/write`).
    public init(url: String, settings: HTTPClientSettings = HTTPClientSettings(), sleeper: any Sleeper = TaskSleeper())
        throws(BackendError)
    {
        // The HTTP client takes a base URL and relative paths; split the URL's path off as the request path.
        guard let schemeEnd = url.range(of: "://") else { throw .configuration("remote write url \(RedactedURL.string(url)) has no scheme") }
        let rest = url[schemeEnd.upperBound...]
        let pathStart = rest.firstIndex(of: "/") ?? rest.endIndex
        http = try BackendHTTPClient(baseURL: String(url[..<pathStart]), settings: settings, sleeper: sleeper, maxResponseBytes: 1 << 20)
        let p = String(rest[pathStart...])
        path = p.isEmpty ? "/" : p
    }

    public func shutdown() async { await http.shutdown() }

    /// The encoded body: protobuf, then Snappy.
    static func body(_ series: [RemoteWriteSeries]) throws -> [UInt8] {
        let proto: [UInt8] = try WriteRequestEncoding.request(series).serializedBytes()
        return Snappy.compress(proto)
    }

    public func send(_ series: [RemoteWriteSeries]) async throws(BackendError) {
        let body: [UInt8]
        do {
            body = try Self.body(series)
        } catch {
            throw .configuration("cannot encode the write request: \(error)")
        }
        let response = try await http.send(BackendRequest(method: "POST", path: path, headers: [
            ("Content-Encoding", "snappy"),
            ("Content-Type", "application/x-protobuf"),
            ("X-Prometheus-Remote-Write-Version", Self.remoteWriteVersion),
        ], body: body))
        guard response.isSuccess else {
            throw .httpStatus(endpoint: http.endpoint(path), status: response.status, body: HTTPStatusText.excerpt(response.body))
        }
    }
}
