import Routing

/// Reads a credential (`routing_key`/`routing_key_file`, `bot_token_file`, a webhook URL from
/// `webhook_url_file`) when a notification is sent, so a rotated file is picked up without a reload.
/// The error names the field and the file, never the secret.
enum SecretField {
    static func read(_ source: SecretSource, field: String, retryable: Bool = false) throws(NotifyError) -> String {
        do {
            return try SecretReader.read(source)
        } catch {
            throw NotifyError(retryable: retryable, message: "read \(field): \(error.description)")
        }
    }
}
