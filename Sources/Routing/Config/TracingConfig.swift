import ConfigYAML
import TimeSeries

/// `tracing:` (OpenTelemetry export of Alertmanager's own spans). Read so such files load; Vigil does
/// not export traces yet.
public struct TracingConfig: Sendable, Hashable, Decodable {
    public var clientType = ""
    public var endpoint = ""
    public var samplingFraction = 0.0
    public var insecure = false
    public var tlsConfig: TLSConfig?
    public var headers: [String: String] = [:]
    public var compression = ""
    public var timeout = PromDuration.zero

    enum CodingKeys: String, CodingKey {
        case clientType = "client_type", endpoint, samplingFraction = "sampling_fraction", insecure
        case tlsConfig = "tls_config", headers, compression, timeout
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clientType = try c.decodeIfPresent(String.self, forKey: .clientType) ?? ""
        if !["", "grpc", "http"].contains(clientType) {
            throw DecodingError.dataCorruptedError(forKey: .clientType, in: c, debugDescription: "invalid tracing client type \(clientType)")
        }
        endpoint = try c.decodeIfPresent(String.self, forKey: .endpoint) ?? ""
        samplingFraction = try c.decodeIfPresent(Double.self, forKey: .samplingFraction) ?? 0
        insecure = try c.decodeIfPresent(Bool.self, forKey: .insecure) ?? false
        tlsConfig = try c.decodeIfPresent(TLSConfig.self, forKey: .tlsConfig)
        headers = try c.decodeStringMap(forKey: .headers) ?? [:]
        compression = try c.decodeIfPresent(String.self, forKey: .compression) ?? ""
        timeout = try c.decodeIfPresent(PromDuration.self, forKey: .timeout) ?? .zero
    }
}
