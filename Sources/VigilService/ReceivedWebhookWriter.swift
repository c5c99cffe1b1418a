import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import Server

/// Writes each received webhook notification to standard output (as text or as a JSON line) and, when a
/// file is given, appends its JSON line there: `vigil receive`'s sink, and the demo's console.
///
/// An actor, so notifications that arrive together are written one after the other and their lines never
/// interleave. Every write goes straight to the file descriptor (no buffer to flush), one `write` call
/// per notification where the system takes it whole; the file is opened once with `O_APPEND`, so lines
/// written by another process appending to the same file stay whole too.
public actor ReceivedWebhookWriter {
    public enum Format: String, Sendable, CaseIterable {
        case text
        case json
    }

    public struct OpenError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "cannot open \(path) for appending: \(reason)" }
    }

    let format: Format
    let standardOutput: Bool
    let filePath: String?
    private var file: Int32?
    let logger: Logger

    /// Opens (creating when missing) `filePath` for appending. `standardOutput: false` only appends to the
    /// file.
    public init(format: Format, standardOutput: Bool = true, filePath: String? = nil, logger: Logger) throws(OpenError) {
        self.format = format
        self.standardOutput = standardOutput
        self.filePath = filePath
        self.logger = logger
        if let filePath {
            let fd = open(filePath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw OpenError(path: filePath, reason: String(cString: strerror(errno))) }
            file = fd
        }
    }

    public func write(_ received: ReceivedWebhook) {
        let line = NotificationPrinter.jsonLine(body: received.body, receivedAt: received.receivedAt)
        if standardOutput {
            let shown = format == .json ? line : NotificationPrinter.text(received.notification, receivedAt: received.receivedAt)
            if let reason = Self.writeAll(STDOUT_FILENO, shown) {
                logger.error("cannot write a notification to standard output", metadata: ["error": .string(reason)])
            }
        }
        if let file, let reason = Self.writeAll(file, line) {
            logger.error("cannot append a notification to the file", metadata: [
                "file": .string(filePath ?? ""), "error": .string(reason),
            ])
        }
    }

    /// Closes the file; later notifications only go to standard output.
    public func close() {
        if let file { _ = Glibc.close(file) }
        file = nil
    }

    /// Writes all of `text`, continuing after a partial write; the reason when it fails.
    static func writeAll(_ fd: Int32, _ text: String) -> String? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += n
            }
            return nil
        }
    }
}
