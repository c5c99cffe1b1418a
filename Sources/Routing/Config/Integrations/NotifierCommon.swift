/// The fields every integration has: `send_resolved` (whose default differs per integration, as
/// upstream's) and, for the HTTP ones, `http_config` (the global one is copied in when absent).
struct NotifierCommon {
    var sendResolved: Bool
    var httpConfig: HTTPConfig?

    enum CodingKeys: String, CodingKey { case sendResolved = "send_resolved", httpConfig = "http_config" }

    init(from decoder: any Decoder, sendResolvedByDefault: Bool, http: Bool = true) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sendResolved = try c.decodeIfPresent(Bool.self, forKey: .sendResolved) ?? sendResolvedByDefault
        httpConfig = http ? try c.decodeIfPresent(HTTPConfig.self, forKey: .httpConfig) : nil
    }
}

/// `{{ template "name" . }}`, the default text of templated fields.
func defaultTemplate(_ name: String) -> String { "{{ template \"\(name)\" . }}" }
