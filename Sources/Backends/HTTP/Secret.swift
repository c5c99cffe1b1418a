import Foundation

/// A secret written in the configuration (a password, a token). It prints and encodes as `<secret>`, as
/// Prometheus's `config.Secret` marshals, so a dumped configuration, a log line or an error never shows it.
public struct Secret: Sendable, Hashable, Codable, CustomStringConvertible, CustomDebugStringConvertible,
    ExpressibleByStringLiteral
{
    /// The secret itself: read it only to put it on the wire.
    public let value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    public static let redacted = "<secret>"

    public var description: String { Self.redacted }
    public var debugDescription: String { Self.redacted }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value.isEmpty ? "" : Self.redacted)
    }
}
