import Foundation
import TimeSeries

/// The one place the Routing target reads secret files: notifiers call it when they need a credential.
public enum SecretReader {
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "unable to read secret file \(path): \(reason)" }
    }

    /// The secret's text: the inline value, or the file's contents with surrounding whitespace trimmed
    /// (as Prometheus's HTTP client and Alertmanager's notifiers trim them).
    public static func read(_ source: SecretSource) throws(ReadError) -> String {
        if let file = source.file, !file.isEmpty {
            do {
                return try SourceFile.read(file, maxBytes: 1 << 20).trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw ReadError(path: file, reason: error.reason)
            }
        }
        return source.inline?.revealed ?? ""
    }
}
