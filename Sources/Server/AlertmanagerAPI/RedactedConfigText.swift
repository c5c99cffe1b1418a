import Routing
import Yams

/// The `config.original` of `GET /api/v2/status`: the loaded configuration as YAML with every secret
/// shown as `<secret>`, the way Alertmanager's `Secret` type marshals.
///
/// Alertmanager re-marshals its parsed configuration (with every default filled in). Vigil's config model
/// only decodes, so this re-renders the file as it was written instead, with two nets for secrets:
/// every value the parsed model holds as a `Secret` (found by walking it, so a new secret field is
/// covered without a list to keep up to date) and every value under a key that is a secret in
/// Alertmanager's model is replaced wherever it appears. The text is YAML again (Yams re-serializes
/// the document), so comments and quoting style of the original are not kept.
public enum RedactedConfigText {
    /// Keys whose value Alertmanager always hides (its `Secret` and `SecretURL` fields).
    static let secretKeys: Set<String> = [
        "smtp_auth_password", "smtp_auth_secret", "slack_api_url", "slack_app_token", "opsgenie_api_key",
        "wechat_api_secret", "victorops_api_key", "telegram_bot_token", "rocketchat_token", "rocketchat_token_id",
        "mattermost_webhook_url", "auth_password", "auth_secret", "password", "credentials", "client_secret",
        "bearer_token", "service_key", "routing_key", "api_key", "api_secret", "bot_token", "token", "token_id",
        "user_key", "secret_key", "webhook_url", "app_token", "alert_source_token",
    ]

    public static func render(original: String, config: AlertmanagerConfig) -> String {
        let secrets = collectSecrets(config)
        guard let document = try? Yams.compose(yaml: original) else {
            // The file loaded, so Yams reads it; should it ever not, show nothing rather than a secret.
            return ""
        }
        let redacted = redact(document, secrets: secrets)
        return (try? Yams.serialize(node: redacted)) ?? ""
    }

    /// Every non-empty secret text in the parsed configuration, found by reflection.
    static func collectSecrets(_ config: AlertmanagerConfig) -> Set<String> {
        var found: Set<String> = []
        func walk(_ value: Any, depth: Int) {
            if let secret = value as? Secret {
                if !secret.isEmpty { found.insert(secret.revealed) }
                return
            }
            // The model is a tree of values a few levels deep; the bound only guards against surprises.
            guard depth < 64 else { return }
            for child in Mirror(reflecting: value).children { walk(child.value, depth: depth + 1) }
        }
        walk(config, depth: 0)
        return found
    }

    static func redact(_ node: Node, secrets: Set<String>) -> Node {
        switch node {
        case .scalar(let s):
            return secrets.contains(s.string) && isString(s) ? hidden : node
        case .sequence(var seq):
            for i in seq.indices { seq[i] = redact(seq[i], secrets: secrets) }
            return .sequence(seq)
        case .mapping(var map):
            var pairs: [(Node, Node)] = []
            for (key, value) in map {
                if let name = key.scalar?.string, secretKeys.contains(name), value.scalar != nil, !(value.scalar?.string.isEmpty ?? true) {
                    pairs.append((key, hidden))
                } else {
                    pairs.append((key, redact(value, secrets: secrets)))
                }
            }
            map = Node.Mapping(pairs, map.tag, map.style, map.mark, map.anchor)
            return .mapping(map)
        case .alias:
            return node
        }
    }

    /// A secret is a string: a plain `true` or `5` elsewhere in the file is left alone even when a secret
    /// happens to have the same text (replacing it would change the document's meaning).
    static func isString(_ s: Node.Scalar) -> Bool {
        switch s.style {
        case .plain, .any: return (try? Yams.load(yaml: s.string)) is String
        default: return true
        }
    }

    static var hidden: Node { .scalar(.init(Secret.redacted)) }
}
