import Backends
import ConfigYAML
import Foundation

/// One entry of `remote_write:` — where recording-rule results and `ALERTS`/`ALERTS_FOR_STATE` go.
///
/// ```yaml
/// remote_write:
///   - url: http://prometheus-operated.monitoring:9090/api/v1/write   # needs --web.enable-remote-write-receiver
///     queue_config: {capacity: 10000, max_samples_per_send: 2000, batch_send_deadline: 5s}
/// ```
/// For a rule to see what an earlier rule of its group recorded (as in Prometheus's own storage), write to the
/// Prometheus the rules query: Vigil waits for the write before evaluating the rule that reads it.
public struct RemoteWriteConfig: Sendable, Hashable, Decodable {
    public var url: String
    public var name: String?
    public var http: HTTPClientSettings
    public var queue: RemoteWriteQueue.Configuration

    enum CodingKeys: String, CodingKey { case url, name, queueConfig = "queue_config" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            throw DecodingError.dataCorruptedError(forKey: .url, in: c, debugDescription: "url must be an http:// or https:// URL, got \"\(url)\"")
        }
        name = try c.decodeIfPresent(String.self, forKey: .name)
        http = try HTTPClientSettings(from: decoder)
        do { try http.validate() } catch { throw ConfigValueError(error.description) }
        queue = try c.decodeIfPresent(QueueConfig.self, forKey: .queueConfig)?.configuration ?? RemoteWriteQueue.Configuration()
    }

    struct QueueConfig: Decodable {
        var configuration = RemoteWriteQueue.Configuration()
        enum CodingKeys: String, CodingKey {
            case capacity, maxSamplesPerSend = "max_samples_per_send", batchSendDeadline = "batch_send_deadline"
        }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = RemoteWriteQueue.Configuration()
            let capacity = try c.decodeIfPresent(Int.self, forKey: .capacity) ?? d.capacity
            let perSend = try c.decodeIfPresent(Int.self, forKey: .maxSamplesPerSend) ?? d.maxSamplesPerSend
            let deadline = try c.decodeIfPresent(ConfigDuration.self, forKey: .batchSendDeadline)?.duration ?? d.batchSendDeadline
            guard capacity > 0, perSend > 0 else { throw ConfigValueError("capacity and max_samples_per_send must be positive") }
            configuration = RemoteWriteQueue.Configuration(capacity: capacity, maxSamplesPerSend: perSend, batchSendDeadline: deadline)
        }
    }
}
