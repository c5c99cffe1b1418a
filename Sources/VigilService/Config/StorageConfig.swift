/// `storage:` — where Vigil keeps state that must survive a restart (alert states and `for` timers; the
/// router's silences, notification log and history). Without it, state lives in memory only.
public struct StorageConfig: Sendable, Hashable, Decodable {
    public var path: String

    enum CodingKeys: String, CodingKey { case path }

    public init(path: String) { self.path = path }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        guard !path.isEmpty else { throw DecodingError.dataCorruptedError(forKey: .path, in: c, debugDescription: "path must not be empty") }
    }
}
