import Foundation
import Routing

/// The body of `POST /api/v2/alerts` (`postableAlerts`): a JSON array of alerts, each with required
/// `labels` and optional `annotations`, `startsAt`, `endsAt` and `generatorURL`.
///
/// Read as go-swagger reads it: JSON that does not fit the model fails the whole request with 400; then the
/// spec's rules (labels required) fail it with 422. Only then does the handler see the alerts, and its own
/// validation (`PostableAlert.validate`) is per alert.
enum PostableAlerts {
    static func decode(_ bytes: [UInt8]) -> Result<[PostableAlert], RequestBodyError> {
        let parsed: Any?
        switch RequestJSON.parse(bytes, parameter: "alerts") {
        case .failure(let e): return .failure(e)
        case .success(let v): parsed = v
        }
        guard let parsed else {
            return .failure(RequestBodyError(code: RequestBodyError.requiredCode, message: "alerts in body is required"))
        }
        guard let items = parsed as? [Any] else {
            return .failure(.unreadable("alerts", "json: cannot unmarshal \(RequestJSON.kind(parsed)) into Go value of type models.PostableAlerts"))
        }
        var alerts: [PostableAlert] = []
        var problems: [(code: Int, message: String)] = []
        for (i, item) in items.enumerated() {
            if item is RequestJSONReader.Null {
                // A null element is a nil pointer in Go; go-swagger skips validating it and the handler would
                // then crash on it, so it is refused here instead.
                return .failure(.unreadable("alerts", "json: null alert at index \(i)"))
            }
            guard let object = item as? [String: Any] else {
                return .failure(.unreadable("alerts", "json: cannot unmarshal \(RequestJSON.kind(item)) into Go value of type models.PostableAlert"))
            }
            switch decodeAlert(object) {
            case .failure(let reason): return .failure(.unreadable("alerts", reason.message))
            case .success(let (alert, hasLabels)):
                if !hasLabels { problems.append((RequestBodyError.requiredCode, "\(i).labels in body is required")) }
                alerts.append(alert)
            }
        }
        if let error = RequestBodyError.validation(problems) { return .failure(error) }
        return .success(alerts)
    }

    private static func decodeAlert(_ o: [String: Any]) -> Result<(PostableAlert, Bool), FieldError> {
        let type = "PostableAlert"
        do throws(FieldError) {
            let labels = try RequestJSON.stringMap(o["labels"], field: "labels", type: type)
            let annotations = try RequestJSON.stringMap(o["annotations"], field: "annotations", type: type)
            let startsAt = try RequestJSON.date(o["startsAt"], field: "startsAt", type: type)
            let endsAt = try RequestJSON.date(o["endsAt"], field: "endsAt", type: type)
            let generatorURL = try RequestJSON.string(o["generatorURL"], field: "generatorURL", type: type)
            // Labels with an empty value are dropped before validation, as upstream's removeEmptyLabels.
            let alert = PostableAlert(labels: (labels ?? [:]).filter { !$0.value.isEmpty }, annotations: annotations ?? [:],
                                      startsAt: startsAt, endsAt: endsAt, generatorURL: generatorURL ?? "")
            return .success((alert, labels != nil))
        } catch {
            return .failure(error)
        }
    }
}
