import Foundation
import Server

/// The server's authenticator across reloads: `web.auth` as last loaded, users and token files included.
/// Without `web.auth` every request is let through.
final class ReloadableAuthenticator: RequestAuthenticator, @unchecked Sendable {
    private let lock = NSLock()
    private var current: WebAuthenticator?

    init(_ authenticator: WebAuthenticator?) { current = authenticator }

    func replace(with authenticator: WebAuthenticator?) { lock.withLock { current = authenticator } }

    func isAuthorized(_ authorization: String?) -> Bool {
        guard let current = lock.withLock({ current }) else { return true }
        return current.isAuthorized(authorization)
    }
}
