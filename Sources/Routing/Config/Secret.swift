/// A secret from the configuration (a password, an API key, a webhook URL with a token in it). Its text
/// never appears in `description`, `debugDescription`, `dump` or string interpolation: those show
/// `<secret>`, as Alertmanager renders secrets in its status API. The value is read through `revealed`.
public struct Secret: Sendable, Hashable, Decodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// What a redacted secret looks like, in Alertmanager's words.
    public static let redacted = "<secret>"

    private let value: String

    public init(_ value: String) { self.value = value }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    /// The secret's text, for the code that sends it (a notifier) and nothing else.
    public var revealed: String { value }
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { Self.redacted }
    public var debugDescription: String { Self.redacted }
    public var customMirror: Mirror { Mirror(self, children: ["value": Self.redacted]) }
}

/// A secret given inline or as a file (`api_key` / `api_key_file`): at most one is set. The file is read
/// when the secret is needed, by `SecretReader`, so a rotated secret is picked up without a reload.
public struct SecretSource: Sendable, Hashable, CustomStringConvertible {
    public var inline: Secret?
    /// As written in the file: Alertmanager reads these relative to its working directory.
    public var file: String?

    public init(inline: Secret? = nil, file: String? = nil) {
        self.inline = inline
        self.file = file
    }

    /// Neither an inline value (an empty string counts as none, as in Go) nor a file.
    public var isEmpty: Bool { (inline?.isEmpty ?? true) && (file?.isEmpty ?? true) }

    public var description: String {
        if let file, !file.isEmpty { return "file \(file)" }
        return inline.map { _ in Secret.redacted } ?? "none"
    }
}
