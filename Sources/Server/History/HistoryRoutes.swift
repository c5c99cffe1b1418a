import Foundation
import Hummingbird
import Storage

/// Where the history API reads from: the router's database (`RouterDatabase`), or a stand-in in tests.
public protocol HistoryProvider: Sendable {
    func history(_ query: HistoryQuery) async throws -> HistoryResult
}

extension RouterDatabase: HistoryProvider {}

/// `GET /api/v1/history`: the router's alert changes and notification attempts, newest first.
///
/// Query parameters (all optional): `alertname`, `match[]` (Alertmanager matcher lists, repeatable: a
/// record is kept when one list matches), `receiver` (narrows notifications), `start` and `end` (RFC
/// 3339 or Unix seconds, as Prometheus's API), `limit` (1…10000, default 100, per list). See
/// `HistoryQuery` for the exact meaning and `AlertChangeRecord` / `NotificationAttemptRecord` for the
/// records' JSON.
///
/// Answers `{"status":"success","data":{"alerts":[...],"notifications":[...]}}`; a bad parameter is a
/// 400 in Prometheus's error shape naming it:
/// `{"status":"error","errorType":"bad_data","error":"invalid parameter \"start\": ..."}`.
public struct HistoryRoutes: HTTPRouteGroup {
    let provider: any HistoryProvider

    public init(provider: any HistoryProvider) { self.provider = provider }

    public var routes: [HTTPRoute] {
        let provider = self.provider
        return [
            HTTPRoute(.get, "/api/v1/history", handler: PrometheusCORS.wrap { request, _ in
                await Self.answer(query: request.uri.query ?? "", provider: provider)
            }),
            HTTPRoute(.options, "/api/v1/history", handler: PrometheusCORS.preflight),
        ]
    }

    static func answer(query: String, provider: any HistoryProvider) async -> Response {
        let form = FormValues(query: query)
        if let error = form.error {
            return APIError(.badData, "error parsing form values: \(error)").response
        }
        let parsed: HistoryQuery
        do {
            parsed = try HistoryQuery.parse { form.values($0) }
        } catch {
            return APIError.invalidParameter(error.parameter, error.reason).response
        }
        do {
            let result = try await provider.history(parsed)
            let data = String(decoding: try HistoryJSON.encoder().encode(result), as: UTF8.self)
            return HTTPReply.bytes(.ok, #"{"status":"success","data":"# + data + "}", headers: [.contentType: "application/json"])
        } catch {
            return APIError(.internalError, "reading the history failed: \(error)").response
        }
    }
}
