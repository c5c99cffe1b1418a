import Foundation
import Hummingbird

/// One webhook notification as it arrived: the decoded message, the body's bytes, when and where.
public struct ReceivedWebhook: Sendable {
    public var notification: WebhookNotification
    /// The request body exactly as received (for the JSON form, which keeps the sender's fields).
    public var body: [UInt8]
    public var receivedAt: Date
    /// The request's path, as the sender's `url:` named it.
    public var path: String

    public init(notification: WebhookNotification, body: [UInt8], receivedAt: Date, path: String) {
        self.notification = notification
        self.body = body
        self.receivedAt = receivedAt
        self.path = path
    }
}

/// A webhook receiver for Alertmanager's (and Vigil's) `webhook_configs`: each POST whose body is a webhook
/// message is handed to `sink` and answered 200 once the sink returns (Alertmanager counts any 2xx as
/// delivered, so a notification is printed before its sender moves on); a body that is not is answered
/// 400 with the reason, naming the field, and never reaches the sink.
///
/// By default it takes POST on every path (`/` and `/**`), since a sender's `url:` may end in any path,
/// plus `GET`/`HEAD /-/healthy`. Hummingbird matches a literal path segment before the wildcard and does
/// not fall back from it, so a path starting with `/-/` other than `/-/healthy` is not found (404). Mounted
/// beside other routes (the demo's console receiver inside `vigil run`), give it its own `paths` and no
/// health route: `WebhookReceiverRoutes(paths: ["/demo/console"], healthRoute: false) { … }`.
public struct WebhookReceiverRoutes: HTTPRouteGroup {
    public typealias Sink = @Sendable (ReceivedWebhook) async -> Void

    /// Every path: the root and the recursive wildcard (which does not match the root itself).
    public static let anyPath = ["/", "/**"]

    let paths: [String]
    let healthRoute: Bool
    let now: @Sendable () -> Date
    let sink: Sink

    public init(paths: [String] = WebhookReceiverRoutes.anyPath, healthRoute: Bool = true,
                now: @escaping @Sendable () -> Date = { Date() }, sink: @escaping Sink) {
        self.paths = paths
        self.healthRoute = healthRoute
        self.now = now
        self.sink = sink
    }

    public var routes: [HTTPRoute] {
        let receiver = self
        var out = paths.map { path in
            HTTPRoute(.post, path) { request, context in await receiver.receive(request, context) }
        }
        if healthRoute {
            out.append(HTTPRoute(.get, "/-/healthy") { _, _ in HTTPReply.text(.ok, "Vigil webhook receiver is Healthy.\n") })
            out.append(HTTPRoute(.head, "/-/healthy") { _, _ in Response(status: .ok) })
        }
        return out
    }

    func receive(_ request: Request, _ context: VigilRequestContext) async -> Response {
        let body: [UInt8]
        do {
            body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        } catch {
            return HTTPReply.text(.contentTooLarge, "request body larger than \(context.maxUploadSize) bytes\n")
        }
        let notification: WebhookNotification
        do { notification = try WebhookNotification.decode(body) } catch {
            return HTTPReply.text(.badRequest, "not an Alertmanager webhook message: \(error.message)\n")
        }
        await sink(ReceivedWebhook(notification: notification, body: body, receivedAt: now(), path: request.uri.path))
        return HTTPReply.text(.ok, "ok\n")
    }
}
