import Foundation
import Hummingbird

/// The outcome of the latest configuration (re)load, for `/-/reload`, `/api/v1/status` and `/metrics`.
public struct ReloadStatus: Sendable, Equatable {
    public var succeeded: Bool
    /// When the latest attempt ran.
    public var at: Date
    /// When the configuration in force was loaded.
    public var lastSuccessAt: Date
    /// Why the latest attempt failed; nil when it succeeded.
    public var error: String?

    public init(succeeded: Bool, at: Date, lastSuccessAt: Date, error: String?) {
        self.succeeded = succeeded
        self.at = at
        self.lastSuccessAt = lastSuccessAt
        self.error = error
    }
}

/// What the service lets its HTTP API do to it and tell about it.
public protocol ServiceControl: Sendable {
    /// Reads every file again; the new configuration replaces the old only if all of it loads.
    func reload() async -> ReloadStatus
    func reloadStatus() async -> ReloadStatus
    /// The configuration file and the files it loaded, for the status API.
    func loadedFiles() async -> (config: String, others: [String])
}

/// Prometheus's lifecycle endpoint and Vigil's status:
/// - `POST|PUT /-/reload`: reloads; 200 with no body on success, 500 `failed to reload config: …` on
///   failure (the previous configuration keeps running), as Prometheus answers;
/// - `GET /api/v1/status`: `{"status":"success","data":{"configFile":…,"loadedFiles":[…],
///   "reloadConfigSuccess":…,"lastConfigTime":…,"lastReloadAttempt":…,"lastReloadError":…}}`, the reload
///   fields named as in Prometheus's `/api/v1/status/runtimeinfo`, which is served too with those two.
public struct ServiceControlRoutes: HTTPRouteGroup {
    let control: any ServiceControl

    public init(control: any ServiceControl) { self.control = control }

    public var routes: [HTTPRoute] {
        let control = self.control
        let reload: HTTPHandler = { _, _ in
            let status = await control.reload()
            return status.succeeded
                ? Response(status: .ok, headers: [.contentLength: "0"])
                : HTTPReply.text(.internalServerError, "failed to reload config: \(status.error ?? "unknown error")\n")
        }
        return [
            HTTPRoute(.post, "/-/reload", handler: reload),
            HTTPRoute(.put, "/-/reload", handler: reload),
            HTTPRoute(.get, "/api/v1/status") { _, _ in
                let status = await control.reloadStatus()
                let files = await control.loadedFiles()
                return APIEnvelope.success(.object([
                    ("configFile", .string(files.config)),
                    ("loadedFiles", .array(files.others.map { .string($0) })),
                    ("reloadConfigSuccess", .bool(status.succeeded)),
                    ("lastConfigTime", .string(Self.rfc3339(status.lastSuccessAt))),
                    ("lastReloadAttempt", .string(Self.rfc3339(status.at))),
                    ("lastReloadError", status.error.map { .string($0) } ?? .null),
                ]))
            },
            HTTPRoute(.get, "/api/v1/status/runtimeinfo") { _, _ in
                let status = await control.reloadStatus()
                return APIEnvelope.success(.object([
                    ("reloadConfigSuccess", .bool(status.succeeded)),
                    ("lastConfigTime", .string(Self.rfc3339(status.lastSuccessAt))),
                ]))
            },
        ]
    }

    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
