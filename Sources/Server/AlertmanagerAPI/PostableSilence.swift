import Foundation
import Routing

/// The body of `POST /api/v2/silences` (`postableSilence`): an optional `id` (present: update that
/// silence), the matchers (at least one), start, end, author and comment (all required), annotations.
public struct PostableSilence: Sendable, Hashable {
    public var id: String
    public var matchers: [APIMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var createdBy: String
    public var comment: String
    public var annotations: [String: String]

    public init(id: String = "", matchers: [APIMatcher], startsAt: Date, endsAt: Date, createdBy: String,
                comment: String, annotations: [String: String] = [:]) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
        self.annotations = annotations
    }

    /// The silence for the store (one matcher set).
    public var silence: Silence {
        Silence(id: id, matchers: matchers.map(\.silenceMatcher), startsAt: startsAt, endsAt: endsAt,
                createdBy: createdBy, comment: comment, annotations: annotations)
    }

    /// go-swagger's reading: JSON that does not fit is a 400, then the spec's rules are checked in the
    /// generated model's order (properties alphabetically, a matcher's fields likewise) and all reported.
    static func decode(_ bytes: [UInt8]) -> Result<PostableSilence, RequestBodyError> {
        let parsed: Any?
        switch RequestJSON.parse(bytes, parameter: "silence") {
        case .failure(let e): return .failure(e)
        case .success(let v): parsed = v
        }
        guard let parsed else {
            return .failure(RequestBodyError(code: RequestBodyError.requiredCode, message: "silence in body is required"))
        }
        guard let o = parsed as? [String: Any] else {
            return .failure(.unreadable("silence", "json: cannot unmarshal \(RequestJSON.kind(parsed)) into Go value of type models.PostableSilence"))
        }
        let type = "PostableSilence"
        var problems: [(code: Int, message: String)] = []
        func required(_ field: String) { problems.append((RequestBodyError.requiredCode, "\(field) in body is required")) }
        do throws(FieldError) {
            let id = try RequestJSON.string(o["id"], field: "id", type: type) ?? ""
            let annotations = try RequestJSON.stringMap(o["annotations"], field: "annotations", type: type) ?? [:]
            let comment = try RequestJSON.string(o["comment"], field: "comment", type: type)
            let createdBy = try RequestJSON.string(o["createdBy"], field: "createdBy", type: type)
            let endsAt = try RequestJSON.date(o["endsAt"], field: "endsAt", type: type)
            let matchers = try decodeMatchers(o["matchers"], problems: &problems)
            let startsAt = try RequestJSON.date(o["startsAt"], field: "startsAt", type: type)
            if comment == nil { required("comment") }
            if createdBy == nil { required("createdBy") }
            if endsAt == nil { required("endsAt") }
            if matchers == nil { required("matchers") }
            if startsAt == nil { required("startsAt") }
            // The order above put matcher problems first; go-swagger lists them where `matchers` sorts.
            problems.sort { order($0.message) < order($1.message) }
            if let error = RequestBodyError.validation(problems) { return .failure(error) }
            guard let matchers, let startsAt, let endsAt, let createdBy, let comment else {
                return .failure(RequestBodyError(code: RequestBodyError.requiredCode, message: "silence in body is required"))
            }
            return .success(PostableSilence(id: id, matchers: matchers, startsAt: startsAt, endsAt: endsAt,
                                            createdBy: createdBy, comment: comment, annotations: annotations))
        } catch {
            return .failure(.unreadable("silence", error.message))
        }
    }

    private static func order(_ message: String) -> Int {
        for (i, field) in ["comment", "createdBy", "endsAt", "matchers", "startsAt"].enumerated() where message.hasPrefix(field) {
            return i
        }
        return 5
    }

    private static func decodeMatchers(_ value: Any?, problems: inout [(code: Int, message: String)]) throws(FieldError) -> [APIMatcher]? {
        guard let value, !(value is RequestJSONReader.Null) else { return nil }
        guard let items = value as? [Any] else {
            throw FieldError("json: cannot unmarshal \(RequestJSON.kind(value)) into Go struct field PostableSilence.matchers of type models.Matchers")
        }
        if items.isEmpty {
            problems.append((RequestBodyError.minItemsCode, "matchers in body should have at least 1 items"))
        }
        var out: [APIMatcher] = []
        for (i, item) in items.enumerated() {
            guard let m = item as? [String: Any] else {
                throw FieldError("json: cannot unmarshal \(RequestJSON.kind(item)) into Go struct field PostableSilence.matchers of type models.Matcher")
            }
            let isEqual = try RequestJSON.bool(m["isEqual"], field: "matchers.isEqual", type: "PostableSilence")
            let isRegex = try RequestJSON.bool(m["isRegex"], field: "matchers.isRegex", type: "PostableSilence")
            let name = try RequestJSON.string(m["name"], field: "matchers.name", type: "PostableSilence")
            let value = try RequestJSON.string(m["value"], field: "matchers.value", type: "PostableSilence")
            for (field, present) in [("isRegex", isRegex != nil), ("name", name != nil), ("value", value != nil)] where !present {
                problems.append((RequestBodyError.requiredCode, "matchers.\(i).\(field) in body is required"))
            }
            out.append(APIMatcher(name: name ?? "", value: value ?? "", isRegex: isRegex ?? false, isEqual: isEqual ?? true))
        }
        return out
    }
}
