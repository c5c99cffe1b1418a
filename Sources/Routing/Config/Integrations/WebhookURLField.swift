import ConfigYAML

/// Reads `webhook_url` / `webhook_url_file` with the checks Discord and both Microsoft Teams
/// integrations share.
func webhookURL(_ decoder: any Decoder, required: Bool = true) throws -> SecretSource {
    enum Keys: String, CodingKey { case webhookURL = "webhook_url", webhookURLFile = "webhook_url_file" }
    let c = try decoder.container(keyedBy: Keys.self)
    let url = try c.decodeIfPresent(SecretURL.self, forKey: .webhookURL)
    let file = try c.decodeIfPresent(String.self, forKey: .webhookURLFile) ?? ""
    if required && url == nil && file.isEmpty { throw ConfigValueError("one of webhook_url or webhook_url_file must be configured") }
    if url != nil && !file.isEmpty { throw ConfigValueError("at most one of webhook_url & webhook_url_file must be configured") }
    return SecretSource(inline: url?.secret, file: file.isEmpty ? nil : file)
}
