import Foundation
import Testing
import VigilTesting
@testable import Notifiers

/// Helpers the chat and paging receivers' tests share.
enum ReceiverTests {
    /// The sample group (one firing and one resolved alert) under the group key `k`.
    static func notification(resolvedOnly: Bool = false) -> Notifiers.Notification {
        var data = Fixtures.data()
        if resolvedOnly {
            data = Fixtures.data(alerts: data.alerts.filter { $0.status == "resolved" })
        }
        return Notifiers.Notification(data: data, groupKey: "{}:{alertname=\"DiskFull\"}")
    }

    /// The error of one notification answered with `status` (nil when it succeeded).
    static func outcome(of notifier: any Notifier, server: LoopbackHTTPServer, status: Int,
                        body: String = "", contentType: String = "text/plain") async -> NotifyError? {
        server.enqueue(.text(body, status: status, contentType: contentType))
        do {
            _ = try await notifier.notify(notification())
            return nil
        } catch let error as NotifyError {
            return error
        } catch {
            return NotifyError(retryable: false, message: "unexpected error \(error)")
        }
    }

    /// The request's body as a JSON object.
    static func object(_ request: RecordedRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    /// A file holding `contents` in a new temporary folder; `removeTemporaryFile` deletes both.
    static func temporaryFile(_ contents: String) throws -> String {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("secret").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func removeTemporaryFile(_ path: String) {
        try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
    }
}
